import { StreamExecutionEnvironment } from '@weir/api';
import * as path from 'node:path';
import { inspect } from 'node:util';
import { fraudAlerts, transaction, type Alert, type Transaction } from './fraud-detection';
import { runJobFile } from './testing/run-job-file';

const COUNT = 500;

/** An alert for every large transaction (> 500) right after a small one (< 1) on its account, at most a minute later. */
function expectedAlerts(count: number): Alert[] {
  const previous = new Map<number, Transaction>();
  const alerts: Alert[] = [];
  for (let i = 0; i < count; i++) {
    const tx = transaction(i);
    const last = previous.get(tx.accountId);
    if (last !== undefined && last.amount < 1 && tx.amount > 500 && tx.ts - last.ts <= 60_000) {
      alerts.push({ accountId: tx.accountId, amount: tx.amount, ts: tx.ts });
    }
    previous.set(tx.accountId, tx);
  }
  return alerts;
}

function sortedAlerts(alerts: Alert[]): Alert[] {
  return alerts.slice().sort((a, b) => a.ts - b.ts);
}

const expected = expectedAlerts(COUNT);

describe('examples/fraud-detection', () => {
  it('generates small-then-large pairs both within and beyond a minute', () => {
    let tooLate = 0;
    const previous = new Map<number, Transaction>();
    for (let i = 0; i < COUNT; i++) {
      const tx = transaction(i);
      const last = previous.get(tx.accountId);
      if (last !== undefined && last.amount < 1 && tx.amount > 500 && tx.ts - last.ts > 60_000) tooLate++;
      previous.set(tx.accountId, tx);
    }
    expect(expected.length).toBeGreaterThan(3);
    expect(tooLate).toBeGreaterThan(0);
  });

  it.each([1, 2, 4])('raises exactly the expected alerts at parallelism %i', async (parallelism) => {
    const env = StreamExecutionEnvironment.createLocalEnvironment({ parallelism });
    expect(sortedAlerts(await fraudAlerts(env, COUNT).executeAndCollect())).toEqual(expected);
  });

  it('prints the alerts when run as a job module', async () => {
    const want = expected.map((alert) => `alert> ${inspect(alert, { compact: true, breakLength: Infinity })}`);
    const printed = await runJobFile(path.join(__dirname, 'fraud-detection.ts'), {
      args: { count: String(COUNT) },
      parallelism: 2,
      expectedLines: want.length,
    });
    expect(printed.sort()).toEqual(want.sort());
  });
});
