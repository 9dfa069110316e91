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
  /**
   * When another group may start while one is in flight. Without it, an item that finds a slot
   * free starts a group at once. With it, items that arrive while a group is in flight wait for
   * that group to finish and then go together, unless `minItems` of them are waiting or the
   * youngest group in flight has run for `afterMs` (it may be waiting on a lock, or the database
   * on something else). Under a steady load that keeps the groups few and full: each group costs
   * a transaction's fixed work (its round trips, its commit, the reads its items share) whether
   * it carries one item or many.
   */
  overlap?: { minItems: number; afterMs: number };
}

interface Pending<I, O> {
  item: I;
  resolve(outcome: O): void;
  reject(error: unknown): void;
}

export class GroupCommit<I, O> {
  private readonly waiting: Pending<I, O>[] = [];
  /** Start times (`performance.now()`) of the groups in flight, oldest first. */
  private readonly started: number[] = [];
  private overlapTimer: NodeJS.Timeout | null = null;

  constructor(private readonly options: GroupCommitOptions<I, O>) {
    if (options.concurrency < 1 || options.maxItems < 1) {
      throw new Error('group commit needs at least one slot and one item per group');
    }
    if (options.overlap && (options.overlap.minItems < 1 || options.overlap.afterMs < 0)) {
      throw new Error('group commit overlap needs at least one item and a wait of zero or more');
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
    while (this.started.length < this.options.concurrency && this.waiting.length > 0) {
      const wait = this.overlapWait();
      if (wait > 0) {
        this.overlapTimer ??= setTimeout(() => {
          this.overlapTimer = null;
          this.pump();
        }, wait);
        return;
      }
      const group = this.waiting.splice(0, this.options.maxItems);
      const startedAt = performance.now();
      this.started.push(startedAt);
      void this.runGroup(group).finally(() => {
        this.started.splice(this.started.indexOf(startedAt), 1);
        this.pump();
      });
    }
    if (this.overlapTimer && (this.waiting.length === 0 || this.started.length === 0)) {
      clearTimeout(this.overlapTimer);
      this.overlapTimer = null;
    }
  }

  /** Milliseconds the waiting items should still wait for the group in flight; 0: start now. */
  private overlapWait(): number {
    const { overlap } = this.options;
    if (!overlap || this.started.length === 0 || this.waiting.length >= overlap.minItems) return 0;
    const youngest = this.started[this.started.length - 1];
    return Math.max(0, youngest + overlap.afterMs - performance.now());
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
