// The app's account link: the home tab opened on one account. Cards carry it; link unfurling reads it back.
import { z } from 'zod';

const homePage = '/tabs/home/index.html';
const accountIdSchema = z.uuid();

/**
 * The link that opens an account in the home tab.
 * @example accountLink('https://crm.contoso.com', id) // https://crm.contoso.com/tabs/home/index.html?account=<id>
 */
export function accountLink(publicUrl: string, accountId: string): string {
  return `${publicUrl.replace(/\/+$/, '')}${homePage}?account=${encodeURIComponent(accountId)}`;
}

function parseUrl(url: string): URL | undefined {
  try {
    return new URL(url);
  } catch {
    return undefined;
  }
}

/**
 * The account id of a link this server made, or undefined: another scheme, host or port, another page,
 * credentials in the link, a missing, repeated or malformed id. A pasted link is untrusted text.
 */
export function accountIdFromLink(publicUrl: string, url: string): string | undefined {
  const own = parseUrl(publicUrl);
  const link = parseUrl(url.trim());
  if (!own || !link) return undefined;
  if (link.protocol !== own.protocol || link.host !== own.host || link.username || link.password) return undefined;
  const base = own.pathname.replace(/\/+$/, '');
  if (link.pathname !== `${base}${homePage}` && link.pathname !== `${base}/tabs/home/`) return undefined;
  const ids = link.searchParams.getAll('account');
  if (ids.length !== 1) return undefined;
  const parsed = accountIdSchema.safeParse(ids[0]);
  return parsed.success ? parsed.data.toLowerCase() : undefined;
}
