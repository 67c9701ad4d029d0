// The home tab's account view: an account's facts, contacts with CUTE roles, recent activities and open deals.
import { formatMoney } from '../../src/core/money-format';
import type { Locale, Translate } from '../shared/strings';
import type { AccountWorkspace, ActivityRecord, ContactRecord, DealCard } from './account.api';
import { accountTranslator, keyFor, type AccountTranslate } from './account.strings';
import { details, element } from './dom';

function section(heading: string, items: HTMLElement[], empty: string): HTMLElement {
  const part = element('section', 'account-part');
  const title = element('h3', '', heading);
  part.append(title);
  if (items.length === 0) {
    part.append(element('p', 'status', empty));
    return part;
  }
  const list = element('ul', 'account-items');
  list.append(...items);
  part.append(list);
  return part;
}

function item(primary: string, secondary: string, link?: string): HTMLLIElement {
  const entry = element('li', 'account-item');
  if (link) {
    const anchor = element('a', 'item-primary', primary);
    anchor.href = link;
    entry.append(anchor);
  } else {
    entry.append(element('span', 'item-primary', primary));
  }
  if (secondary) entry.append(element('span', 'item-secondary', secondary));
  return entry;
}

function contactItem(contact: ContactRecord, at: AccountTranslate): HTMLLIElement {
  const role = keyFor('role', contact.cuteRole);
  return item(contact.name, [contact.title, role && at(role), contact.email ?? contact.phone].filter(Boolean).join(' · '));
}

function activityItem(activity: ActivityRecord, at: AccountTranslate, day: Intl.DateTimeFormat): HTMLLIElement {
  const type = keyFor('activity', activity.type);
  const followUp = activity.followUpOn && !activity.followUpDone ? at('followUp', { date: day.format(new Date(`${activity.followUpOn}T00:00:00`)) }) : undefined;
  return item(activity.subject, [type && at(type), day.format(new Date(activity.occurredAt)), activity.authorName, followUp].filter(Boolean).join(' · '));
}

function dealItem(deal: DealCard, stage: string, at: AccountTranslate, locale: Locale, day: Intl.DateTimeFormat): HTMLLIElement {
  const amount = formatMoney(deal.amount, deal.currency, locale, 'compact');
  const closes = at('closes', { date: day.format(new Date(`${deal.expectedCloseDate}T00:00:00`)) });
  return item(deal.title, [amount, stage, closes, deal.ownerName].join(' · '), `../pipeline/?opportunity=${encodeURIComponent(deal.id)}`);
}

/** Everything below the view's heading, in the user's language. */
export function renderAccountWorkspace(workspace: AccountWorkspace, t: Translate, locale: Locale): HTMLElement[] {
  const at = accountTranslator(locale);
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const { account, contacts, activities, deals, stages } = workspace;
  const stageName = (id: string) => stages.find((stage) => stage.id === id)?.name[locale] ?? id;
  const type = keyFor('type', account.type);
  const size = keyFor('size', account.size);
  const facts = element('section', 'account-part');
  facts.append(
    element('h3', '', at('facts')),
    details([
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
    ]),
  );
  return [
    facts,
    section(at('deals', { count: deals.count }), deals.items.map((deal) => dealItem(deal, stageName(deal.stageId), at, locale, day)), at('noDeals')),
    section(at('contacts'), contacts.map((contact) => contactItem(contact, at)), at('noContacts')),
    section(at('activities'), activities.map((activity) => activityItem(activity, at, day)), at('noActivities')),
  ];
}
