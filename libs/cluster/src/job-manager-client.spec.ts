import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { JobManagerClient, JobManagerRequestError } from './job-manager-client';
import { encodeOutputFrame } from './output-frames';
import type { OutputFrame } from './rest-api';

/** An HTTP server on a free port that answers every request with `respond`, counting them. */
async function serve(respond: (server: Served) => void = (s) => s.json({ jobs: [] })): Promise<Served> {
  const served = new Served();
  served.server = createServer((request, response) => {
    served.requests.push(`${request.method} ${request.url}`);
    served.response = response;
    respond(served);
  });
  await new Promise<void>((resolve) => served.server.listen(0, '127.0.0.1', resolve));
  return served;
}

class Served {
  server!: Server;
  response!: ServerResponse;
  readonly requests: string[] = [];
  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }
  json(body: unknown): void {
    this.response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
  }
  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A URL nobody listens on: a port that was free a moment ago. */
async function refusingUrl(): Promise<string> {
  const s = await serve();
  const url = s.url;
  await s.close();
  return url;
}

describe('JobManagerClient with standby JobManagers', () => {
  const servers: Served[] = [];
  afterEach(async () => {
    await Promise.all(servers.splice(0).map((s) => s.close()));
  });

  it('goes on to the next URL when one refuses the connection, and starts from the one that answered', async () => {
    const standby = await refusingUrl();
    const leader = await serve();
    servers.push(leader);
    const client = new JobManagerClient(`${standby}, ${leader.url}/`);
    expect(await client.list()).toEqual([]);
    expect(await client.list()).toEqual([]);
    expect(leader.requests).toEqual(['GET /jobs', 'GET /jobs']);
  });

  it('names every URL when none answers', async () => {
    const [a, b] = [await refusingUrl(), await refusingUrl()];
    const failure = new JobManagerClient(`${a},${b}`).list();
    await expect(failure).rejects.toThrow(JobManagerRequestError);
    await expect(failure).rejects.toThrow(`Cannot reach the JobManager at any of ${a}, ${b} (ECONNREFUSED)`);
  });

  it('does not send a submission again when its connection broke after it was sent', async () => {
    const dying = await serve((s) => s.response.socket?.destroy());
    const other = await serve();
    servers.push(dying, other);
    const client = new JobManagerClient(`${dying.url},${other.url}`);
    await expect(client.submit({ bundle: { sourceFile: 'job.ts', code: '' }, args: {} })).rejects.toThrow(
      `Cannot reach the JobManager at any of ${dying.url}, ${other.url}`,
    );
    expect(dying.requests).toEqual(['POST /jobs']);
    expect(other.requests).toEqual([]);
  });

  it("says the JobManager was lost when a job's output breaks off, after the frames that came", async () => {
    const frame: OutputFrame = { kind: 'stdout', text: 'one\n' };
    const dying = await serve((s) => {
      s.response.writeHead(200).write(encodeOutputFrame(frame));
      setTimeout(() => s.response.socket?.destroy(), 50);
    });
    servers.push(dying);
    const seen: OutputFrame[] = [];
    const following = (async () => {
      for await (const f of new JobManagerClient(dying.url).output('job-1')) seen.push(f);
    })();
    await expect(following).rejects.toThrow(
      new RegExp(
        `^Lost the JobManager at ${dying.url} while following the output of job job-1 \\(other side closed\\)`,
      ),
    );
    expect(seen).toEqual([frame]);
  });

  it('leaves an output it cannot decode to fail as it is, not as a lost JobManager', async () => {
    const garbage = Buffer.from([3, 0, 0, 0, 0xff, 0xff, 0xff]);
    const served = await serve((s) => s.response.writeHead(200).end(garbage));
    servers.push(served);
    const following = (async () => {
      for await (const f of new JobManagerClient(served.url).output('job-1')) void f;
    })();
    await expect(following).rejects.not.toThrow(JobManagerRequestError);
  });

  it('refuses a list with a URL that is not http(s), naming it', () => {
    expect(() => new JobManagerClient('http://127.0.0.1:8081,nats://127.0.0.1:4222')).toThrow(
      "JobManager URL 'nats://127.0.0.1:4222' is not an http(s):// URL",
    );
  });
});
