// Read-modify-write against ETags: a write that lost a race with another is done again on what that one wrote.
import { isAppError, type CoreErrorCode } from '../../core/errors';
import { pause } from '../../storage/rollup-rows';

const attempts = 5;

/**
 * Runs `write` (which reads, then writes with the ETags it read) again while it fails with one of `raced`; the last
 * failure is thrown. Directory rows are written by admins, rarely at once, so a few attempts settle any race.
 */
export async function onFreshData<T>(write: () => Promise<T>, raced: readonly CoreErrorCode[] = ['CONFLICT']): Promise<T> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      return await write();
    } catch (error) {
      if (!isAppError(error, ...raced) || attempt + 1 >= attempts) throw error;
      await pause(attempt);
    }
  }
}
