// The account names of one import: a name used twice in the file, and the parent account a row names (stored, earlier in the file, or later).
import { normaliseAccountName } from '../account-name';
import type { AccountsService } from '../accounts.service';

type State = 'pending' | 'stored' | 'rejected' | 'deferred';

interface Entry {
  line: number;
  state: State;
  id?: string;
  /** Resolves when the row's first outcome is known (stored, rejected or deferred). */
  settled: Promise<void>;
  settle(): void;
}

/** Where a row's parent account stands while the file is being written. */
export type ParentLink =
  | { kind: 'stored'; id: string }
  | { kind: 'rejected'; line: number }
  /** Not known yet: the parent may come later in the file, or waits for its own parent. */
  | { kind: 'waiting' }
  | { kind: 'missing' };

export class AccountLinks {
  private readonly entries = new Map<string, Entry>();
  private readonly existing = new Map<string, Promise<string | undefined>>();

  constructor(
    private readonly accounts: Pick<AccountsService, 'findAccountByName'>,
    private readonly tenantId: string,
  ) {}

  /** Claims a name for a row; returns the line that already used it in this file, if any. */
  claim(name: string, line: number): number | undefined {
    const key = normaliseAccountName(name);
    const earlier = this.entries.get(key);
    if (earlier) return earlier.line;
    let settle = () => {};
    const settled = new Promise<void>((resolve) => (settle = resolve));
    this.entries.set(key, { line, state: 'pending', settled, settle });
    return undefined;
  }

  settle(name: string, state: Exclude<State, 'pending'>, id?: string): void {
    const entry = this.entries.get(normaliseAccountName(name));
    if (!entry) return;
    entry.state = state;
    entry.id = id;
    entry.settle();
  }

  /**
   * The parent of the row on `line`, waiting only for rows above it (they started writing first, so this cannot
   * deadlock); a parent further down the file, or not found at all, is `waiting` until the end of the file.
   */
  async parentOf(name: string, line: number): Promise<ParentLink> {
    const entry = this.entries.get(normaliseAccountName(name));
    if (entry && entry.line < line) {
      await entry.settled;
      return this.linkOf(name, entry);
    }
    const id = await this.findExisting(name);
    return id ? { kind: 'stored', id } : { kind: 'waiting' };
  }

  /** At the end of the file, when no write is in flight: the parent as it stands now. */
  async parentNow(name: string): Promise<ParentLink> {
    const entry = this.entries.get(normaliseAccountName(name));
    if (entry) return this.linkOf(name, entry);
    const id = await this.findExisting(name);
    return id ? { kind: 'stored', id } : { kind: 'missing' };
  }

  /** A parent row that was refused (its name was taken, say) still links to the account that has the name. */
  private async linkOf(name: string, entry: Entry): Promise<ParentLink> {
    if (entry.state === 'stored' && entry.id) return { kind: 'stored', id: entry.id };
    if (entry.state !== 'rejected') return { kind: 'waiting' };
    const id = await this.findExisting(name);
    return id ? { kind: 'stored', id } : { kind: 'rejected', line: entry.line };
  }

  /** Accounts stored before this import, looked up once per name; a failed look-up is not remembered. */
  private findExisting(name: string): Promise<string | undefined> {
    const key = normaliseAccountName(name);
    let found = this.existing.get(key);
    if (!found) {
      found = this.accounts.findAccountByName(this.tenantId, name).then((account) => account?.value.id);
      this.existing.set(key, found);
      found.catch(() => this.existing.delete(key));
    }
    return found;
  }
}
