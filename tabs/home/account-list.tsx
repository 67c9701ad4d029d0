// The accounts panel: a name search, the list (each name opens the account) and "Load more".
import { Button, Field, Input, Link } from '@fluentui/react-components';
import { useEffect, useMemo, useRef, type MouseEvent } from 'react';
import { useTab } from '../shared/tab-context';
import { Details } from './details';
import { homeTranslator, type HomeTranslate } from './home.strings';
import type { AccountList, ListedAccount } from './use-account-list';

const idOf = (entry: ListedAccount) => ('id' in entry ? entry.id : entry.accountId);

function AccountEntry({
  entry,
  t,
  onOpen,
}: {
  entry: ListedAccount;
  t: HomeTranslate;
  onOpen(event: MouseEvent<HTMLAnchorElement>, id: string): void;
}) {
  const id = idOf(entry);
  return (
    <li className="account" data-account-id={'id' in entry ? entry.id : undefined}>
      {/* Focusable by script only: keyboard users continue here after "Load more". */}
      <h3 className="account-name" tabIndex={-1}>
        <Link href={`?account=${encodeURIComponent(id)}`} onClick={(event) => onOpen(event, id)}>
          {entry.name}
        </Link>
      </h3>
      {'id' in entry ? (
        <Details
          missing="—"
          pairs={[
            [t('industryLabel'), entry.industry],
            [t('regionLabel'), entry.region],
            [t('ownerLabel'), entry.ownerName || entry.ownerId],
          ]}
        />
      ) : null}
    </li>
  );
}

interface AccountListPanelProps {
  list: AccountList;
  /** Opens an account in this page (a plain click; with a modifier key the browser opens the link as it likes). */
  onOpen(id: string, href: string): void;
}

export function AccountListPanel({ list, onOpen }: AccountListPanelProps) {
  const { locale } = useTab();
  const t = useMemo(() => homeTranslator(locale), [locale]);
  const items = useRef<HTMLUListElement>(null);

  const { focusIndex, focusDone } = list;
  useEffect(() => {
    if (focusIndex === undefined) return;
    // "Load more" may now be gone; keyboard users continue at the first new account instead.
    items.current?.children[focusIndex]?.querySelector<HTMLElement>('.account-name')?.focus();
    focusDone();
  }, [focusIndex, focusDone]);

  const open = (event: MouseEvent<HTMLAnchorElement>, id: string) => {
    if (event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    onOpen(id, event.currentTarget.href);
  };

  return (
    <section className="panel" aria-labelledby="accounts-heading">
      <h2 id="accounts-heading">{t('accountsHeading')}</h2>
      <Field className="search" label={t('searchLabel')}>
        <Input
          id="account-search"
          type="search"
          maxLength={200}
          autoComplete="off"
          placeholder={t('searchPlaceholder')}
          value={list.searchText}
          onChange={(_event, data) => list.search(data.value)}
        />
      </Field>
      <p id="list-status" className="status" role="status">
        {list.status}
      </p>
      <ul id="account-list" ref={items} className="accounts" aria-labelledby="accounts-heading" aria-busy={list.busy}>
        {list.shown.map((entry) => (
          <AccountEntry key={idOf(entry)} entry={entry} t={t} onOpen={open} />
        ))}
      </ul>
      {list.hasMore ? (
        <Button
          id="load-more"
          className="load-more"
          disabledFocusable={list.loadingPage}
          onClick={(event) => list.loadMore(document.activeElement === event.currentTarget)}
        >
          {t('loadMore')}
        </Button>
      ) : null}
    </section>
  );
}
