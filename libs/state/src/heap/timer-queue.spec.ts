import { KeyGroupRange } from '@weir/common';
import { TimerQueue } from './timer-queue';

function drain(queue: TimerQueue<string>): string[] {
  const out: string[] = [];
  for (let t = queue.poll(); t !== undefined; t = queue.poll()) out.push(`${t.timestamp}:${String(t.key)}`);
  return out;
}

function add(q: TimerQueue<string>, ts: number, key: string, group: number, ns = 'ns'): boolean {
  return q.add(ts, key, key, ns, ns, group);
}

describe('TimerQueue', () => {
  it('polls by timestamp, then registration order, and deduplicates by (timestamp, namespace, key)', () => {
    const q = new TimerQueue<string>(new KeyGroupRange(0, 3));
    expect(add(q, 30, 'a', 0)).toBe(true);
    expect(add(q, 10, 'b', 1)).toBe(true);
    expect(add(q, 20, 'c', 2)).toBe(true);
    expect(add(q, 10, 'a', 0)).toBe(true);
    expect(add(q, 30, 'a', 0)).toBe(false);
    expect(add(q, 30, 'a', 0, 'other')).toBe(true);
    expect(q.add(30, 1, 1, 'ns', 'ns', 0)).toBe(true);
    expect(q.size).toBe(6);
    expect(q.peek()!.key).toBe('b');
    expect(drain(q)).toEqual(['10:b', '10:a', '20:c', '30:a', '30:a', '30:1']);
    expect(add(q, 30, 'a', 0)).toBe(true);
  });

  it('removes any timer and keeps heap and sets consistent (randomized against a model)', () => {
    let seed = 42;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const q = new TimerQueue<string>(new KeyGroupRange(0, 3));
    // The model: live timers by identity, with their registration order.
    const live = new Map<string, { ts: number; key: string; group: number; seq: number }>();
    let seq = 0;
    for (let i = 0; i < 5000; i++) {
      const ts = Math.floor(random() * 100);
      const key = `k${Math.floor(random() * 30)}`;
      const group = Math.floor(random() * 4);
      const id = `${ts}/${key}/${group}`;
      const op = random();
      if (op < 0.35) {
        expect(q.remove(ts, key, 'ns', group)).toBe(live.delete(id));
      } else if (op < 0.4 && q.size > 0) {
        const head = q.poll()!;
        const expected = [...live.values()].sort((a, b) => a.ts - b.ts || a.seq - b.seq)[0];
        expect([head.timestamp, head.key, head.keyGroupOffset]).toEqual([expected.ts, expected.key, expected.group]);
        live.delete(`${expected.ts}/${expected.key}/${expected.group}`);
      } else {
        const added = add(q, ts, key, group);
        expect(added).toBe(!live.has(id));
        if (added) live.set(id, { ts, key, group, seq: seq++ });
      }
    }
    expect(q.size).toBe(live.size);
    for (let g = 0; g < 4; g++) {
      expect(q.timersOfKeyGroup(g).length).toBe([...live.values()].filter((t) => t.group === g).length);
    }
    const expected = [...live.values()].sort((a, b) => a.ts - b.ts || a.seq - b.seq).map((t) => `${t.ts}:${t.key}`);
    expect(drain(q)).toEqual(expected);
  });

  it('does not remove an unknown timer and lists timers per key group', () => {
    const q = new TimerQueue<string>(new KeyGroupRange(10, 11));
    q.add(5, 'a', 'a', 'n1', 'n1', 0);
    q.add(6, 'b', 'b', 'n2', 'n2', 1);
    expect(q.remove(6, 'b', 'n2', 0)).toBe(false);
    expect(q.remove(7, 'b', 'n2', 1)).toBe(false);
    expect(q.timersOfKeyGroup(10).map((t) => [t.timestamp, t.key, t.namespace])).toEqual([[5, 'a', 'n1']]);
    expect(q.timersOfKeyGroup(11).map((t) => t.key)).toEqual(['b']);
    expect(() => q.timersOfKeyGroup(12)).toThrow(RangeError);
    q.poll();
    expect(q.timersOfKeyGroup(10)).toEqual([]);
  });

  it('fires a crowd of timers of one timestamp in registration order, across removals of any of them', () => {
    const q = new TimerQueue<string>(new KeyGroupRange(0, 1));
    for (let i = 0; i < 100; i++) add(q, 50, `k${i}`, i % 2);
    add(q, 40, 'early', 0);
    add(q, 60, 'late', 1);
    // The first of the crowd (k0), then enough waiting ones that their holes get squeezed out.
    expect(q.remove(50, 'k0', 'ns', 0)).toBe(true);
    const removed = (i: number) => i === 0 || (i >= 2 && i < 90 && i % 3 !== 1);
    for (let i = 2; i < 90; i++) if (removed(i)) expect(q.remove(50, `k${i}`, 'ns', i % 2)).toBe(true);
    expect(q.remove(50, 'k2', 'ns', 0)).toBe(false);
    add(q, 50, 'k0', 0);
    expect(q.size).toBe(102 - 60 + 1);
    expect(q.peek()!.key).toBe('early');
    const crowd = Array.from({ length: 100 }, (_, i) => i)
      .filter((i) => !removed(i))
      .map((i) => `50:k${i}`);
    expect(drain(q)).toEqual(['40:early', ...crowd, '50:k0', '60:late']);
    expect(q.size).toBe(0);
    expect(q.peek()).toBeUndefined();
  });
});
