/*
 * File source → file sink (`--path` in, `--out` the directory of part files): every line read,
 * written and committed once, nothing else, so the figure is what the files connector costs.
 * `--checkpointMs N` takes a checkpoint every N ms, committing parts as the job goes.
 */
import { WatermarkStrategy, defineJob } from '@weir/api';
import { fileSink, fileSource } from '@weir/connector-files';
import { announceSourceStart } from '../harness/source-start';
import { integerArg, stringArg } from './job-args';

export default defineJob({ name: 'file-copy' }, (env, args) => {
  const checkpointMs = integerArg(args, 'checkpointMs', 0);
  if (checkpointMs > 0) env.enableCheckpointing(checkpointMs);
  let started = false;
  env
    .fromSource(fileSource({ path: stringArg(args, 'path') }), WatermarkStrategy.noWatermarks<string>(), 'lines')
    .map((line) => {
      if (!started) {
        started = true;
        announceSourceStart();
      }
      return line;
    })
    .name('announce start')
    .sinkTo(fileSink({ path: stringArg(args, 'out') }))
    .name('parts');
});
