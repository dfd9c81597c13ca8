/** The REST API's jobs (DESIGN.md §9): submit, list, detail, cancel, and the client-sink output stream. */
import { Body, Controller, Get, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  encodeOutputFrame,
  type JobDetail,
  type JobSummary,
  type SavepointResponse,
  type StopJobResponse,
  type SubmitJobResponse,
} from '@weir/cluster';
import type { CheckpointHistory } from '@weir/runtime';
import type { FastifyReply } from 'fastify';
import { once } from 'node:events';
import { JobService } from './job-service';
import { SavepointDto } from './savepoint.dto';
import { SubmitJobDto } from './submit-job.dto';

@Controller('jobs')
export class JobsController {
  constructor(private readonly jobs: JobService) {}

  @Post()
  submit(@Body() request: SubmitJobDto): Promise<SubmitJobResponse> {
    return this.jobs.submit(request);
  }

  @Get()
  async list(): Promise<{ jobs: JobSummary[] }> {
    return { jobs: await this.jobs.list() };
  }

  @Get(':id')
  detail(@Param('id') id: string): Promise<JobDetail> {
    return this.jobs.detail(id);
  }

  @Post(':id/cancel')
  @HttpCode(202)
  cancel(@Param('id') id: string): Promise<JobSummary> {
    return this.jobs.cancel(id);
  }

  /** The job's checkpoint history, oldest first (the last 100), and its counts over the job's life. */
  @Get(':id/checkpoints')
  checkpoints(@Param('id') id: string): Promise<CheckpointHistory> {
    return this.jobs.checkpoints(id);
  }

  @Post(':id/savepoints')
  savepoint(@Param('id') id: string, @Body() request: SavepointDto): Promise<SavepointResponse> {
    return this.jobs.savepoint(id, request.name);
  }

  /** Takes a savepoint (named `name`, if given), then cancels the job. */
  @Post(':id/stop')
  stop(@Param('id') id: string, @Body() request: SavepointDto): Promise<StopJobResponse> {
    return this.jobs.stop(id, request.name);
  }

  /** Frames (output-frames.ts) as the job's client sinks produce them, ending with the job's outcome. */
  @Get(':id/output')
  async output(@Param('id') id: string, @Res() reply: FastifyReply): Promise<void> {
    const job = this.jobs.job(id);
    reply.hijack();
    const raw = reply.raw;
    raw.writeHead(200, { 'content-type': 'application/octet-stream' });
    let closed = false;
    raw.once('close', () => (closed = true));
    for await (const frame of job.output.read()) {
      if (closed) break;
      if (!raw.write(encodeOutputFrame(frame))) await Promise.race([once(raw, 'drain'), once(raw, 'close')]);
    }
    raw.end();
  }
}
