/** Nexmark query 7 as a job: `weir run bench/dist/jobs/q7.js --events N --seed S`. */
import { q7 } from '../nexmark/queries/q7';
import { nexmarkJob } from './nexmark-job';

export default nexmarkJob('q7', q7);
