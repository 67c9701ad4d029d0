// The rows of the two downloads, page by page through the accounts service: accounts with their parent's name, contacts with their account's.
import type { Actor } from '../../../core/actor';
import { isAppError } from '../../../core/errors';
import type { Account } from '../account.schema';
import type { AccountsService } from '../accounts.service';
import { forEachLimited } from '../../../core/concurrency';
import type { AccountLine, ContactLine } from './csv-formats';

/** Azure's largest page. */
const pageSize = 1000;
/** Point reads or queries in flight while a page is completed. */
const lookups = 16;

/** The accounts `viewer` may see (their own, their teams', or all), as the account list shows them. */
export async function* accountPages(accounts: AccountsService, viewer: Actor): AsyncGenerator<Account[]> {
  let continuationToken: string | undefined;
  do {
    const page = await accounts.listAccounts(viewer, {}, { pageSize, continuationToken });
    yield page.items.map((item) => item.value);
    continuationToken = page.continuationToken;
  } while (continuationToken);
}

/** Accounts with the name of their parent; names already seen are remembered, the others are read once each. */
export async function* accountLines(accounts: AccountsService, viewer: Actor): AsyncGenerator<AccountLine[]> {
  const { tenantId } = viewer;
  const names = new Map<string, string | undefined>();
  for await (const page of accountPages(accounts, viewer)) {
    for (const account of page) names.set(account.id, account.name);
    const unknown = [
      ...new Set(page.map((account) => account.parentAccountId).filter((id): id is string => id !== undefined && !names.has(id))),
    ];
    await forEachLimited(unknown, lookups, async (id) => {
      names.set(id, await nameOf(accounts, tenantId, id));
    });
    yield page.map((account) => ({ account, parentName: account.parentAccountId ? names.get(account.parentAccountId) : undefined }));
  }
}

/** A parent that no longer exists leaves the cell empty. */
async function nameOf(accounts: AccountsService, tenantId: string, id: string): Promise<string | undefined> {
  try {
    return (await accounts.getAccount(tenantId, id)).value.name;
  } catch (error) {
    if (isAppError(error, 'NOT_FOUND')) return undefined;
    throw error;
  }
}

/** Every account's contacts, account by account in the order the accounts are listed. */
export async function* contactLines(accounts: AccountsService, viewer: Actor): AsyncGenerator<ContactLine[]> {
  const { tenantId } = viewer;
  for await (const page of accountPages(accounts, viewer)) {
    for (let start = 0; start < page.length; start += lookups) {
      const group = page.slice(start, start + lookups);
      const contacts: ContactLine[][] = [];
      await forEachLimited(
        group.map((account, index) => ({ account, index })),
        lookups,
        async ({ account, index }) => {
          contacts[index] = await contactsOf(accounts, tenantId, account);
        },
      );
      yield contacts.flat();
    }
  }
}

async function contactsOf(accounts: AccountsService, tenantId: string, account: Account): Promise<ContactLine[]> {
  const lines: ContactLine[] = [];
  let continuationToken: string | undefined;
  do {
    const page = await accounts.listContacts(tenantId, account.id, { pageSize, continuationToken });
    for (const item of page.items) lines.push({ contact: item.value, accountName: account.name });
    continuationToken = page.continuationToken;
  } while (continuationToken);
  return lines;
}
