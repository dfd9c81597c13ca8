import { HeapTimer } from './heap-timer';
import { timerHash, TimerSet } from './timer-set';

function timer(ts: number, key: string | number, hash: number): HeapTimer<number> {
  return new HeapTimer(ts, key, 0, key, 0, hash, 0);
}

describe('TimerSet', () => {
  it('finds, deletes and shrinks correctly even when every hash collides', () => {
    const set = new TimerSet<number>();
    const timers = Array.from({ length: 200 }, (_, i) => timer(i, `k${i % 7}`, 5));
    for (const t of timers) set.insert(t);
    expect(set.size).toBe(200);
    for (let i = 0; i < 200; i += 2) set.delete(timers[i]);
    expect(set.size).toBe(100);
    for (let i = 0; i < 200; i++) {
      expect(set.find(i, 0, `k${i % 7}`, 5)).toBe(i % 2 === 0 ? undefined : timers[i]);
    }
    for (let i = 1; i < 200; i += 2) set.delete(timers[i]);
    expect(set.size).toBe(0);
    expect(set.values()).toEqual([]);
    expect((set as unknown as { table: unknown[] }).table.length).toBe(8);
  });

  it('keeps its table through waves of timers that do not empty it, and shrinks once empty', () => {
    const set = new TimerSet<number>();
    const tableOf = () => (set as unknown as { table: unknown[] }).table;
    const resident = timer(-1, 'resident', timerHash(-1, 0, 'resident'));
    set.insert(resident);
    let table: unknown[] | undefined;
    for (let wave = 0; wave < 3; wave++) {
      const timers = Array.from({ length: 500 }, (_, i) => timer(wave * 1000 + i, i, timerHash(wave * 1000 + i, 0, i)));
      for (const t of timers) set.insert(t);
      // The same table object in every wave: neither halved on the way down nor grown again.
      if (wave > 0) expect(tableOf()).toBe(table);
      table = tableOf();
      for (const t of timers) set.delete(t);
      expect(set.size).toBe(1);
      expect(tableOf()).toBe(table);
      expect(set.find(-1, 0, 'resident', resident.hash)).toBe(resident);
    }
    set.delete(resident);
    expect(tableOf().length).toBe(8);
  });

  it('keeps lookups right across wrap-around runs (randomized deletes)', () => {
    let seed = 7;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const set = new TimerSet<number>();
    const live = new Set<HeapTimer<number>>();
    for (let i = 0; i < 3000; i++) {
      if (live.size > 0 && random() < 0.45) {
        const victim = [...live][Math.floor(random() * live.size)];
        set.delete(victim);
        live.delete(victim);
      } else {
        const t = timer(i, i, (random() * 16) | 0);
        set.insert(t);
        live.add(t);
      }
      if (i % 100 === 0) for (const t of live) expect(set.find(t.timestamp, 0, t.key as number, t.hash)).toBe(t);
    }
    expect(set.size).toBe(live.size);
    expect(new Set(set.values())).toEqual(live);
  });

  it('hashes identities apart by type and value', () => {
    expect(timerHash(1, 'w', 'k')).toBe(timerHash(1, 'w', 'k'));
    expect(timerHash(1, 'w', 'k')).not.toBe(timerHash(2, 'w', 'k'));
    expect(timerHash(1.5e12, 7, 3n)).toBe(timerHash(1.5e12, 7, 3n));
    expect(timerHash(1, 0, true)).not.toBe(timerHash(1, 0, false));
  });
});
