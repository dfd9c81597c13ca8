/*
 * The NATS subjects of the data plane (DESIGN.md §3): each subtask is addressed by its own data
 * subject (batches and in-band events for it as a receiver) and credit subject (credits for it as
 * a sender): `weir.<c>.job.<jobId>.<attempt>.<vertex>.<subtask>.data|credit`. Ids become subject tokens, so they must not contain the separators NATS reserves.
 */
import { RuntimeFailure } from '@weir/common';
import type { SubtaskAddress } from '../channel-event';

/**
 * Which cluster, job and attempt a data plane belongs to: the prefix of all its subjects. The
 * attempt is part of it so that a restarted job never receives a batch of the attempt before.
 */
export interface DataPlaneScope {
  readonly clusterId: string;
  readonly jobId: string;
  readonly attempt: number;
}

export function dataSubject(scope: DataPlaneScope, to: SubtaskAddress): string {
  return `${jobPrefix(scope)}.${to.vertex}.${to.subtask}.data`;
}

export function creditSubject(scope: DataPlaneScope, to: SubtaskAddress): string {
  return `${jobPrefix(scope)}.${to.vertex}.${to.subtask}.credit`;
}

/** Checks that the ids can be subject tokens; call it once when a data plane is set up. */
export function checkDataPlaneScope(scope: DataPlaneScope): void {
  checkToken('clusterId', scope.clusterId);
  checkToken('jobId', scope.jobId);
  if (!Number.isSafeInteger(scope.attempt) || scope.attempt < 1) {
    throw new RuntimeFailure(`Data plane attempt ${scope.attempt} must be a whole number of at least 1.`);
  }
}

function jobPrefix(scope: DataPlaneScope): string {
  return `weir.${scope.clusterId}.job.${scope.jobId}.${scope.attempt}`;
}

function checkToken(field: string, value: string): void {
  if (!/^[A-Za-z0-9_-]+$/.test(value)) {
    throw new RuntimeFailure(
      `Data plane ${field} '${value}' cannot be a NATS subject token; use letters, digits, '-' and '_' only.`,
    );
  }
}
