import { StreamExecutionEnvironment } from '@weir/api';
import * as path from 'node:path';
import { inspect } from 'node:util';
import sessionWindowsJob, {
  FIXED_GAP,
  activity,
  dynamicGap,
  userSessions,
  type Activity,
  type GapKind,
  type Session,
} from './session-windows';
import { runJobFile } from './testing/run-job-file';

const COUNT = 300;

/**
 * Flink's sessions, computed offline: every activity opens the interval [ts, ts + gap); a user's
 * intervals that overlap or touch form one session, from its first start to its last end.
 */
function expectedSessions(count: number, gapOf: (a: Activity) => number): Session[] {
  const byUser = new Map<string, Activity[]>();
  for (let i = 0; i < count; i++) {
    const a = activity(i);
    let list = byUser.get(a.user);
    if (list === undefined) byUser.set(a.user, (list = []));
    list.push(a);
  }
  const sessions: Session[] = [];
  for (const [user, activities] of byUser) {
    activities.sort((a, b) => a.ts - b.ts);
    let current: Session | undefined;
    for (const a of activities) {
      const end = a.ts + gapOf(a);
      if (current !== undefined && a.ts <= current.end) {
        current.end = Math.max(current.end, end);
        current.events++;
      } else {
        if (current !== undefined) sessions.push(current);
        current = { user, start: a.ts, end, events: 1 };
      }
    }
    sessions.push(current!);
  }
  return sorted(sessions);
}

function sorted(sessions: Session[]): Session[] {
  return sessions.slice().sort((a, b) => a.start - b.start || a.user.localeCompare(b.user));
}

const expected: Record<GapKind, Session[]> = {
  fixed: expectedSessions(COUNT, () => FIXED_GAP),
  dynamic: expectedSessions(COUNT, dynamicGap),
};

describe('examples/session-windows', () => {
  it('generates users with several sessions each, and gaps that change them', () => {
    for (const sessions of Object.values(expected)) {
      const users = new Set(sessions.map((s) => s.user));
      expect(users.size).toBe(4);
      expect(sessions.length).toBeGreaterThan(4 * 3);
      expect(sessions.reduce((n, s) => n + s.events, 0)).toBe(COUNT);
    }
    expect(expected.dynamic).not.toEqual(expected.fixed);
  });

  describe.each(['fixed', 'dynamic'] as const)('with a %s gap', (gap) => {
    it.each([1, 2, 4])('reports every session at parallelism %i', async (parallelism) => {
      const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism });
      expect(sorted(await userSessions(env, COUNT, gap).executeAndCollect())).toEqual(expected[gap]);
    });
  });

  it.each(['fixed', 'dynamic'] as const)('prints the sessions when run as a job module (%s gap)', async (gap) => {
    const want = expected[gap].map((s) => `session> ${inspect(s, { compact: true, breakLength: Infinity })}`);
    const printed = await runJobFile(path.join(__dirname, 'session-windows.ts'), {
      args: { count: String(COUNT), gap },
      parallelism: 2,
      expectedLines: want.length,
    });
    expect(printed.sort()).toEqual(want.sort());
  });

  it('refuses an unknown --gap', () => {
    expect(() => sessionWindowsJob.buildGraph({ args: { gap: 'sliding' }, parallelism: 1 })).toThrow(
      "--gap must be 'fixed' or 'dynamic', not 'sliding'",
    );
  });
});
