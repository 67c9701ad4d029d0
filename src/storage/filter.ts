// OData filters built only through the SDK's `odata` template, so values are always escaped.
import { odata } from '@azure/data-tables';

/** A filter expression produced by `where`; a plain string cannot be passed where this is expected. */
export type ODataFilter = string & { readonly __brand: 'ODataFilter' };

/**
 * Builds a filter with escaped values.
 * @example where`ownerId eq ${actor.userId} and stage ne ${'lost'}`
 */
export function where(strings: TemplateStringsArray, ...values: unknown[]): ODataFilter {
  return odata(strings, ...values) as ODataFilter;
}

/** Joins filters with `and`, skipping absent ones. */
export function allOf(...filters: (ODataFilter | undefined)[]): ODataFilter {
  return filters
    .filter((f): f is ODataFilter => f !== undefined)
    .map((f) => `(${f})`)
    .join(' and ') as ODataFilter;
}

/**
 * Joins filters with `or`, or none for an empty list. Azure allows 15 comparisons in one filter: callers keep within it.
 * @example anyOf(ownerIds.map((id) => where`ownerId eq ${id}`))
 */
export function anyOf(filters: readonly ODataFilter[]): ODataFilter | undefined {
  return filters.length === 0 ? undefined : (filters.map((f) => `(${f})`).join(' or ') as ODataFilter);
}
