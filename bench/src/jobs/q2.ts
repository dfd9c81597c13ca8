/** Nexmark query 2 as a job: `weir run bench/dist/jobs/q2.js --events N --seed S`. */
import { q2 } from '../nexmark/queries/q2';
import { nexmarkJob } from './nexmark-job';

export default nexmarkJob('q2', q2);
