// How an alert reads for one recipient: their language and zone, the stage names and currency of the tenant, and the card rendered from them.
import { DateTime } from 'luxon';
import type { Clock } from '../../core/clock';
import type { Locale } from '../../core/i18n';
import { zoneOrUtc } from '../../core/job-cadence';
import { TimedCache } from '../../core/timed-cache';
import type { PipelineService, StageModel } from '../pipeline';
import type { Reader } from './alert-delivery';
import { alertCard, type CardLinks, type CardView } from './alert.card';
import { alertsTranslator, type Reading } from './describe';
import { cardDateTime } from '../../cards/adaptive-card';
import type { Alert } from './ledger.store';
import type { QueueStore, Recipient } from './queue.store';
import type { Rule } from './rule.schema';

/** How long a process reuses a tenant's stage model for cards and sweeps. */
const modelCacheMs = 30_000;

export function createAlertReading(deps: { pipeline: PipelineService; queue: QueueStore; clock: Clock; links: CardLinks }) {
  const { pipeline, queue, links } = deps;
  const models = new TimedCache<Promise<StageModel>>(modelCacheMs, () => deps.clock.now().getTime());
  /** Each tenant's zone, as the scheduler last gave it: events arrive without one. */
  const zones = new Map<string, string>();

  const stageModel = (tenantId: string): Promise<StageModel> => {
    const known = models.get(tenantId);
    if (known) return known;
    const read = pipeline.stageModel(tenantId).then((stored) => stored.value);
    read.catch(() => models.forget(tenantId));
    models.set(tenantId, read);
    return read;
  };
  const tenantZone = (tenantId: string) => zones.get(tenantId) ?? 'UTC';

  async function reading(tenantId: string, reader: Reader): Promise<Reading> {
    const model = await stageModel(tenantId);
    const zone = zoneOrUtc(reader.timeZone);
    return {
      locale: reader.locale,
      t: alertsTranslator(reader.locale),
      stageName: (stageId) => model.stages.find((stage) => stage.id === stageId)?.name[reader.locale] ?? stageId,
      reportingCurrency: model.reportingCurrency,
      when: (iso, withTime) => {
        const at = /^\d{4}-\d{2}-\d{2}$/u.test(iso) ? DateTime.fromISO(iso, { zone }) : DateTime.fromISO(iso).setZone(zone);
        return at.isValid ? at.toFormat(withTime ? 'yyyy-MM-dd HH:mm' : 'yyyy-MM-dd') : iso;
      },
    };
  }

  /** A person's own language and zone when known; a channel (or a stranger) reads the language of the rule's author. */
  async function readerOf(tenantId: string, recipient: Recipient, rule: Pick<Rule, 'updatedBy'>): Promise<Reader> {
    const own = recipient.kind === 'user' ? await queue.prefsOf(tenantId, recipient.userId) : undefined;
    if (own) return { locale: own.locale, timeZone: own.timeZone };
    const author = await queue.prefsOf(tenantId, rule.updatedBy);
    return { locale: author?.locale ?? 'en', timeZone: tenantZone(tenantId) };
  }

  async function render(tenantId: string, alert: Alert, rule: Rule, reader: Reader, view?: CardView) {
    const plainly = await reading(tenantId, reader);
    // An instant on a card is Teams' own DATE and TIME, so every copy shows it in its reader's zone.
    const read: Reading = { ...plainly, when: (iso, withTime) => (withTime ? cardDateTime(iso) : plainly.when(iso, false)) };
    const card = alertCard(alert, rule, read, links, view);
    const text = read.t('alerts.notification', { condition: read.t(`alerts.condition.${alert.condition}.name`), title: alert.title });
    return { card, text };
  }

  return {
    stageModel,
    reading,
    readerOf,
    render,
    tenantZone,
    rememberZone: (tenantId: string, timeZone: string) => zones.set(tenantId, timeZone),
    /** A delivery's reader: its language as sent, the tenant's zone. */
    deliveryReader: (tenantId: string, locale: Locale): Reader => ({ locale, timeZone: tenantZone(tenantId) }),
  };
}

export type AlertReading = ReturnType<typeof createAlertReading>;
