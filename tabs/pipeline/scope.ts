// What the tab shows, read from its URL: the scope filters a channel tab's configuration wrote, and a deal to open.
export interface Scope {
  /** A user id, or `me` for whoever views the tab. */
  owner?: string;
  team?: string;
  industry?: string;
  region?: string;
}

const scopeFields = ['owner', 'team', 'industry', 'region'] as const;

export function readScope(query: URLSearchParams): Scope {
  const scope: Scope = {};
  for (const field of scopeFields) {
    const value = query.get(field)?.trim();
    if (value) scope[field] = value;
  }
  return scope;
}

export function scopeQuery(scope: Scope): URLSearchParams {
  const query = new URLSearchParams();
  for (const field of scopeFields) {
    const value = scope[field];
    if (value) query.set(field, value);
  }
  return query;
}

/** `?opportunity=<id>` in a plain browser, or Teams' sub-page id `opportunity:<id>` from a deep link. */
export function linkedOpportunity(query: URLSearchParams, subPageId?: string): string | undefined {
  const fromSubPage = subPageId?.startsWith('opportunity:') ? subPageId.slice('opportunity:'.length) : undefined;
  return (fromSubPage || query.get('opportunity') || '').trim() || undefined;
}

/** `count` months from the start of this quarter, as `YYYY-MM`: the forecast shows four quarters, the rep table this one. */
export function quarterMonths(count: number, today = new Date()): { from: string; to: string } {
  const month = (year: number, index: number) => {
    const date = new Date(Date.UTC(year, index, 1));
    return `${date.getUTCFullYear()}-${String(date.getUTCMonth() + 1).padStart(2, '0')}`;
  };
  const quarterStart = Math.floor(today.getMonth() / 3) * 3;
  return { from: month(today.getFullYear(), quarterStart), to: month(today.getFullYear(), quarterStart + count - 1) };
}
