/*
 * A job that holds a lot of keyed state, for the checkpoint benchmark (runner/checkpoint-state-benchmark.ts):
 * `weir run bench/dist/jobs/keyed-profiles.js --keys N [--checkpoint-interval MS] [--storage URL]`.
 * An unbounded stream of events for N customers; each customer's profile (a ValueState object with
 * counters, a short history and a label) is updated in place by every event of its key, as a real
 * aggregation would. The first N events create one profile each, then events pick keys at random.
 * The profile function reports to the benchmark over a BroadcastChannel (see StateProbe).
 */
import {
  DataGeneratorSource,
  defineJob,
  KeyedProcessFunction,
  RestartStrategies,
  ValueStateDescriptor,
  WatermarkStrategy,
  type Collector,
  type RuntimeContext,
  type ValueState,
} from '@weir/api';
import { BenchSink } from '../harness/bench-sink';
import { StateProbe } from '../harness/state-probe';
import { integerArg } from './job-args';

interface Purchase {
  readonly customer: number;
  readonly amount: number;
}

interface Profile {
  purchases: number;
  total: number;
  largest: number;
  /** The last few amounts, newest last. */
  recent: number[];
  label: string;
}

const RECENT = 6;

class ProfileFunction extends KeyedProcessFunction<number, Purchase, Profile> {
  private profiles!: ValueState<Profile>;
  private probe!: StateProbe;

  override open(ctx: RuntimeContext): void {
    this.profiles = ctx.getState(new ValueStateDescriptor<Profile>('profile'));
    this.probe = new StateProbe(ctx.getIndexOfThisSubtask(), ctx.getAttemptNumber());
  }

  processElement(purchase: Purchase, _ctx: KeyedProcessFunction.Context<number>, out: Collector<Profile>): void {
    this.probe.onRecord();
    const profile = this.profiles.value();
    if (profile === undefined) {
      this.probe.keys++;
      this.profiles.update({
        purchases: 1,
        total: purchase.amount,
        largest: purchase.amount,
        recent: [purchase.amount],
        label: `customer-${purchase.customer}-tier-${purchase.customer % 7}`,
      });
      return;
    }
    profile.purchases++;
    profile.total += purchase.amount;
    if (purchase.amount > profile.largest) profile.largest = purchase.amount;
    if (profile.recent.length === RECENT) profile.recent.shift();
    profile.recent.push(purchase.amount);
    // A sample of the profiles goes on, so the job has output.
    if (profile.purchases % 1024 === 0) out.collect(profile);
  }

  override close(): void {
    this.probe?.close();
  }
}

export default defineJob({ name: 'keyed-profiles' }, (env, args) => {
  const keys = integerArg(args, 'keys', 1_000_000, 1);
  const interval = integerArg(args, 'checkpoint-interval', 0);
  if (interval > 0) {
    env.enableCheckpointing(interval);
    const config = env.getCheckpointConfig();
    if (args.storage !== undefined) config.setCheckpointStorage(args.storage);
    // A checkpoint of a large state takes seconds, minutes on a machine shared with other work: give it time.
    config.setCheckpointTimeout(600_000);
  }
  env.setRestartStrategy(RestartStrategies.fixedDelay(3, 0));
  // Multiplicative hashing spreads the keys after the first pass over them.
  const customer = (i: number): number => (i < keys ? i : Math.imul(i, 0x9e3779b1) >>> 0) % keys;
  const source = new DataGeneratorSource({ generate: (i): Purchase => ({ customer: customer(i), amount: i % 997 }) });
  env
    .fromSource(source, WatermarkStrategy.noWatermarks<Purchase>(), 'purchases')
    .keyBy((p) => p.customer)
    .process(new ProfileFunction())
    .name('profiles')
    .uid('profiles')
    .sinkTo(new BenchSink())
    .name('blackhole');
});
