// What makes writing a deal's derived rows again harmless: history keys made from the record version, and version ETags.
import { describe, expect, it } from 'vitest';
import { historyRow, versionTag } from '../../src/plugins/pipeline/opportunity.store';

const move = { at: '2026-11-23T08:00:00.000Z', version: 7 };

describe('stage history row keys', () => {
  it('are the same each time one change is written, so writing it again finds the row', () => {
    expect(historyRow(move)).toEqual(historyRow({ ...move }));
  });

  it('keep two changes of one millisecond apart, in version order', () => {
    const [, earlier] = historyRow({ ...move, version: 9 });
    const [, later] = historyRow({ ...move, version: 10 });

    expect(earlier! < later!).toBe(true);
  });
});

describe('deal ETags', () => {
  it('name the record version, which only writes of the deal raise', () => {
    expect(versionTag({ version: 4 })).toBe('"v4"');
  });
});
