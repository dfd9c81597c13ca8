/** Nexmark query 4 as a job: `weir run bench/dist/jobs/q4.js --events N --seed S`. */
import { q4 } from '../nexmark/queries/q4';
import { nexmarkJob } from './nexmark-job';

export default nexmarkJob('q4', q4);
