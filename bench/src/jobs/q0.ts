/** Nexmark query 0 as a job: `weir run bench/dist/jobs/q0.js --events N --seed S`. */
import { q0 } from '../nexmark/queries/q0';
import { nexmarkJob } from './nexmark-job';

export default nexmarkJob('q0', q0);
