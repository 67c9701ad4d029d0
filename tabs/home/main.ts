// The home tab: the tenant's accounts, a name search, a new-account form, and one account's view (`?account=<id>`
// or the deep link's `account:<id>`), in the user's language and Teams theme.
import { ApiError, createApi, createRequest, type Account, type AccountName } from '../shared/api';
import { localisePage, resolveLocale, translator, type Translate } from '../shared/strings';
import { applyTheme, connectHost } from '../shared/teams-context';
import { loadAccountWorkspace } from './account.api';
import { accountTranslator } from './account.strings';
import { renderAccountWorkspace } from './account-view';
import { byId, element } from './dom';

const pageSize = 50;
const searchDelayMs = 300;

const view = {
  alert: byId<HTMLDivElement>('alert'),
  form: byId<HTMLFormElement>('new-account'),
  name: byId<HTMLInputElement>('account-name'),
  industry: byId<HTMLInputElement>('account-industry'),
  region: byId<HTMLInputElement>('account-region'),
  create: byId<HTMLButtonElement>('create-account'),
  search: byId<HTMLInputElement>('account-search'),
  status: byId<HTMLParagraphElement>('list-status'),
  list: byId<HTMLUListElement>('account-list'),
  loadMore: byId<HTMLButtonElement>('load-more'),
  home: byId<HTMLDivElement>('account-home'),
  account: byId<HTMLElement>('account-view'),
  accountBack: byId<HTMLButtonElement>('account-back'),
  accountHeading: byId<HTMLHeadingElement>('account-view-heading'),
  accountStatus: byId<HTMLParagraphElement>('account-view-status'),
  accountBody: byId<HTMLDivElement>('account-view-body'),
};

/** The account a link opens: `?account=<id>`, or Teams' sub-page id `account:<id>` from a deep link. */
function linkedAccount(subPageId?: string): string | undefined {
  const fromSubPage = subPageId?.startsWith('account:') ? subPageId.slice('account:'.length) : undefined;
  return new URLSearchParams(location.search).get('account') || fromSubPage || undefined;
}

/** One list entry, whose name opens the account; a search match the page has not loaded in full shows its name only. */
function accountItem(entry: Account | AccountName, t: Translate): HTMLLIElement {
  const item = element('li', 'account');
  const name = element('h3', 'account-name');
  const link = element('a', '', entry.name);
  link.href = `?account=${encodeURIComponent('id' in entry ? entry.id : entry.accountId)}`;
  name.append(link);
  item.append(name);
  if (!('id' in entry)) return item;
  item.dataset.accountId = entry.id;
  const details = element('dl', 'account-details');
  const fields: [string, string | undefined][] = [
    [t('industryLabel'), entry.industry],
    [t('regionLabel'), entry.region],
    [t('ownerLabel'), entry.ownerName || entry.ownerId],
  ];
  for (const [label, value] of fields) {
    const pair = element('div', 'detail');
    pair.append(element('dt', '', label), element('dd', value ? '' : 'missing', value || '—'));
    details.append(pair);
  }
  item.append(details);
  return item;
}

function describe(error: unknown, t: Translate): string {
  if (!(error instanceof ApiError)) return t('unexpected');
  if (error.message) return error.message;
  if (error.code === 'NETWORK') return t('networkError');
  if (error.code === 'SIGN_IN_FAILED') return t('signInFailed');
  return t('httpError', { status: error.status });
}

async function start(): Promise<void> {
  const host = await connectHost();
  const t = translator(host.locale);
  localisePage(host.locale);
  applyTheme(host.theme);
  host.onThemeChange(applyTheme);
  const api = createApi({ locale: host.locale, token: () => host.token() });

  let accounts: Account[] = [];
  let continuationToken: string | undefined;
  let query = '';
  let searchTimer: ReturnType<typeof setTimeout> | undefined;
  let searchAbort: AbortController | undefined;

  const showError = (error: unknown) => {
    if (!(error instanceof ApiError)) console.error(error);
    view.alert.textContent = describe(error, t);
  };
  const clearError = () => {
    view.alert.textContent = '';
  };
  const setBusy = (busy: boolean) => {
    view.list.setAttribute('aria-busy', String(busy));
    if (busy && view.list.childElementCount === 0) view.status.textContent = t('loading');
  };

  const renderAccounts = () => {
    view.list.replaceChildren(...accounts.map((account) => accountItem(account, t)));
    view.status.textContent = accounts.length === 0 ? t('empty') : t('shown', { count: accounts.length });
    view.loadMore.hidden = continuationToken === undefined;
  };

  const renderMatches = (prefix: string, matches: AccountName[]) => {
    const loaded = new Map(accounts.map((account) => [account.id, account]));
    view.list.replaceChildren(...matches.map((match) => accountItem(loaded.get(match.accountId) ?? match, t)));
    view.status.textContent = matches.length === 0 ? t('noMatches', { query: prefix }) : t('shown', { count: matches.length });
    view.loadMore.hidden = true;
  };

  const loadPage = async () => {
    // Read before disabling the button, which takes the focus away from it.
    const hadFocus = document.activeElement === view.loadMore;
    setBusy(true);
    view.loadMore.disabled = true;
    const before = accounts.length;
    try {
      const page = await api.listAccounts(pageSize, continuationToken);
      // An account created here may come round again on a later page.
      const known = new Set(accounts.map((account) => account.id));
      accounts = [...accounts, ...page.items.filter((account) => !known.has(account.id))];
      continuationToken = page.continuationToken || undefined;
      clearError();
      if (query) return;
      renderAccounts();
      // The button may now be hidden; keyboard users continue at the first new account instead.
      const firstNew = view.list.children[before]?.querySelector<HTMLElement>('.account-name');
      if (hadFocus && firstNew) {
        firstNew.tabIndex = -1;
        firstNew.focus();
      }
    } catch (error) {
      showError(error);
      if (accounts.length === 0) view.status.textContent = '';
    } finally {
      setBusy(false);
      view.loadMore.disabled = false;
    }
  };

  const runSearch = async (prefix: string) => {
    searchAbort?.abort();
    query = prefix;
    if (!prefix) {
      setBusy(false);
      renderAccounts();
      return;
    }
    const controller = new AbortController();
    searchAbort = controller;
    setBusy(true);
    try {
      const matches = await api.searchAccounts(prefix, pageSize, controller.signal);
      if (controller.signal.aborted) return;
      clearError();
      renderMatches(prefix, matches);
    } catch (error) {
      if (!controller.signal.aborted) showError(error);
    } finally {
      if (searchAbort === controller) setBusy(false);
    }
  };

  const createAccount = async () => {
    const name = view.name.value.trim();
    if (!name) {
      view.alert.textContent = t('nameRequired');
      view.name.setAttribute('aria-invalid', 'true');
      view.name.focus();
      return;
    }
    const optional = (input: HTMLInputElement) => input.value.trim() || undefined;
    view.create.disabled = true;
    view.create.textContent = t('creating');
    try {
      const account = await api.createAccount({ name, industry: optional(view.industry), region: optional(view.region) });
      accounts = [account, ...accounts.filter((known) => known.id !== account.id)];
      view.form.reset();
      view.name.removeAttribute('aria-invalid');
      clearError();
      // The new account goes on top of the full list, so a search in progress ends.
      clearTimeout(searchTimer);
      searchAbort?.abort();
      view.search.value = '';
      query = '';
      setBusy(false);
      renderAccounts();
      view.status.textContent = t('created', { name: account.name });
    } catch (error) {
      if (error instanceof ApiError && error.code === 'ALREADY_EXISTS') view.name.setAttribute('aria-invalid', 'true');
      showError(error);
    } finally {
      view.create.disabled = false;
      view.create.textContent = t('createButton');
      view.name.focus();
    }
  };

  view.form.addEventListener('submit', (event) => {
    event.preventDefault();
    void createAccount();
  });
  view.name.addEventListener('input', () => view.name.removeAttribute('aria-invalid'));
  view.search.addEventListener('input', () => {
    clearTimeout(searchTimer);
    searchTimer = setTimeout(() => void runSearch(view.search.value.trim()), searchDelayMs);
  });
  view.loadMore.addEventListener('click', () => void loadPage());

  const at = accountTranslator(host.locale);
  const request = createRequest({ locale: host.locale, token: () => host.token() });
  let listLoaded = false;
  let accountAbort: AbortController | undefined;

  const showAccount = async (id: string) => {
    accountAbort?.abort();
    const controller = new AbortController();
    accountAbort = controller;
    view.home.hidden = true;
    view.account.hidden = false;
    view.accountHeading.textContent = '';
    view.accountBody.replaceChildren();
    view.accountStatus.textContent = at('loadingAccount');
    clearError();
    try {
      const workspace = await loadAccountWorkspace(request, id, controller.signal);
      if (controller.signal.aborted) return;
      view.accountHeading.textContent = workspace.account.name;
      view.accountStatus.textContent = '';
      view.accountBody.replaceChildren(...renderAccountWorkspace(workspace, t, host.locale));
      view.accountHeading.focus();
    } catch (error) {
      if (controller.signal.aborted) return;
      view.accountStatus.textContent = '';
      if (error instanceof ApiError && (error.code === 'NOT_FOUND' || error.code === 'VALIDATION_FAILED')) view.accountStatus.textContent = at('notFound');
      else showError(error);
    }
  };

  const showList = async () => {
    accountAbort?.abort();
    view.account.hidden = true;
    view.home.hidden = false;
    clearError();
    if (!listLoaded) {
      listLoaded = true;
      await loadPage();
    }
  };

  /** Shows what the address names: one account, or the list. */
  const route = (subPageId?: string) => {
    const id = linkedAccount(subPageId);
    return id ? showAccount(id) : showList();
  };

  view.list.addEventListener('click', (event) => {
    const link = (event.target as HTMLElement).closest<HTMLAnchorElement>('.account-name a');
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
    event.preventDefault();
    history.pushState(null, '', link.href);
    void route();
  });
  view.accountBack.textContent = at('back');
  view.accountBack.addEventListener('click', () => {
    history.pushState(null, '', location.pathname);
    void route();
  });
  window.addEventListener('popstate', () => void route());

  await route(host.subPageId);
  host.ready();
}

start().catch((error: unknown) => {
  console.error(error);
  view.alert.textContent = translator(resolveLocale(navigator.language))('unexpected');
});
