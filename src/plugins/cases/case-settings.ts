// A tenant's service settings as stored: the defaults until an admin saves their own, read through a brief cache, changed with an ETag check.
import { requireAdmin } from '../../core/access';
import type { Actor } from '../../core/actor';
import type { Clock } from '../../core/clock';
import { AppError } from '../../core/errors';
import { TimedCache } from '../../core/timed-cache';
import { settingsAddress, type CaseStore } from './case.store';
import { defaultServiceSettings, validateSettings, type ServiceSettings } from './sla/service-settings';

/** How long a process reuses a tenant's settings it read; its own writes take effect at once. */
export const settingsCacheMs = 30_000;
/** The ETag of settings never saved: the defaults. */
const defaultsTag = '"defaults"';

export type StoredSettings = ServiceSettings & { etag: string };

export function createCaseSettings(store: CaseStore, clock: Clock) {
  const cache = new TimedCache<StoredSettings>(settingsCacheMs, () => clock.now().getTime());

  async function read(tenantId: string): Promise<StoredSettings> {
    const cached = cache.get(tenantId);
    if (cached) return cached;
    const stored = await store.settings.get(settingsAddress(tenantId));
    const settings = stored ? { ...stored.value, etag: stored.etag } : { ...defaultServiceSettings, etag: defaultsTag };
    cache.set(tenantId, settings);
    return settings;
  }

  return {
    read,
    async update(actor: Actor, input: ServiceSettings, etag: string): Promise<StoredSettings> {
      requireAdmin(actor);
      const settings = validateSettings(input);
      const address = settingsAddress(actor.tenantId);
      const current = await store.settings.get(address);
      if ((current?.etag ?? defaultsTag) !== etag) throw new AppError('CONFLICT', { entity: 'serviceSettings' });
      const written = current
        ? await store.settings.replace(address, settings, current.etag)
        : await store.settings.create(address, settings);
      const stored = { ...written.value, etag: written.etag };
      cache.set(actor.tenantId, stored);
      return stored;
    },
  };
}

export type CaseSettings = ReturnType<typeof createCaseSettings>;
