/** Nexmark query 5 as a job: `weir run bench/dist/jobs/q5.js --events N --seed S`. */
import { q5 } from '../nexmark/queries/q5';
import { nexmarkJob } from './nexmark-job';

export default nexmarkJob('q5', q5);
