import { computeKeyGroupRangeForOperatorIndex, JobDefinitionError } from '@weir/common';
import type { JobGraph } from '../graph/job-graph';
import { subtaskKey } from '../network/channel-event';
import type { KeyedSnapshot, OperatorSnapshot, TaskRestore } from './operator-snapshot';
import { channelStateKey, type LoadedOperator, type LoadedSnapshot } from './snapshot-loader';
import type { SnapshotLocation } from './snapshot-store';

/** What every subtask of a job starts from, cut from a loaded snapshot. */
export interface RestorePlan {
  readonly checkpointId: number;
  /** The snapshot, for a host that reads its subtasks' state itself (a TaskManager slot). */
  readonly location: SnapshotLocation;
  /** Where the snapshot is, for messages. */
  readonly description: string;
  /** By `subtaskKey(vertex, subtask)`; a subtask with no state restored has no entry. */
  readonly tasks: ReadonlyMap<string, TaskRestore>;
  /** Encoded split enumerator checkpoints, by source vertex id. */
  readonly enumerators: ReadonlyMap<number, Uint8Array>;
}

/**
 * Matches a snapshot's operators to the job's by uid and hands each subtask its share (DESIGN.md
 * §6, savepoints): the key groups of its range (so any parallelism works, up to the max
 * parallelism the state was written with), its part of each operator list, every union list, and
 * its copy of broadcast state. State of a uid the job does not have is refused unless
 * `allowNonRestoredState`; so is keyed state written with another max parallelism.
 */
export function planRestore(loaded: LoadedSnapshot, graph: JobGraph, allowNonRestoredState: boolean): RestorePlan {
  const known = new Set(graph.vertices.flatMap((v) => v.nodes.map((n) => n.uid)));
  for (const [uid, operator] of loaded.operators) {
    if (known.has(uid) || allowNonRestoredState) continue;
    throw new JobDefinitionError(
      `The snapshot ${loaded.description} has state of operator uid '${uid}' (in '${operator.vertexName}'), ` +
        'which this job has no operator for. Give that operator its old uid(), or allow non-restored state ' +
        '(--allow-non-restored-state) to drop the state.',
    );
  }
  if (loaded.channels.size > 0 || loaded.finished.size > 0) checkSameShape(loaded, graph);
  const tasks = new Map<string, TaskRestore>();
  const enumerators = new Map<number, Uint8Array>();
  for (const vertex of graph.vertices) {
    const head = vertex.nodes[0];
    const enumerator = loaded.metadata.enumerators[head.uid];
    if (head.operator.kind === 'source' && enumerator !== undefined) enumerators.set(vertex.id, enumerator);
    for (let subtask = 0; subtask < vertex.parallelism; subtask++) {
      const restore: Record<string, OperatorSnapshot> = {};
      for (const node of vertex.nodes) {
        const operator = loaded.operators.get(node.uid);
        if (operator === undefined) continue;
        if (hasKeyedState(operator) && operator.maxParallelism !== vertex.maxParallelism) {
          throw new JobDefinitionError(
            `Operator '${node.name}' (uid '${node.uid}') has keyed state in ${loaded.description} written with max ` +
              `parallelism ${operator.maxParallelism}, but the job now has ${vertex.maxParallelism}: keyed state can ` +
              'only be redistributed among the same number of key groups. Set the old max parallelism again.',
          );
        }
        restore[node.uid] = shareOf(operator, node.uid, subtask, vertex.parallelism, vertex.maxParallelism);
      }
      const channels = loaded.channels.get(channelStateKey(head.uid, subtask));
      const finished = loaded.finished.has(channelStateKey(head.uid, subtask)) ? (true as const) : undefined;
      if (Object.keys(restore).length > 0 || channels !== undefined || finished) {
        tasks.set(subtaskKey(vertex.id, subtask), { operators: restore, channels, finished });
      }
    }
  }
  return {
    checkpointId: loaded.metadata.checkpointId,
    location: loaded.location,
    description: loaded.description,
    tasks,
    enumerators,
  };
}

/**
 * In-flight data goes back into the channels it was taken from, and a finished subtask stays
 * finished, so a snapshot that holds either (an unaligned checkpoint's, or one taken after some
 * subtasks finished) restores only into the same vertices at the same parallelism, as in Flink;
 * a savepoint is always aligned and taken with every subtask running, so it can be rescaled.
 */
function checkSameShape(loaded: LoadedSnapshot, graph: JobGraph): void {
  const before = new Map(loaded.metadata.vertices.map((v) => [v.uids[0], v]));
  const same =
    before.size === graph.vertices.length &&
    graph.vertices.every((v) => before.get(v.nodes[0].uid)?.parallelism === v.parallelism);
  if (same) return;
  const changed =
    graph.vertices.find((v) => before.get(v.nodes[0].uid)?.parallelism !== v.parallelism)?.name ?? 'its vertices';
  const holds =
    loaded.channels.size > 0
      ? 'holds in-flight records of unaligned checkpoints'
      : 'was taken after some subtasks had finished';
  throw new JobDefinitionError(
    `The snapshot ${loaded.description} ${holds}, so it can only be restored into the same job at the same ` +
      `parallelism, but '${changed}' changed. Restore it unchanged, or take a savepoint to rescale.`,
  );
}

function hasKeyedState(operator: LoadedOperator): boolean {
  return operator.subtasks.some((s) => (s.keyed?.groups.length ?? 0) > 0);
}

function shareOf(
  operator: LoadedOperator,
  uid: string,
  subtask: number,
  parallelism: number,
  maxParallelism: number,
): OperatorSnapshot {
  const old = operator.subtasks;
  let keyed: KeyedSnapshot | undefined;
  if (old.some((s) => s.keyed !== undefined)) {
    const range = computeKeyGroupRangeForOperatorIndex(maxParallelism, parallelism, subtask);
    const kinds: Record<string, string> = {};
    const groups: (readonly [number, Uint8Array])[] = [];
    for (const s of old) {
      if (s.keyed === undefined) continue;
      Object.assign(kinds, s.keyed.kinds);
      for (const group of s.keyed.groups) if (range.contains(group[0])) groups.push(group);
    }
    keyed = { kinds, groups };
  }
  const lists: Record<string, Uint8Array[]> = {};
  const unions: Record<string, Uint8Array[]> = {};
  for (const s of old) {
    for (const [name, list] of Object.entries(s.lists ?? {})) (lists[name] ??= []).push(...list);
    for (const [name, list] of Object.entries(s.unions ?? {})) (unions[name] ??= []).push(...list);
  }
  // At the same parallelism each subtask keeps its own list (as in Flink), so a finished one's stays
  // empty; at another, the elements are dealt round robin.
  const same = old.length === parallelism;
  for (const name of Object.keys(lists)) {
    lists[name] = same
      ? [...(old[subtask].lists?.[name] ?? [])]
      : lists[name].filter((_, i) => i % parallelism === subtask);
  }
  return { uid, keyed, lists, unions, broadcast: old[subtask % old.length].broadcast };
}
