// Rows holding one JSON state split over string properties (a view's footprints and aggregates), and the pause between tries of a lost race.
import { z } from 'zod';
import { AppError } from '../core/errors';

/** Under Azure's 32K-character property limit; 12 parts (~750 KiB) stay under its 1 MiB entity limit. */
const partChars = 32_000;
const maxParts = 12;
const partNames = Array.from({ length: maxParts }, (_, i) => `p${i}`);

/** A row holding one JSON state split over string properties `p0`…`p11`, with its `kind`. */
export const partsRowSchema = z.strictObject({
  kind: z.string().max(32),
  ...Object.fromEntries(partNames.map((name) => [name, z.string().max(partChars).optional()])),
});
type RollupRow = z.infer<typeof partsRowSchema>;

/** A state as a parts row: JSON cut into properties within Azure's limits. */
export function encodeParts(kind: string, state: unknown): RollupRow {
  const json = JSON.stringify(state);
  const row: Record<string, string> = { kind };
  let start = 0;
  for (const name of partNames) {
    if (start >= json.length) break;
    let end = Math.min(start + partChars, json.length);
    // Never split a surrogate pair across two properties.
    if (end < json.length && /[\ud800-\udbff]/.test(json.charAt(end - 1))) end -= 1;
    row[name] = json.slice(start, end);
    start = end;
  }
  if (start < json.length) throw new AppError('ENTITY_TOO_LARGE', { size: json.length * 2, limit: partChars * maxParts * 2 });
  return row as RollupRow;
}

/** The state a parts row holds, parsed with `schema`. */
export function decodeParts<T>(row: RollupRow, schema: z.ZodType<T>): T {
  const parts = row as Record<string, string | undefined>;
  return schema.parse(JSON.parse(partNames.map((name) => parts[name] ?? '').join('')));
}

/** A random wait before the next try, growing with the attempts. */
export const pause = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(2 + attempt * 3, 40)));
