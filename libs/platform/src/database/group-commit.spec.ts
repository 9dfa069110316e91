import { GroupCommit } from './group-commit';

/** A run that records each group it was given and answers when the test lets it. */
function recordingRun(fail: (items: readonly string[]) => string | null = () => null) {
  const groups: string[][] = [];
  const gates: Array<() => void> = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const run = async (items: readonly string[]): Promise<string[]> => {
    groups.push([...items]);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    await new Promise<void>((resolve) => gates.push(resolve));
    inFlight--;
    const error = fail(items);
    if (error) throw new Error(error);
    return items.map((i) => `done ${i}`);
  };
  const openGates = async () => {
    // Each answered group may start the next; open until nothing is waiting.
    for (let spins = 0; spins < 100; spins++) {
      await new Promise((r) => setImmediate(r));
      const open = gates.splice(0);
      if (open.length === 0 && spins > 2) return;
      open.forEach((g) => g());
    }
  };
  return { run, groups, openGates, maxInFlight: () => maxInFlight };
}

describe('GroupCommit', () => {
  it('runs an item alone and at once when a slot is free', async () => {
    const r = recordingRun();
    const groups = new GroupCommit({ run: r.run, concurrency: 2, maxItems: 10 });
    const answer = groups.submit('a');
    expect(r.groups).toEqual([['a']]);
    await r.openGates();
    await expect(answer).resolves.toBe('done a');
  });

  it('carries items that arrive while the slots are busy in shared groups, in arrival order', async () => {
    const r = recordingRun();
    const groups = new GroupCommit({ run: r.run, concurrency: 1, maxItems: 3 });
    const answers = ['a', 'b', 'c', 'd', 'e', 'f'].map((i) => groups.submit(i));
    expect(groups.queued).toBe(5);
    await r.openGates();
    await expect(Promise.all(answers)).resolves.toEqual([
      'done a',
      'done b',
      'done c',
      'done d',
      'done e',
      'done f',
    ]);
    expect(r.groups).toEqual([['a'], ['b', 'c', 'd'], ['e', 'f']]);
    expect(r.maxInFlight()).toBe(1);
  });

  it('never runs more groups at once than it has slots', async () => {
    const r = recordingRun();
    const groups = new GroupCommit({ run: r.run, concurrency: 2, maxItems: 2 });
    const answers = Array.from({ length: 9 }, (_, i) => groups.submit(String(i)));
    await r.openGates();
    await Promise.all(answers);
    expect(r.maxInFlight()).toBe(2);
    expect(r.groups.flat().sort()).toEqual(['0', '1', '2', '3', '4', '5', '6', '7', '8']);
  });

  it('retries a failed group item by item, so only the item at fault fails', async () => {
    const r = recordingRun((items) => (items.includes('bad') ? 'bad row' : null));
    const groups = new GroupCommit({ run: r.run, concurrency: 1, maxItems: 10 });
    const first = groups.submit('first');
    const rest = ['x', 'bad', 'y'].map((i) => groups.submit(i).catch((e: Error) => e.message));
    await r.openGates();
    await expect(first).resolves.toBe('done first');
    await expect(Promise.all(rest)).resolves.toEqual(['done x', 'bad row', 'done y']);
    expect(r.groups).toEqual([['first'], ['x', 'bad', 'y'], ['x'], ['bad'], ['y']]);
  });

  it('fails a lone item with its own error, without a retry', async () => {
    const r = recordingRun(() => 'database down');
    const groups = new GroupCommit({ run: r.run, concurrency: 1, maxItems: 10 });
    const answer = groups.submit('only').catch((e: Error) => e);
    await r.openGates();
    expect(await answer).toEqual(new Error('database down'));
    expect(r.groups).toEqual([['only']]);
  });

  it('treats a group that answers the wrong number of outcomes as failed', async () => {
    let calls = 0;
    const groups = new GroupCommit<string, string>({
      run: async (items) => {
        calls++;
        return items.length > 1 ? ['one answer'] : [`alone ${items[0]}`];
      },
      concurrency: 1,
      maxItems: 10,
    });
    const blocker = groups.submit('first');
    const answers = [groups.submit('a'), groups.submit('b')];
    await expect(blocker).resolves.toBe('alone first');
    await expect(Promise.all(answers)).resolves.toEqual(['alone a', 'alone b']);
    expect(calls).toBe(4);
  });

  describe('with an overlap policy', () => {
    const overlap = { minItems: 3, afterMs: 50 };

    afterEach(() => jest.useRealTimers());

    it('has items that arrive while a group runs wait for it and then go together', async () => {
      const r = recordingRun();
      const groups = new GroupCommit({ run: r.run, concurrency: 2, maxItems: 10, overlap });
      const answers = [groups.submit('a')];
      // Nothing in flight: the first item starts at once.
      expect(r.groups).toEqual([['a']]);
      answers.push(groups.submit('b'), groups.submit('c'));
      expect(r.groups).toEqual([['a']]);
      expect(groups.queued).toBe(2);
      await r.openGates();
      await expect(Promise.all(answers)).resolves.toEqual(['done a', 'done b', 'done c']);
      expect(r.groups).toEqual([['a'], ['b', 'c']]);
      expect(r.maxInFlight()).toBe(1);
    });

    it('starts another group at once when enough items are waiting', async () => {
      const r = recordingRun();
      const groups = new GroupCommit({ run: r.run, concurrency: 2, maxItems: 10, overlap });
      const answers = ['a', 'b', 'c', 'd'].map((i) => groups.submit(i));
      expect(r.groups).toEqual([['a'], ['b', 'c', 'd']]);
      await r.openGates();
      await Promise.all(answers);
      expect(r.maxInFlight()).toBe(2);
    });

    it('starts another group when the one in flight has run for the wait', async () => {
      jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick', 'queueMicrotask'] });
      const r = recordingRun();
      const groups = new GroupCommit({ run: r.run, concurrency: 2, maxItems: 10, overlap });
      const answers = [groups.submit('a')];
      jest.advanceTimersByTime(30);
      answers.push(groups.submit('b'));
      jest.advanceTimersByTime(19);
      expect(r.groups).toEqual([['a']]);
      jest.advanceTimersByTime(1);
      expect(r.groups).toEqual([['a'], ['b']]);
      // A slot is still the limit: with both busy, the next item waits however long they run.
      answers.push(groups.submit('c'));
      jest.advanceTimersByTime(1000);
      expect(r.groups).toEqual([['a'], ['b']]);
      await r.openGates();
      await expect(Promise.all(answers)).resolves.toEqual(['done a', 'done b', 'done c']);
      expect(r.groups).toEqual([['a'], ['b'], ['c']]);
      expect(jest.getTimerCount()).toBe(0);
    });
  });

  it('refuses a configuration with no slot or no room', () => {
    const run = async () => [];
    expect(() => new GroupCommit({ run, concurrency: 0, maxItems: 1 })).toThrow();
    expect(() => new GroupCommit({ run, concurrency: 1, maxItems: 0 })).toThrow();
    expect(
      () =>
        new GroupCommit({ run, concurrency: 2, maxItems: 1, overlap: { minItems: 0, afterMs: 5 } }),
    ).toThrow();
  });
});
