// Input rules of activities: changes carry only what was sent, notes fit one table property, ids derive from idempotency keys.
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/core/errors';
import { assertNotesFit, changeInputSchema, logInputSchema } from '../../src/plugins/activities/activity-input';
import { activityIdFor } from '../../src/plugins/activities/activity-writes';
import { activitySchema } from '../../src/plugins/activities/activity.schema';

describe('activity input', () => {
  it('a change of the subject alone changes nothing else', () => {
    expect(changeInputSchema.parse({ subject: 'Renewal' })).toEqual({ subject: 'Renewal' });
  });

  it('a change refuses fields that are not part of an activity', () => {
    expect(changeInputSchema.safeParse({ accountId: '5b0e3f8a-1c2d-4e6f-8a9b-0c1d2e3f4a5b' }).success).toBe(false);
  });

  it('a new activity refuses a time zone that is not an IANA zone', () => {
    const input = {
      accountId: '5b0e3f8a-1c2d-4e6f-8a9b-0c1d2e3f4a5b',
      type: 'visit',
      subject: 'Visit',
      occurredAt: '2026-11-23T17:30:00Z',
    };
    expect(logInputSchema.safeParse({ ...input, timeZone: 'China/Beijing' }).success).toBe(false);
    expect(logInputSchema.parse(input).timeZone).toBe('UTC');
  });

  it('notes over 32,768 characters are too long, naming the field', () => {
    const error = (() => {
      try {
        assertNotesFit({ notes: 'x'.repeat(32 * 1024 + 1) });
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('VALUE_TOO_LONG');
    expect((error as AppError).message).toContain('"notes"');
  });

  it('notes of exactly 32,768 characters fit', () => {
    expect(() => assertNotesFit({ notes: 'x'.repeat(32 * 1024) })).not.toThrow();
  });

  it('one idempotency key gives one activity id per tenant and user, and a valid UUID', () => {
    const id = activityIdFor('t1', 'u1', 'teams:1');
    expect(activityIdFor('t1', 'u1', 'teams:1')).toBe(id);
    expect(activityIdFor('t2', 'u1', 'teams:1')).not.toBe(id);
    expect(activityIdFor('t1', 'u2', 'teams:1')).not.toBe(id);
    expect(activitySchema.shape.id.safeParse(id).success).toBe(true);
  });
});
