/**
 * Flink's fraud-detection walkthrough: a small transaction (under 1.00) immediately followed, on the
 * same account and within one minute, by a large one (over 500.00) raises an alert, since fraudsters
 * often test a stolen card with a tiny purchase first. A KeyedProcessFunction keeps a flag per
 * account in ValueState and a timer that clears it after the minute. The walkthrough's timer is in
 * processing time; here it is in event time, so the alerts do not depend on how fast the job runs.
 *
 *   weir run examples/fraud-detection.ts [--count 500]
 */
import {
  DataGeneratorSource,
  KeyedProcessFunction,
  Time,
  ValueStateDescriptor,
  WatermarkStrategy,
  defineJob,
  type Collector,
  type DataStream,
  type RuntimeContext,
  type StreamExecutionEnvironment,
  type ValueState,
} from '@weir/api';
import { pseudoRandom } from './pseudo-random';

export interface Transaction {
  accountId: number;
  amount: number;
  /** Event time, in ms. */
  ts: number;
}

export interface Alert {
  accountId: number;
  /** The large transaction's. */
  amount: number;
  ts: number;
}

export const SMALL_AMOUNT = 1.0;
export const LARGE_AMOUNT = 500.0;
export const ONE_MINUTE = Time.minutes(1);
export const ACCOUNTS = 5;

/** The i-th transaction: one every 10 s, on a random account; 1 in 5 small, 1 in 6 large. */
export function transaction(i: number): Transaction {
  const h = pseudoRandom(i);
  const kind = (h >>> 8) % 30;
  const cents =
    kind < 6 ? 1 + ((h >>> 12) % 99) : kind < 11 ? 50_001 + ((h >>> 12) % 50_000) : 100 + ((h >>> 12) % 40_000);
  return { accountId: 1 + (h % ACCOUNTS), amount: cents / 100, ts: i * 10_000 };
}

export class FraudDetector extends KeyedProcessFunction<number, Transaction, Alert> {
  /** Set while the account's last transaction was small and less than a minute ago. */
  private flag!: ValueState<boolean>;
  /** When that minute ends: the time of the timer that clears the flag. */
  private timer!: ValueState<number>;

  override open(ctx: RuntimeContext): void {
    this.flag = ctx.getState(new ValueStateDescriptor<boolean>('flag'));
    this.timer = ctx.getState(new ValueStateDescriptor<number>('timer'));
  }

  override processElement(tx: Transaction, ctx: KeyedProcessFunction.Context<number>, out: Collector<Alert>): void {
    if (this.flag.value()) {
      // An event-time timer fires only when the watermark passes it, which may be after a later
      // transaction arrives: the minute is checked here, the timer only frees the state.
      if (tx.amount > LARGE_AMOUNT && tx.ts <= this.timer.value()!) {
        out.collect({ accountId: tx.accountId, amount: tx.amount, ts: tx.ts });
      }
      this.cleanUp(ctx);
    }
    if (tx.amount < SMALL_AMOUNT) {
      const timer = tx.ts + ONE_MINUTE;
      ctx.timerService().registerEventTimeTimer(timer);
      this.flag.update(true);
      this.timer.update(timer);
    }
  }

  override onTimer(): void {
    this.flag.clear();
    this.timer.clear();
  }

  private cleanUp(ctx: KeyedProcessFunction.Context<number>): void {
    ctx.timerService().deleteEventTimeTimer(this.timer.value()!);
    this.flag.clear();
    this.timer.clear();
  }
}

/** The job without its sink: the alerts raised on `count` generated transactions. */
export function fraudAlerts(env: StreamExecutionEnvironment, count: number): DataStream<Alert> {
  return (
    env
      .fromSource(
        new DataGeneratorSource({ generate: transaction, count }),
        WatermarkStrategy.forMonotonousTimestamps<Transaction>().withTimestampAssigner((tx) => tx.ts),
        'transactions',
      )
      // One reader keeps each account's transactions in order, as one Kafka partition would.
      .setParallelism(1)
      .keyBy((tx) => tx.accountId)
      .process(new FraudDetector())
      .name('fraud-detector')
  );
}

export default defineJob({ name: 'fraud-detection' }, (env, args) => {
  fraudAlerts(env, Number(args.count ?? 500)).print('alert');
});
