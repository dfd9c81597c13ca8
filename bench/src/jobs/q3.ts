/** Nexmark query 3 as a job: `weir run bench/dist/jobs/q3.js --events N --seed S`. */
import { q3 } from '../nexmark/queries/q3';
import { nexmarkJob } from './nexmark-job';

export default nexmarkJob('q3', q3);
