import { KeyedProcessFunction, type OperatorSpec } from '@weir/core';
import { copyFunction, specForSubtask } from './subtask-copy';

class Counter extends KeyedProcessFunction<string, number, number> {
  seen = 0;
  config = { limits: [1, 2], byName: new Map([['a', { n: 1 }]]) };
  constructor(readonly label: string) {
    super();
  }
  processElement(): void {
    this.seen++;
  }
}

describe('copies of user functions per subtask', () => {
  it('gives each copy its own fields, the same class and methods, and its own plain data', () => {
    const original = new Counter('x');
    const copy = copyFunction(original);
    expect(copy).toBeInstanceOf(Counter);
    expect(copy).not.toBe(original);
    copy.processElement();
    expect(copy.seen).toBe(1);
    expect(original.seen).toBe(0);
    copy.config.limits.push(3);
    copy.config.byName.get('a')!.n = 9;
    expect(original.config).toEqual({ limits: [1, 2], byName: new Map([['a', { n: 1 }]]) });
    expect(copy.label).toBe('x');
  });

  it('shares lambdas, which keep no fields, and copies the function objects of a spec', () => {
    const lambda = (n: number) => n;
    expect(copyFunction(lambda)).toBe(lambda);
    const fn = new Counter('y');
    const spec = { kind: 'keyedProcess', fn, keySelector: String } as unknown as OperatorSpec;
    const copied = specForSubtask(spec) as Extract<OperatorSpec, { kind: 'keyedProcess' }>;
    expect(copied.fn).not.toBe(fn);
    expect(copied.keySelector).toBe(String);
  });
});
