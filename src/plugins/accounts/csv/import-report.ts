// What an import did, line by line: how many rows were stored, every rejected line with its reason, and where reading stopped.

export interface RejectedLine {
  line: number;
  /** The code of the error that refused the line, as an API error would carry it. */
  code: string;
  reason: string;
}

export interface StoppedAt {
  /** Nothing from this line on was imported. */
  line: number;
  code: string;
  reason: string;
}

/**
 * The answer to an import. Every data line before `stoppedAt.line` (or in the whole file) was either stored or is in
 * `rejected`; `rejected` lists the first lines by line number, `rejectedCount` counts them all.
 */
export interface ImportReportBody {
  stored: number;
  rejected: RejectedLine[];
  rejectedCount: number;
  stoppedAt?: StoppedAt;
}

export class ImportReport {
  private storedCount = 0;
  private rejectedCount = 0;
  private rejected: RejectedLine[] = [];
  private stop: { at: StoppedAt; status: number } | undefined;

  constructor(private readonly maxListed: number) {}

  stored(): void {
    this.storedCount += 1;
  }

  reject(line: number, code: string, reason: string): void {
    this.rejectedCount += 1;
    this.rejected.push({ line, code, reason });
    // Outcomes arrive out of order (writes run concurrently), so the list is trimmed to the lowest lines now and then.
    if (this.rejected.length >= 2 * this.maxListed) this.trim();
  }

  /** Records where the import stopped and the HTTP status its answer takes; the first stop stands. */
  stopAt(stop: StoppedAt, status: number): void {
    this.stop ??= { at: stop, status };
  }

  get stoppedAt(): StoppedAt | undefined {
    return this.stop?.at;
  }

  get stopStatus(): number | undefined {
    return this.stop?.status;
  }

  get storedRows(): number {
    return this.storedCount;
  }

  toJSON(): ImportReportBody {
    this.trim();
    return {
      stored: this.storedCount,
      rejected: this.rejected,
      rejectedCount: this.rejectedCount,
      ...(this.stop ? { stoppedAt: this.stop.at } : {}),
    };
  }

  private trim(): void {
    this.rejected.sort((a, b) => a.line - b.line);
    this.rejected.length = Math.min(this.rejected.length, this.maxListed);
  }
}
