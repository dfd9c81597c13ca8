/**
 * The JobManager's REST API from a client: `weir run --jobmanager`, `weir list`, `weir cancel`,
 * and `getExecutionEnvironment()` when WEIR_JOBMANAGER is set.
 */
import { WeirError } from '@weir/common';
import type { CheckpointHistory, CheckpointStats } from '@weir/runtime';
import { decodeOutputFrames } from './output-frames';
import type {
  JobDetail,
  JobSummary,
  OutputFrame,
  SavepointResponse,
  StopJobResponse,
  SubmitJobRequest,
  SubmitJobResponse,
  TaskManagerView,
} from './rest-api';

/** The JobManager refused a request, or could not be reached. */
export class JobManagerRequestError extends WeirError {
  constructor(
    message: string,
    /** The HTTP status, or undefined when the JobManager did not answer. */
    readonly status: number | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * A client of one cluster's JobManagers: `urls` is one URL or several, comma-separated, for a
 * cluster with standby JobManagers. Only the leader listens, so a request that finds nobody at one
 * URL goes to the next, and later requests start from the one that answered.
 */
export class JobManagerClient {
  private readonly baseUrls: string[];
  /** Where the last answer came from. */
  private current = 0;

  constructor(urls: string) {
    this.baseUrls = urls.split(',').map((url) => url.trim().replace(/\/+$/, ''));
    for (const url of this.baseUrls) {
      if (!/^https?:\/\/[^/]+/.test(url)) {
        throw new JobManagerRequestError(
          `JobManager URL '${url}' is not an http(s):// URL, such as http://127.0.0.1:8081.`,
          undefined,
        );
      }
    }
  }

  submit(request: SubmitJobRequest): Promise<SubmitJobResponse> {
    return this.json('POST', '/jobs', request);
  }

  async list(): Promise<JobSummary[]> {
    return (await this.json<{ jobs: JobSummary[] }>('GET', '/jobs')).jobs;
  }

  job(jobId: string): Promise<JobDetail> {
    return this.json('GET', `/jobs/${encodeURIComponent(jobId)}`);
  }

  cancel(jobId: string): Promise<JobSummary> {
    return this.json('POST', `/jobs/${encodeURIComponent(jobId)}/cancel`);
  }

  async taskManagers(): Promise<TaskManagerView[]> {
    return (await this.json<{ taskManagers: TaskManagerView[] }>('GET', '/taskmanagers')).taskManagers;
  }

  /** The job's checkpoint history, oldest first. */
  async checkpoints(jobId: string): Promise<CheckpointStats[]> {
    return (await this.checkpointHistory(jobId)).checkpoints;
  }

  /** The job's checkpoint history, oldest first, and its counts over the job's life. */
  checkpointHistory(jobId: string): Promise<CheckpointHistory> {
    return this.json('GET', `/jobs/${encodeURIComponent(jobId)}/checkpoints`);
  }

  /** Takes a savepoint of a running job (under `name`, or a generated one). */
  savepoint(jobId: string, name?: string): Promise<SavepointResponse> {
    return this.json('POST', `/jobs/${encodeURIComponent(jobId)}/savepoints`, { name });
  }

  /** Takes a savepoint, then cancels the job. */
  stop(jobId: string, name?: string): Promise<StopJobResponse> {
    return this.json('POST', `/jobs/${encodeURIComponent(jobId)}/stop`, { name });
  }

  /** The job's client-sink output, ending with its outcome. */
  async *output(jobId: string): AsyncGenerator<OutputFrame> {
    const response = await this.request('GET', `/jobs/${encodeURIComponent(jobId)}/output`);
    if (response.body === null) return;
    const from = this.baseUrls[this.current];
    try {
      yield* decodeOutputFrames(response.body);
    } catch (error) {
      // fetch's stream fails with a TypeError caused by the socket's error; anything else is not the connection.
      const { name, cause } = error as { name?: string; cause?: { message?: string } };
      if (name !== 'TypeError' || cause === undefined) throw error;
      throw new JobManagerRequestError(
        `Lost the JobManager at ${from} while following the output of job ${jobId} (${cause.message ?? error}). ` +
          "The job may go on under a JobManager that takes over; 'weir list' shows it.",
        undefined,
        { cause: error },
      );
    }
  }

  private async json<T>(method: string, path: string, body?: unknown): Promise<T> {
    return (await (await this.request(method, path, body)).json()) as T;
  }

  private async request(method: string, path: string, body?: unknown): Promise<Response> {
    const response = await this.fetchFromLeader(method, path, body);
    if (!response.ok) {
      const text = await response.text();
      let message = text;
      try {
        const parsed = JSON.parse(text) as { message?: string | string[] };
        if (parsed.message !== undefined) message = [parsed.message].flat().join('; ');
      } catch {
        // Not JSON: the text is the message.
      }
      throw new JobManagerRequestError(
        `JobManager refused ${method} ${path} (${response.status}): ${message}`,
        response.status,
      );
    }
    return response;
  }

  /**
   * Sends the request to the first JobManager that takes it. Only a refused connection moves on to
   * the next URL (a standby does not listen): a request cut off on its way may have arrived, and
   * sending a submission again could start the job twice.
   */
  private async fetchFromLeader(method: string, path: string, body?: unknown): Promise<Response> {
    for (let tried = 1; ; tried++) {
      const baseUrl = this.baseUrls[this.current];
      try {
        return await fetch(baseUrl + path, {
          method,
          headers: body === undefined ? {} : { 'content-type': 'application/json' },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (error) {
        const reason = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
        if (reason === 'ECONNREFUSED' && tried < this.baseUrls.length) {
          this.current = (this.current + 1) % this.baseUrls.length;
          continue;
        }
        const where = this.baseUrls.length === 1 ? `at ${baseUrl}` : `at any of ${this.baseUrls.join(', ')}`;
        throw new JobManagerRequestError(
          `Cannot reach the JobManager ${where} (${reason}); is it running? ('weir cluster up' starts a local cluster)`,
          undefined,
          { cause: error },
        );
      }
    }
  }
}
