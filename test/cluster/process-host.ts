/**
 * The coordinator's handle on a task host process (fixtures/task-host-process.ts): the HostHandle
 * a JobManager will hold for a TaskManager slot, here over Node's IPC instead of NATS control subjects.
 */
import { RuntimeFailure } from '@weir/common';
import type { JobBuildOptions } from '@weir/core';
import type {
  CoordinatorGateway,
  DataPlaneScope,
  HostHandle,
  HostProgress,
  JobBundle,
  SourceEvent,
  SubtaskAddress,
} from '@weir/runtime';
import { deliverToCoordinator, isCoordinatorMessage } from '@weir/runtime';
import { fork, type ChildProcess } from 'node:child_process';
import type { FromTaskHostProcess, ToTaskHostProcess } from './task-host-process-protocol';

export interface ProcessHostOptions {
  /** The compiled fixtures/task-host-process script. */
  script: string;
  /** Where the script finds its packages (it is compiled outside the repository). */
  nodePath: string;
  natsUrl: string;
  scope: DataPlaneScope;
  bundle: JobBundle;
  buildOptions: JobBuildOptions;
  hostIndex: number;
  numberOfHosts: number;
}

export class ProcessHost implements HostHandle {
  private readonly child: ChildProcess;
  private lastProgress = { recordsFromSources: 0, recordsToSinks: 0, droppedMessages: 0 };
  private deployed: { resolve: () => void; reject: (e: Error) => void } | undefined;
  private readonly exited: Promise<void>;
  private shuttingDown = false;

  constructor(
    private readonly options: ProcessHostOptions,
    private readonly attemptNumber: number,
    private readonly coordinator: CoordinatorGateway,
  ) {
    this.child = fork(options.script, [], {
      serialization: 'advanced',
      stdio: 'inherit',
      env: { ...process.env, NODE_PATH: options.nodePath },
    });
    this.child.on('message', (message: FromTaskHostProcess) => this.onMessage(message));
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        resolve();
        if (this.shuttingDown) return;
        const error = new RuntimeFailure(
          `Task host process ${options.hostIndex} exited (code ${code}, signal ${signal}).`,
        );
        this.deployed?.reject(error);
        coordinator.taskFailed({ vertex: -1, subtask: options.hostIndex }, error);
      }),
    );
  }

  /** The operating system's id of the host process. */
  get pid(): number {
    return this.child.pid!;
  }

  get droppedMessages(): number {
    return this.lastProgress.droppedMessages;
  }

  deploy(): Promise<void> {
    return new Promise((resolve, reject) => {
      this.deployed = { resolve, reject };
      const { natsUrl, scope, bundle, buildOptions, hostIndex, numberOfHosts } = this.options;
      const attemptNumber = this.attemptNumber;
      this.post({ t: 'deploy', natsUrl, scope, bundle, buildOptions, attemptNumber, hostIndex, numberOfHosts });
    });
  }

  start(): void {
    this.post({ t: 'start' });
  }

  deliverSourceEvent(to: SubtaskAddress, event: SourceEvent): void {
    this.post({ t: 'source-event', to, event });
  }

  async shutdown(): Promise<void> {
    this.shuttingDown = true;
    this.post({ t: 'cancel' });
    const timeout = setTimeout(() => this.child.kill('SIGKILL'), 5000);
    await this.exited;
    clearTimeout(timeout);
  }

  progress(): HostProgress {
    return this.lastProgress;
  }

  private post(message: ToTaskHostProcess): void {
    if (this.child.connected) this.child.send(message);
  }

  private onMessage(m: FromTaskHostProcess): void {
    if (isCoordinatorMessage(m)) return deliverToCoordinator(m, this.coordinator);
    switch (m.t) {
      case 'deployed':
        this.deployed?.resolve();
        break;
      case 'deploy-failed':
        this.deployed?.reject(new RuntimeFailure(m.message));
        break;
      case 'progress':
        this.lastProgress = m;
        break;
    }
  }
}
