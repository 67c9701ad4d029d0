// What /api/v1/accounts answers and accepts: the routes check their answers against these, and the tabs import them as types.
import type { ItemsBody, PageBody, WithEtag } from '../../http/api-types';
import type { Account, Contact, NewAccount } from './account.schema';
import type { AccountHit } from './accounts.service';

/** `GET /accounts/:id`, and the created or updated account of `POST` and `PATCH`. */
export type AccountBody = WithEtag<Account>;
/** `GET /accounts?pageSize&continuationToken&…filters`. */
export type AccountListBody = PageBody<AccountBody>;
/** `GET /accounts?q=<name prefix>`: name hits from the search index, not whole records. */
export type AccountSearchBody = ItemsBody<AccountHit>;
/** `POST /accounts`. */
export type NewAccountRequest = NewAccount;

/** `GET /accounts/contacts/:contactId`, and a created or updated contact. */
export type ContactBody = WithEtag<Contact>;
/** `GET /accounts/:id/contacts`. */
export type ContactListBody = PageBody<ContactBody>;
