import { TEST_RUN_ENV } from './brokers';

/** Names this Jest run for the brokers' leases (test/support/brokers.ts); workers inherit it. */
export default function globalSetup(): void {
  process.env[TEST_RUN_ENV] = String(process.pid);
}
