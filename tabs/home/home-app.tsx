// The home tab: the tenant's accounts, a name search, a new-account form, and one account's view (`?account=<id>` or the
// deep link's `account:<id>`), with one alert for what went wrong.
import { MessageBar, MessageBarBody } from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../shared/api';
import { describeError, useTab } from '../shared/tab-context';
import { AccountListPanel } from './account-list';
import { AccountView } from './account-view';
import { createHomeApi, type HomeApi } from './accounts.api';
import { homeTranslator } from './home.strings';
import { NewAccountForm } from './new-account-form';
import { useAccountList } from './use-account-list';

/** The account a link opens: `?account=<id>`, or Teams' sub-page id `account:<id>` from a deep link. */
function linkedAccount(subPageId?: string): string | undefined {
  const fromSubPage = subPageId?.startsWith('account:') ? subPageId.slice('account:'.length) : undefined;
  return new URLSearchParams(window.location.search).get('account') || fromSubPage || undefined;
}

/** The list and the form; mounted once the list is first shown, and kept (hidden) while an account is open. */
interface AccountHomeProps {
  api: HomeApi;
  hidden: boolean;
  onOpen(id: string, href: string): void;
  onAlert(message: string | ApiError | undefined): void;
  onSettled(): void;
}

function AccountHome({ api, hidden, onOpen, onAlert, onSettled }: AccountHomeProps) {
  const list = useAccountList(api, { onError: onAlert, onSettled });
  return (
    <div id="account-home" hidden={hidden}>
      <NewAccountForm api={api} onCreated={list.added} onAlert={onAlert} />
      <AccountListPanel list={list} onOpen={onOpen} />
    </div>
  );
}

export function HomeApp() {
  const { host, locale, request, t: common } = useTab();
  const t = useMemo(() => homeTranslator(locale), [locale]);
  const api = useMemo(() => createHomeApi(request), [request]);
  const [accountId, setAccountId] = useState(() => linkedAccount(host.subPageId));
  const [listShown, setListShown] = useState(accountId === undefined);
  const [alert, setAlert] = useState('');

  const onAlert = useCallback(
    (message: string | ApiError | undefined) => {
      if (message instanceof ApiError) setAlert(describeError(message, common));
      else setAlert(message ?? '');
    },
    [common],
  );
  // Teams shows its own loading screen until the first view has loaded (or failed to).
  const readied = useRef(false);
  const onSettled = useCallback(() => {
    if (readied.current) return;
    readied.current = true;
    host.ready();
  }, [host]);

  /** Shows what the address names: one account, or the list. */
  const route = useCallback((id: string | undefined) => {
    setAccountId(id);
    setAlert('');
    if (id === undefined) setListShown(true);
  }, []);
  useEffect(() => {
    const onPop = () => route(linkedAccount());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, [route]);

  const open = useCallback(
    (id: string, href: string) => {
      history.pushState(null, '', href);
      route(id);
    },
    [route],
  );
  const back = useCallback(() => {
    history.pushState(null, '', window.location.pathname);
    route(undefined);
  }, [route]);

  return (
    <div className="home-app">
      <header className="app-header">
        <h1>{common('appTitle')}</h1>
        <p className="tagline">{t('tagline')}</p>
      </header>
      <main className="content">
        <div id="alert" className="alert" role="alert">
          {alert ? (
            <MessageBar intent="error" layout="multiline">
              <MessageBarBody>{alert}</MessageBarBody>
            </MessageBar>
          ) : null}
        </div>
        {accountId !== undefined ? (
          <AccountView key={accountId} api={api} id={accountId} onBack={back} onError={onAlert} onSettled={onSettled} />
        ) : null}
        {listShown ? (
          <AccountHome api={api} hidden={accountId !== undefined} onOpen={open} onAlert={onAlert} onSettled={onSettled} />
        ) : null}
      </main>
    </div>
  );
}
