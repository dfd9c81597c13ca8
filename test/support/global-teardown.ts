import { releaseBrokers } from './brokers';

/** After the integration tests: the Kafka and Pulsar brokers they started go, unless another run uses them. */
export default async function globalTeardown(): Promise<void> {
  await releaseBrokers();
}
