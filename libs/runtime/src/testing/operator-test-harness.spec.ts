import { ConfigError, computeKeyGroupRangeForOperatorIndex, RecordError, WeirError } from '@weir/common';
import { ValueStateDescriptor } from '@weir/core';
import {
  VOID_NAMESPACE,
  type InternalTimer,
  type InternalTimerService,
  type InternalValueState,
  type Namespace,
  type Triggerable,
} from '@weir/state';
import { StreamOperator } from '../operators/stream-operator';
import { OperatorTestHarness } from './operator-test-harness';

/** Counts words per key; reports the count 10 ms of event time after each word, forgets it after 100 ms of wall time. */
class WordCountOperator extends StreamOperator<string> implements Triggerable<Namespace> {
  private count!: InternalValueState<number>;
  private timers!: InternalTimerService<Namespace>;

  override open(): void {
    this.count = this.ctx.keyedStateBackend!.getValueState(
      new ValueStateDescriptor<number>('count', { defaultValue: 0 }),
    );
    this.timers = this.ctx.timeServiceManager!.getInternalTimerService('timers', this);
  }

  processElement(value: unknown, timestamp: number): void {
    const word = value as string;
    if (word.startsWith('!')) {
      this.output.collectSide('rejected', word, timestamp);
      return;
    }
    this.ctx.keyedStateBackend!.setCurrentKey(word);
    this.count.update(this.count.value()! + 1);
    this.timers.registerEventTimeTimer(VOID_NAMESPACE, timestamp + 10);
    this.timers.registerProcessingTimeTimer(VOID_NAMESPACE, this.timers.currentProcessingTime() + 100);
  }

  onEventTime(timer: InternalTimer<Namespace>): void {
    this.output.collect(`${String(timer.key)}=${this.count.value()}`, timer.timestamp);
  }

  onProcessingTime(timer: InternalTimer<Namespace>): void {
    this.count.clear();
    this.output.collect(`${String(timer.key)} forgotten`, timer.timestamp);
  }
}

/** Tags each record with its input; reports its setup and lifecycle to the client. */
class TaggingOperator extends StreamOperator<string> {
  readonly calls: string[] = [];

  override open(): Promise<void> {
    this.calls.push(
      `open ${this.ctx.uid} ${this.ctx.subtaskIndex}/${this.ctx.parallelism} max ${this.ctx.maxParallelism}`,
    );
    return Promise.resolve();
  }

  processElement(value: unknown, timestamp: number, input: number): void {
    this.output.collect(`${input}:${String(value)}`, timestamp);
  }

  override endInput(input: number): void {
    this.calls.push(`endInput ${input}`);
  }

  override async finish(): Promise<void> {
    this.ctx.sendToClient([this.ctx.jobParameters.greeting, this.ctx.config.autoWatermarkIntervalMs]);
    this.calls.push('finish');
  }

  override close(): void {
    this.calls.push('close');
  }
}

describe('OperatorTestHarness', () => {
  it('drives a keyed operator: state, event-time and processing-time timers, side output', async () => {
    const harness = new OperatorTestHarness(new WordCountOperator(), { keyed: true });
    expect(() => harness.processElement('a', 1)).toThrow('call `await harness.open()` first');
    await harness.open();

    harness.processElement('a', 1);
    harness.processElement('b', 2);
    harness.processElement('!x', 3);
    harness.processElement('a', 5);
    expect(harness.sideOutput('rejected')).toEqual(['!x']);
    expect(harness.sideOutputWithTimestamps('rejected')).toEqual([{ value: '!x', timestamp: 3 }]);
    expect(harness.sideOutput('other')).toEqual([]);
    expect(harness.records()).toEqual([]);

    harness.processWatermark(11);
    expect(harness.output).toEqual([
      { kind: 'record', value: 'a=2', timestamp: 11 },
      { kind: 'watermark', watermark: 11 },
    ]);
    harness.processWatermark(20);
    expect(harness.recordsWithTimestamps()).toEqual([
      { value: 'a=2', timestamp: 11 },
      { value: 'b=1', timestamp: 12 },
      { value: 'a=2', timestamp: 15 },
    ]);
    expect(harness.watermarks()).toEqual([11, 20]);

    harness.clearOutput();
    harness.setProcessingTime(99);
    expect(harness.output).toEqual([]);
    harness.setProcessingTime(100);
    expect(harness.records()).toEqual(['a forgotten', 'b forgotten']);
    expect(harness.context.keyedStateBackend!.numEntries('count')).toBe(0);
    expect(harness.processingTimeService.numPendingCallbacks()).toBe(0);

    await harness.finish();
    await harness.close();
    await expect(harness.close()).rejects.toThrow(WeirError);
  });

  it('gives a keyed operator the key groups of its subtask', async () => {
    const harness = new OperatorTestHarness(new WordCountOperator(), { keyed: true, parallelism: 2, subtaskIndex: 1 });
    await harness.open();
    const backend = harness.context.keyedStateBackend!;
    expect(backend.keyGroupRange).toEqual(computeKeyGroupRangeForOperatorIndex(128, 2, 1));
    const words = Array.from({ length: 20 }, (_, i) => `w${i}`);
    const own = words.filter((w) => {
      try {
        harness.processElement(w, 0);
        return true;
      } catch (e) {
        expect(e).toBeInstanceOf(RecordError);
        return false;
      }
    });
    expect(own.length).toBeGreaterThan(0);
    expect(own.length).toBeLessThan(words.length);
    expect(backend.numEntries('count')).toBe(own.length);
  });

  it('drives a two-input operator: watermarks combine over active inputs, statuses and lifecycle pass through', async () => {
    const operator = new TaggingOperator();
    const harness = new OperatorTestHarness(operator, {
      numberOfInputs: 2,
      parallelism: 3,
      subtaskIndex: 2,
      maxParallelism: 16,
      config: { autoWatermarkIntervalMs: 50 },
      jobParameters: { greeting: 'hi' },
    });
    expect(harness.context.keyedStateBackend).toBeUndefined();
    expect(harness.context.timeServiceManager).toBeUndefined();
    expect(harness.context.operatorName).toBe('test-operator');
    await harness.open();
    harness.processElement('x');
    harness.processElement('y', 7, 1);
    harness.processWatermark(5, 0);
    harness.processWatermark(3, 1);
    harness.processWatermarkStatus(true, 1);
    harness.processWatermarkStatus(true, 0);
    harness.processWatermarkStatus(false, 0);
    harness.endInput(0);
    harness.endInput(1);
    await harness.finish();
    expect(() => harness.processElement('late')).toThrow(
      'processElement() is not allowed now; the operator is finished',
    );
    await harness.close();

    expect(harness.output).toEqual([
      { kind: 'record', value: '0:x', timestamp: Number.NEGATIVE_INFINITY },
      { kind: 'record', value: '1:y', timestamp: 7 },
      { kind: 'watermark', watermark: 3 },
      { kind: 'watermark', watermark: 5 },
      { kind: 'status', idle: true },
      { kind: 'status', idle: false },
    ]);
    expect(harness.clientValues).toEqual(['hi', 50]);
    expect(operator.calls).toEqual(['open test-operator 2/3 max 16', 'endInput 0', 'endInput 1', 'finish', 'close']);
  });

  it('rejects a subtask index outside the parallelism', () => {
    expect(() => new OperatorTestHarness(new TaggingOperator(), { parallelism: 2, subtaskIndex: 2 })).toThrow(
      ConfigError,
    );
    expect(() => new OperatorTestHarness(new TaggingOperator(), { parallelism: 0 })).toThrow(ConfigError);
  });
});
