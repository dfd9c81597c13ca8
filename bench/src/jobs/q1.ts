/** Nexmark query 1 as a job: `weir run bench/dist/jobs/q1.js --events N --seed S`. */
import { q1 } from '../nexmark/queries/q1';
import { nexmarkJob } from './nexmark-job';

export default nexmarkJob('q1', q1);
