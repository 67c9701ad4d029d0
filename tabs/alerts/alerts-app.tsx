// The alerts tab, the rule builder: the tenant's rules and one rule's form beside them (in their place on a phone, or
// in a dialog opened from the chat, which a save closes). Managers and admins change rules; everyone else reads them.
import { Button, MessageBar, MessageBarBody, MessageBarTitle, Spinner } from '@fluentui/react-components';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { NoticeBar } from '../shared/notice-bar';
import { useTab } from '../shared/tab-context';
import { useLoad } from '../shared/use-load';
import { useMatches } from '../shared/use-matches';
import { ViewError } from '../shared/view-error';
import { createAlertsApi, type RuleBody } from './alerts.api';
import { AlertsContext, type AlertsTools, type Notice } from './alerts.context';
import { readPlace, submitDialog } from './alerts-place';
import { alertsTranslator } from './alerts.strings';
import { RuleList } from './rule-list';
import { RulePane } from './rule-pane';
import { ruleWords } from './rule-words';

type Pane = { kind: 'rule'; id: string } | { kind: 'new' };

/** Below this width the rule's pane takes the list's place, with a way back. */
const narrowQuery = '(max-width: 760px)';
const editorRoles = new Set(['manager', 'admin']);

export function AlertsApp() {
  const { host, locale, request } = useTab();
  const place = useMemo(() => readPlace(host, new URLSearchParams(window.location.search)), [host]);
  const api = useMemo(() => createAlertsApi(request), [request]);
  const t = useMemo(() => alertsTranslator(locale), [locale]);
  const [refreshKey, setRefreshKey] = useState(0);
  const [notice, setNotice] = useState<Notice | undefined>();
  const [pane, setPane] = useState<Pane | undefined>(place.ruleId ? { kind: 'rule', id: place.ruleId } : undefined);
  const narrow = useMatches(narrowQuery);
  const loaded = useLoad(async () => {
    const [me, catalogue, rules] = await Promise.all([api.me(), api.catalogue(), api.rules()]);
    return { me, catalogue, rules };
  }, String(refreshKey));
  const { update } = loaded;

  const settled = loaded.data !== undefined || loaded.error !== undefined;
  useEffect(() => {
    if (settled) host.ready();
  }, [host, settled]);

  const me = loaded.data?.me;
  const catalogue = loaded.data?.catalogue;
  const tools = useMemo<AlertsTools | undefined>(() => {
    if (!me || !catalogue) return undefined;
    return {
      api,
      locale,
      t,
      catalogue,
      words: ruleWords(t, locale, catalogue),
      canEdit: me.person.roles.some((role) => editorRoles.has(role)),
      channel: place.channel,
      compact: place.dialog,
      notify: setNotice,
    };
  }, [api, catalogue, locale, me, place.channel, place.dialog, t]);

  const replace = useCallback(
    (rule: RuleBody) =>
      update((data) => ({
        ...data,
        rules: data.rules.some((each) => each.id === rule.id)
          ? data.rules.map((each) => (each.id === rule.id ? rule : each))
          : [...data.rules, rule],
      })),
    [update],
  );
  const drop = useCallback(
    (ruleId: string) => update((data) => ({ ...data, rules: data.rules.filter((each) => each.id !== ruleId) })),
    [update],
  );

  const saved = (rule: RuleBody, created: boolean) => {
    replace(rule);
    if (place.dialog && submitDialog(host, { ruleId: rule.id, name: rule.name, enabled: rule.enabled })) return;
    setNotice({ intent: 'success', body: t(created ? 'created' : 'saved', { name: rule.name }) });
    if (created) setPane({ kind: 'rule', id: rule.id });
  };
  const deleted = (rule: RuleBody) => {
    drop(rule.id);
    setPane(undefined);
    setNotice({ intent: 'success', body: t('deleted', { name: rule.name }) });
  };
  const gone = (ruleId: string) => {
    drop(ruleId);
    setPane(undefined);
    setNotice({ intent: 'warning', body: t('ruleGone') });
  };
  const reload = () => setRefreshKey((key) => key + 1);
  const refresh = () => {
    setNotice(undefined);
    reload();
  };

  const rules = loaded.data?.rules ?? [];
  const paneRule = pane?.kind === 'rule' ? rules.find((rule) => rule.id === pane.id) : undefined;
  const paneOpen = pane !== undefined && (pane.kind === 'new' || paneRule !== undefined);
  const alone = place.dialog || narrow;

  // A linked rule that is not among the tenant's rules (deleted, or a stale link) says so once the list is there.
  useEffect(() => {
    if (pane?.kind === 'rule' && loaded.data && !loaded.data.rules.some((rule) => rule.id === pane.id)) {
      setPane(undefined);
      setNotice({ intent: 'warning', body: t('ruleGone') });
    }
  }, [loaded.data, pane, t]);

  return (
    // Layout on its own element, not the theme provider, whose class names Fluent copies onto portals (see mount-tab.tsx).
    <div className={`alerts-app${place.dialog ? ' compact' : ''}`}>
      <header className="app-header">
        <h1>{t('title')}</h1>
        <span className="header-space" />
        <Button className="refresh" onClick={refresh}>
          {t('refresh')}
        </Button>
        {tools?.canEdit ? (
          <Button className="new-rule" appearance="primary" onClick={() => setPane({ kind: 'new' })}>
            {t('newRule')}
          </Button>
        ) : null}
      </header>
      {place.dialog ? null : <p className="intro">{t('intro')}</p>}
      {notice ? <NoticeBar notice={notice} dismissLabel={t('dismiss')} onDismiss={() => setNotice(undefined)} /> : null}
      {!tools || !loaded.data ? (
        loaded.error ? (
          <ViewError error={loaded.error} onRetry={loaded.reload} />
        ) : (
          <Spinner label={t('loading')} />
        )
      ) : (
        <AlertsContext.Provider value={tools}>
          {tools.canEdit ? null : (
            <MessageBar intent="info" className="read-only">
              <MessageBarBody>
                <MessageBarTitle>{t('readOnlyTitle')}</MessageBarTitle>
                {t('readOnly')}
              </MessageBarBody>
            </MessageBar>
          )}
          <main className={`workspace${paneOpen && !alone ? ' with-pane' : ''}`}>
            <div className="list-side" hidden={alone && paneOpen}>
              <RuleList
                rules={rules}
                selected={paneRule?.id}
                onOpen={(id) => setPane({ kind: 'rule', id })}
                onChanged={replace}
                onStale={reload}
              />
            </div>
            {paneOpen ? (
              <div className="pane">
                <RulePane
                  key={paneRule?.id ?? 'new'}
                  rule={paneRule}
                  alone={alone}
                  onSaved={saved}
                  onReloaded={replace}
                  onDeleted={deleted}
                  onGone={gone}
                  onClose={() => setPane(undefined)}
                />
              </div>
            ) : null}
          </main>
        </AlertsContext.Provider>
      )}
    </div>
  );
}
