import { UserFunctionError } from '@weir/common';
import type { CoordinatorGateway } from '../task/coordinator-gateway';
import {
  coordinatorGatewayOver,
  deliverToCoordinator,
  isCoordinatorMessage,
  type CoordinatorMessage,
} from './coordinator-messages';

describe('coordinator messages', () => {
  it('carry every gateway call across a message boundary, a failure with its cause chain', () => {
    const calls: unknown[][] = [];
    const record =
      (name: string) =>
      (...args: unknown[]) =>
        calls.push([name, ...args]);
    const coordinator: CoordinatorGateway = {
      taskRunning: record('running'),
      taskFinished: record('finished'),
      taskFailed: record('failed'),
      registerReader: record('register-reader'),
      requestSplit: record('split-request'),
      reportWatermark: record('watermark'),
      sendToClient: record('client'),
      acknowledgeCheckpoint: record('ack'),
      declineCheckpoint: record('decline'),
    };
    // Structured clone stands in for the port or IPC channel between host and coordinator.
    const remote = coordinatorGatewayOver((m: CoordinatorMessage) => {
      expect(isCoordinatorMessage(m)).toBe(true);
      deliverToCoordinator(structuredClone(m), coordinator);
    });
    const task = { vertex: 2, subtask: 1 };
    remote.taskRunning(task);
    remote.registerReader(task);
    remote.requestSplit(task);
    remote.sendToClient(7, 1, [{ a: 1 }]);
    remote.taskFailed(task, new UserFunctionError('parse', new TypeError('bad line')));
    remote.acknowledgeCheckpoint(task, 3, new Uint8Array([1, 2]), { alignmentMs: 1, snapshotMs: 2, syncMs: 1 });
    remote.declineCheckpoint(task, 4, 'finished');
    remote.taskFinished(task);
    remote.reportWatermark(task, 1_000);

    expect(calls.map((c) => c[0])).toEqual([
      'running',
      'register-reader',
      'split-request',
      'client',
      'failed',
      'ack',
      'decline',
      'finished',
      'watermark',
    ]);
    expect(calls[8]).toEqual(['watermark', task, 1_000]);
    expect(calls[5]).toEqual(['ack', task, 3, new Uint8Array([1, 2]), { alignmentMs: 1, snapshotMs: 2, syncMs: 1 }]);
    expect(calls[6]).toEqual(['decline', task, 4, 'finished']);
    expect(calls[3]).toEqual(['client', 7, 1, [{ a: 1 }]]);
    const failure = calls[4][2] as UserFunctionError;
    expect(failure).toBeInstanceOf(UserFunctionError);
    expect(failure.operatorName).toBe('parse');
    expect((failure.cause as Error).name).toBe('TypeError');
    expect((failure.cause as Error).message).toBe('bad line');
    expect(isCoordinatorMessage({ t: 'progress' })).toBe(false);
  });
});
