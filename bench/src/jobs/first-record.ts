/** One record to the client: what the time from a job's submission to its first output measures. */
import { CollectSink, defineJob } from '@weir/api';

export default defineJob({ name: 'first-record' }, (env) => {
  env.fromElements('first').sinkTo(new CollectSink());
});
