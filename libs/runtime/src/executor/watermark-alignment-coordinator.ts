import type { JobGraph } from '../graph/job-graph';
import { subtaskKey, type SubtaskAddress } from '../network/channel-event';
import type { SourceEvent } from '../task/coordinator-gateway';

interface AlignedSource {
  readonly vertex: number;
  readonly parallelism: number;
  readonly group: string;
  readonly maxAllowedDriftMs: number;
  /** The allowance last sent to its subtasks. */
  sent: number | undefined;
}

/**
 * The coordinator's side of watermark alignment (Flink's FLIP-182, `withWatermarkAlignment`): keeps
 * the latest watermark each source subtask of a group reported, and tells every source of the group
 * how far its watermark may go — the group's lowest plus the source's allowed drift — whenever that
 * changes. A subtask that has not reported yet holds no one back; an idle or ended one reports
 * MAX_WATERMARK.
 */
export class WatermarkAlignmentCoordinator {
  private readonly sources = new Map<number, AlignedSource>();
  /** Per group, the latest watermark of each reporting subtask, by subtaskKey. */
  private readonly watermarks = new Map<string, Map<string, number>>();

  constructor(
    graph: JobGraph,
    private readonly send: (task: SubtaskAddress, event: SourceEvent) => void,
  ) {
    for (const vertex of graph.vertices) {
      const head = vertex.nodes[0].operator;
      const alignment = head.kind === 'source' ? head.watermarkStrategy.alignment : undefined;
      if (alignment === undefined) continue;
      const { group, maxAllowedDriftMs } = alignment;
      this.sources.set(vertex.id, {
        vertex: vertex.id,
        parallelism: vertex.parallelism,
        group,
        maxAllowedDriftMs,
        sent: undefined,
      });
    }
  }

  /** A new attempt starts: what the old one reported no longer holds. */
  reset(): void {
    this.watermarks.clear();
    for (const source of this.sources.values()) source.sent = undefined;
  }

  report(task: SubtaskAddress, watermark: number): void {
    const source = this.sources.get(task.vertex);
    if (source === undefined) return;
    let group = this.watermarks.get(source.group);
    if (group === undefined) this.watermarks.set(source.group, (group = new Map()));
    group.set(subtaskKey(task.vertex, task.subtask), watermark);
    let lowest = Number.POSITIVE_INFINITY;
    for (const w of group.values()) if (w < lowest) lowest = w;
    for (const other of this.sources.values()) {
      if (other.group !== source.group) continue;
      const allowed = lowest + other.maxAllowedDriftMs;
      if (allowed === other.sent) continue;
      other.sent = allowed;
      for (let subtask = 0; subtask < other.parallelism; subtask++) {
        this.send({ vertex: other.vertex, subtask }, { kind: 'max-watermark', watermark: allowed });
      }
    }
  }
}
