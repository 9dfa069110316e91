/**
 * Group commit: items submitted while the database is busy are carried by one transaction
 * together, so a burst pays for one BEGIN, one COMMIT (one WAL flush) and the reads the items
 * share, instead of one of each per item. An item that arrives while a slot is free starts its
 * own group at once, so a quiet system sees no added wait.
 *
 * A group is all-or-nothing. When its transaction fails, each of its items is run again alone,
 * so one bad item (or a deadlock with another process) fails only itself.
 */
export interface GroupCommitOptions<I, O> {
  /** Runs one group in one transaction; answers one outcome per item, in the items' order. */
  run(items: readonly I[]): Promise<O[]>;
  /** Groups in flight at once (each holds one database connection). */
  concurrency: number;
  /** The most items one group carries. */
  maxItems: number;
}

interface Pending<I, O> {
  item: I;
  resolve(outcome: O): void;
  reject(error: unknown): void;
}

export class GroupCommit<I, O> {
  private readonly waiting: Pending<I, O>[] = [];
  private inFlight = 0;

  constructor(private readonly options: GroupCommitOptions<I, O>) {
    if (options.concurrency < 1 || options.maxItems < 1) {
      throw new Error('group commit needs at least one slot and one item per group');
    }
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.waiting.push({ item, resolve, reject });
      this.pump();
    });
  }

  /** Items waiting for a slot (for metrics and tests). */
  get queued(): number {
    return this.waiting.length;
  }

  private pump(): void {
    while (this.inFlight < this.options.concurrency && this.waiting.length > 0) {
      const group = this.waiting.splice(0, this.options.maxItems);
      this.inFlight++;
      void this.runGroup(group).finally(() => {
        this.inFlight--;
        this.pump();
      });
    }
  }

  private async runGroup(group: Pending<I, O>[]): Promise<void> {
    try {
      const outcomes = await this.options.run(group.map((p) => p.item));
      if (outcomes.length !== group.length) {
        throw new Error(`a group of ${group.length} answered ${outcomes.length} outcomes`);
      }
      group.forEach((p, i) => p.resolve(outcomes[i]));
    } catch (error) {
      if (group.length === 1) {
        group[0].reject(error);
        return;
      }
      for (const p of group) await this.runAlone(p);
    }
  }

  private async runAlone(p: Pending<I, O>): Promise<void> {
    try {
      const [outcome] = await this.options.run([p.item]);
      p.resolve(outcome);
    } catch (error) {
      p.reject(error);
    }
  }
}
