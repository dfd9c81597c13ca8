/** Nexmark query 8 as a job: `weir run bench/dist/jobs/q8.js --events N --seed S`. */
import { q8 } from '../nexmark/queries/q8';
import { nexmarkJob } from './nexmark-job';

export default nexmarkJob('q8', q8);
