// One account's view: its facts, open deals, open service cases, contacts with CUTE roles and recent activities, in the
// user's language.
import { Button, Link } from '@fluentui/react-components';
import { useEffect, useMemo, useRef, type ReactNode } from 'react';
import { formatMoney } from '../../src/core/money-format';
import type { ApiError } from '../shared/api';
import type { Locale } from '../shared/strings';
import { useTab } from '../shared/tab-context';
import { useLoad } from '../shared/use-load';
import { casesTranslator, type CasesTranslate } from '../cases/cases.strings';
import type { ActivityBody, ContactBody, HomeApi, OpportunityCard, QueueItem } from './accounts.api';
import { accountTranslator, keyFor, type AccountTranslate } from './account.strings';
import { Details } from './details';
import { homeTranslator } from './home.strings';

function Part({ heading, empty, children }: { heading: string; empty: string; children: ReactNode[] }) {
  return (
    <section className="account-part">
      <h3>{heading}</h3>
      {children.length === 0 ? <p className="status">{empty}</p> : <ul className="account-items">{children}</ul>}
    </section>
  );
}

function Item({ primary, secondary, link }: { primary: string; secondary: string; link?: string }) {
  return (
    <li className="account-item">
      {link ? (
        <Link className="item-primary" href={link}>
          {primary}
        </Link>
      ) : (
        <span className="item-primary">{primary}</span>
      )}
      {secondary ? <span className="item-secondary">{secondary}</span> : null}
    </li>
  );
}

const joined = (parts: (string | undefined)[]) => parts.filter(Boolean).join(' · ');
/** A `YYYY-MM-DD` calendar date as the user's own day. */
const calendarDay = (date: string) => new Date(`${date}T00:00:00`);

function contactItem(contact: ContactBody, at: AccountTranslate) {
  const role = keyFor('role', contact.cuteRole);
  return (
    <Item key={contact.id} primary={contact.name} secondary={joined([contact.title, role && at(role), contact.email ?? contact.phone])} />
  );
}

function activityItem(activity: ActivityBody, at: AccountTranslate, day: Intl.DateTimeFormat) {
  const type = keyFor('activity', activity.type);
  const followUp =
    activity.followUpOn && !activity.followUpDone ? at('followUp', { date: day.format(calendarDay(activity.followUpOn)) }) : undefined;
  return (
    <Item
      key={activity.id}
      primary={activity.subject}
      secondary={joined([type && at(type), day.format(new Date(activity.occurredAt)), activity.authorName, followUp])}
    />
  );
}

function dealItem(deal: OpportunityCard, stage: string, at: AccountTranslate, locale: Locale, day: Intl.DateTimeFormat) {
  const amount = formatMoney(deal.amount, deal.currency, locale, 'compact');
  const closes = at('closes', { date: day.format(calendarDay(deal.expectedCloseDate)) });
  return (
    <Item
      key={deal.id}
      primary={deal.title}
      secondary={[amount, stage, closes, deal.ownerName].join(' · ')}
      link={`../pipeline/?opportunity=${encodeURIComponent(deal.id)}`}
    />
  );
}

/** A case links into the cases tab, which opens it (`?case=1042`). */
function caseItem(item: QueueItem, ct: CasesTranslate) {
  return (
    <Item
      key={item.number}
      primary={`C-${item.number} · ${item.title}`}
      secondary={joined([ct(`type.${item.type}`), ct(`priority.${item.priority}`), ct(`status.${item.status}`), item.ownerName])}
      link={`../cases/index.html?case=${item.number}`}
    />
  );
}

const isNotFound = (error: ApiError | undefined) => error?.code === 'NOT_FOUND' || error?.code === 'VALIDATION_FAILED';

interface AccountViewProps {
  api: HomeApi;
  id: string;
  onBack(): void;
  /** A failure to show in the page's alert (an unknown account is said in the view itself). */
  onError(error: ApiError): void;
  /** The view has shown what it loaded, or why it could not. */
  onSettled(): void;
}

export function AccountView({ api, id, onBack, onError, onSettled }: AccountViewProps) {
  const { locale } = useTab();
  const t = useMemo(() => homeTranslator(locale), [locale]);
  const at = useMemo(() => accountTranslator(locale), [locale]);
  const ct = useMemo(() => casesTranslator(locale), [locale]);
  const day = useMemo(() => new Intl.DateTimeFormat(locale, { dateStyle: 'medium' }), [locale]);
  const workspace = useLoad(() => api.accountWorkspace(id), id);
  const heading = useRef<HTMLHeadingElement>(null);
  const notFound = isNotFound(workspace.error);

  useEffect(() => {
    if (workspace.data) heading.current?.focus();
  }, [workspace.data]);
  useEffect(() => {
    if (workspace.error && !isNotFound(workspace.error)) onError(workspace.error);
  }, [onError, workspace.error]);
  useEffect(() => {
    if (!workspace.loading) onSettled();
  }, [onSettled, workspace.loading]);

  const status = workspace.loading ? at('loadingAccount') : notFound ? at('notFound') : '';
  const data = workspace.loading ? undefined : workspace.data;
  let body: ReactNode = null;
  if (data) {
    const { account, contacts, activities, deals, stages, cases } = data;
    const stageName = (stageId: string) => stages.find((stage) => stage.id === stageId)?.name[locale] ?? stageId;
    const type = keyFor('type', account.type);
    const size = keyFor('size', account.size);
    body = (
      <>
        <section className="account-part">
          <h3>{at('facts')}</h3>
          <Details
            pairs={[
              [t('industryLabel'), account.industry],
              [t('regionLabel'), account.region],
              [at('type'), type && at(type)],
              [at('size'), size && at(size)],
              [t('ownerLabel'), account.ownerName || account.ownerId],
              [at('team'), account.team],
              [at('tags'), account.tags.join(', ')],
              [at('website'), account.website],
              [at('phone'), account.phone],
              [at('address'), account.address],
            ]}
          />
        </section>
        <Part heading={at('deals', { count: deals.count })} empty={at('noDeals')}>
          {deals.items.map((deal) => dealItem(deal, stageName(deal.stageId), at, locale, day))}
        </Part>
        <Part heading={ct('accountCases', { count: cases.length })} empty={ct('accountNoCases')}>
          {cases.map((item) => caseItem(item, ct))}
        </Part>
        <Part heading={at('contacts')} empty={at('noContacts')}>
          {contacts.map((contact) => contactItem(contact, at))}
        </Part>
        <Part heading={at('activities')} empty={at('noActivities')}>
          {activities.map((activity) => activityItem(activity, at, day))}
        </Part>
      </>
    );
  }

  return (
    <section id="account-view" className="panel account-view" aria-labelledby="account-view-heading">
      <Button id="account-back" className="back" onClick={onBack}>
        {at('back')}
      </Button>
      <h2 id="account-view-heading" tabIndex={-1} ref={heading}>
        {data?.account.name ?? ''}
      </h2>
      <p id="account-view-status" className="status" role="status">
        {status}
      </p>
      <div id="account-view-body" className="account-view-body">
        {body}
      </div>
    </section>
  );
}
