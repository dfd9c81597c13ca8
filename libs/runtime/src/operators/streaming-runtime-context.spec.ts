import { JobDefinitionError } from '@weir/common';
import { ListStateDescriptor, MapStateDescriptor, ValueStateDescriptor } from '@weir/core';
import { OperatorTestHarness } from '../testing/operator-test-harness';
import { StreamMap } from './stream-map';
import { StreamingRuntimeContext } from './streaming-runtime-context';

function harnessOf(keyed: boolean): OperatorTestHarness {
  return new OperatorTestHarness(new StreamMap({ kind: 'map', fn: { map: (x) => x } }), {
    keyed,
    parallelism: 4,
    subtaskIndex: 1,
    maxParallelism: 64,
  });
}

function contextOf(keyed: boolean): StreamingRuntimeContext {
  return new StreamingRuntimeContext(harnessOf(keyed).context);
}

describe('StreamingRuntimeContext', () => {
  it('describes the subtask', () => {
    const ctx = contextOf(false);
    expect([
      ctx.getTaskName(),
      ctx.getIndexOfThisSubtask(),
      ctx.getNumberOfParallelSubtasks(),
      ctx.getMaxNumberOfParallelSubtasks(),
      ctx.getAttemptNumber(),
    ]).toEqual(['test-operator', 1, 4, 64, 0]);
  });

  it('refuses keyed state on a non-keyed operator, naming the operator and keyBy()', () => {
    const ctx = contextOf(false);
    const ask = (): unknown => ctx.getListState(new ListStateDescriptor<number>('seen'));
    expect(ask).toThrow(JobDefinitionError);
    expect(ask).toThrow(/Operator 'test-operator' asked for keyed state 'seen'.*call keyBy\(\) first/);
  });

  it("hands out the keyed backend's state objects on a keyed operator", () => {
    const harness = harnessOf(true);
    const ctx = new StreamingRuntimeContext(harness.context);
    const backend = harness.context.keyedStateBackend!;
    const value = new ValueStateDescriptor<number>('count');
    const map = new MapStateDescriptor<string, number>('m');
    expect(ctx.getState(value)).toBe(backend.getValueState(value));
    expect(ctx.getMapState(map)).toBe(backend.getMapState(map));
  });
});
