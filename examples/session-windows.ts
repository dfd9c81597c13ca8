/**
 * User sessions: a user's activity belongs to one session until they pause for longer than the
 * gap. Event-time session windows find the sessions per user; a ProcessWindowFunction reports each
 * one with its window's bounds. With `--gap dynamic` the gap depends on what the user did last
 * (EventTimeSessionWindows.withDynamicGap): after a search they read the results for a while,
 * after a purchase they are gone soon.
 *
 *   weir run examples/session-windows.ts [--gap fixed|dynamic] [--count 300]
 */
import {
  DataGeneratorSource,
  EventTimeSessionWindows,
  JobDefinitionError,
  ProcessWindowFunction,
  Time,
  WatermarkStrategy,
  defineJob,
  type Collector,
  type DataStream,
  type StreamExecutionEnvironment,
} from '@weir/api';
import { pseudoRandom } from './pseudo-random';

export type Action = 'view' | 'search' | 'buy';

export interface Activity {
  user: string;
  action: Action;
  /** Event time, in ms. */
  ts: number;
}

export interface Session {
  user: string;
  start: number;
  /** The end of the session's window: its last activity's time plus that activity's gap (exclusive). */
  end: number;
  events: number;
}

export type GapKind = 'fixed' | 'dynamic';

export const USERS = ['alice', 'bob', 'carol', 'dave'];
export const ACTIONS: readonly Action[] = ['view', 'view', 'view', 'search', 'view', 'buy'];
export const OUT_OF_ORDERNESS = Time.seconds(2);
export const FIXED_GAP = Time.seconds(5);

/** How long a user may pause after `activity` before their session ends. */
export function dynamicGap(activity: Activity): number {
  if (activity.action === 'search') return Time.seconds(10);
  return activity.action === 'buy' ? Time.seconds(1) : FIXED_GAP;
}

/**
 * The i-th activity: one a second, every 5th 1.5 s early (out of order, within the bound), by one
 * of the users online in that half minute (each is offline for some of them).
 */
export function activity(i: number): Activity {
  const period = Math.floor(i / 30);
  const online = USERS.filter((_, u) => pseudoRandom(period * USERS.length + u) % 3 !== 0);
  const users = online.length > 0 ? online : USERS;
  const h = pseudoRandom(i + 1_000_000);
  return {
    user: users[h % users.length],
    action: ACTIONS[(h >>> 8) % ACTIONS.length],
    ts: i * 1000 - (i % 5 === 4 ? 1500 : 0),
  };
}

export class SessionSummary extends ProcessWindowFunction<Activity, Session, string> {
  override process(
    user: string,
    ctx: ProcessWindowFunction.Context,
    activities: Iterable<Activity>,
    out: Collector<Session>,
  ): void {
    let events = 0;
    for (const _ of activities) events++;
    out.collect({ user, start: ctx.window.start, end: ctx.window.end, events });
  }
}

/** The job without its sink: every user's sessions in `count` generated activities. */
export function userSessions(env: StreamExecutionEnvironment, count: number, gap: GapKind): DataStream<Session> {
  return env
    .fromSource(
      new DataGeneratorSource({ generate: activity, count }),
      WatermarkStrategy.forBoundedOutOfOrderness<Activity>(OUT_OF_ORDERNESS).withTimestampAssigner((a) => a.ts),
      'activity',
    )
    .keyBy((a) => a.user)
    .window(
      gap === 'dynamic'
        ? EventTimeSessionWindows.withDynamicGap(dynamicGap)
        : EventTimeSessionWindows.withGap(FIXED_GAP),
    )
    .process(new SessionSummary());
}

export default defineJob({ name: 'session-windows' }, (env, args) => {
  const gap = args.gap ?? 'fixed';
  if (gap !== 'fixed' && gap !== 'dynamic') {
    throw new JobDefinitionError(`Job 'session-windows': --gap must be 'fixed' or 'dynamic', not '${gap}'.`);
  }
  userSessions(env, Number(args.count ?? 300), gap).print('session');
});
