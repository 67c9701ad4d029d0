// The home tab's account list: pages of the tenant's accounts, a debounced name search over them, and an account just
// created put on top; what the list shows and says, and whether it is busy.
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { ApiError } from '../shared/api';
import { useTab } from '../shared/tab-context';
import { useTabFailure } from '../shared/tab-error-boundary';
import type { AccountBody, AccountHit, HomeApi } from './accounts.api';
import { homeTranslator } from './home.strings';

export const pageSize = 50;
const searchDelayMs = 300;

/** A search match the page has not loaded in full shows its name only. */
export type ListedAccount = AccountBody | AccountHit;

interface ListEvents {
  /** A failure to show in the page's alert; `undefined` clears it. */
  onError(error: ApiError | undefined): void;
  /** The first page has arrived, or failed to. */
  onSettled(): void;
}

export function useAccountList(api: HomeApi, { onError, onSettled }: ListEvents) {
  const { locale } = useTab();
  const t = useMemo(() => homeTranslator(locale), [locale]);
  const fail = useTabFailure();
  const [accounts, setAccounts] = useState<AccountBody[]>([]);
  const [matches, setMatches] = useState<AccountHit[] | undefined>();
  const [continuationToken, setContinuationToken] = useState<string | undefined>();
  // Busy until the first page is in, so nobody reads an empty list as "no accounts".
  const [busy, setBusy] = useState(true);
  const [loadingPage, setLoadingPage] = useState(false);
  const [status, setStatus] = useState(t('loading'));
  const [searchText, setSearchText] = useState('');
  /** Where keyboard users continue after "Load more" (the first new account), once it is on screen. */
  const [focusIndex, setFocusIndex] = useState<number | undefined>();
  const state = useRef({ accounts, continuationToken, query: '' });
  state.current.accounts = accounts;
  state.current.continuationToken = continuationToken;
  const searchAbort = useRef<AbortController | undefined>(undefined);
  const searchTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);

  const sayShown = useCallback(
    (shown: AccountBody[]) => setStatus(shown.length === 0 ? t('empty') : t('shown', { count: shown.length })),
    [t],
  );

  const loadPage = useCallback(
    async (moveFocus = false) => {
      setBusy(true);
      setLoadingPage(true);
      const before = state.current.accounts.length;
      if (before === 0) setStatus(t('loading'));
      try {
        const page = await api.listAccounts(pageSize, state.current.continuationToken);
        // An account created here may come round again on a later page.
        const known = new Set(state.current.accounts.map((account) => account.id));
        const merged = [...state.current.accounts, ...page.items.filter((account) => !known.has(account.id))];
        state.current.accounts = merged;
        state.current.continuationToken = page.continuationToken || undefined;
        setAccounts(merged);
        setContinuationToken(page.continuationToken || undefined);
        onError(undefined);
        if (state.current.query) return;
        sayShown(merged);
        if (moveFocus && merged.length > before) setFocusIndex(before);
      } catch (error) {
        if (!(error instanceof ApiError)) return fail(error);
        onError(error);
        if (state.current.accounts.length === 0) setStatus('');
      } finally {
        if (!state.current.query) setBusy(false);
        setLoadingPage(false);
      }
    },
    [api, fail, onError, sayShown, t],
  );

  const runSearch = useCallback(
    async (prefix: string) => {
      searchAbort.current?.abort();
      state.current.query = prefix;
      if (!prefix) {
        setBusy(false);
        setMatches(undefined);
        sayShown(state.current.accounts);
        return;
      }
      const controller = new AbortController();
      searchAbort.current = controller;
      setBusy(true);
      try {
        const found = await api.searchAccounts(prefix, pageSize, controller.signal);
        if (controller.signal.aborted) return;
        onError(undefined);
        setMatches(found);
        setStatus(found.length === 0 ? t('noMatches', { query: prefix }) : t('shown', { count: found.length }));
      } catch (error) {
        if (controller.signal.aborted) return;
        if (!(error instanceof ApiError)) return fail(error);
        onError(error);
      } finally {
        if (searchAbort.current === controller) setBusy(false);
      }
    },
    [api, fail, onError, sayShown, t],
  );

  const search = (text: string) => {
    setSearchText(text);
    clearTimeout(searchTimer.current);
    searchTimer.current = setTimeout(() => void runSearch(text.trim()), searchDelayMs);
  };

  /** An account created on this page goes on top of the full list, so a search in progress ends. */
  const added = (account: AccountBody) => {
    const next = [account, ...state.current.accounts.filter((known) => known.id !== account.id)];
    state.current.accounts = next;
    state.current.query = '';
    clearTimeout(searchTimer.current);
    searchAbort.current?.abort();
    setAccounts(next);
    setMatches(undefined);
    setSearchText('');
    setBusy(false);
    setStatus(t('created', { name: account.name }));
  };

  const loadedOnce = useRef(false);
  useEffect(() => {
    if (loadedOnce.current) return;
    loadedOnce.current = true;
    void loadPage().finally(onSettled);
  }, [loadPage, onSettled]);
  useEffect(() => () => clearTimeout(searchTimer.current), []);

  const loaded = useMemo(() => new Map(accounts.map((account) => [account.id, account])), [accounts]);
  const shown: ListedAccount[] = matches ? matches.map((match) => loaded.get(match.accountId) ?? match) : accounts;
  return {
    shown,
    status,
    busy,
    searchText,
    search,
    added,
    /** Another page exists, and the list (not a search) is shown. */
    hasMore: continuationToken !== undefined && !matches,
    loadingPage,
    loadMore: (moveFocus: boolean) => void loadPage(moveFocus),
    focusIndex,
    focusDone: () => setFocusIndex(undefined),
  };
}

export type AccountList = ReturnType<typeof useAccountList>;
