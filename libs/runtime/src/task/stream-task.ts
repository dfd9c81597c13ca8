import type { InputStatus } from '@weir/core';
import { decodeRecordedEvents, type ChannelStateSnapshot } from '../checkpoint/channel-state';
import type { TaskRestore } from '../checkpoint/operator-snapshot';
import type { JobGraph, JobVertex } from '../graph/job-graph';
import { decodeBatch } from '../network/batch-codec';
import type { ChannelEvent, CheckpointBarrier, SubtaskAddress } from '../network/channel-event';
import { downstreamSubtasks, channelIndexAt, inputGateLayout } from '../network/channel-topology';
import { Deque } from '../network/deque';
import { InputGate, type InputGateListener } from '../network/input-gate';
import { OutputChannel, type ChannelBufferConfig } from '../network/output-channel';
import { createRecordWriter, type RecordWriter } from '../network/record-writer';
import type { Transport } from '../network/transport';
import { SinkOperator } from '../operators/sink-operator';
import type { AsyncSnapshot } from './async-snapshot';
import { ChannelStateRecorder } from './channel-state-recorder';
import { CheckpointBarrierHandler } from './checkpoint-barrier-handler';
import type { CoordinatorGateway, SourceEvent } from './coordinator-gateway';
import { OperatorChain } from './operator-chain';
import type { Runnable, Scheduler } from './scheduler';
import { SnapshotWriteShare } from './snapshot-write-share';
import { SourceOperator } from './source-operator';
import { TaskProcessingTimeService } from './task-processing-time-service';
import { attributeError } from './user-error';

export interface TaskEnvironment {
  readonly jobGraph: JobGraph;
  readonly attemptNumber: number;
  readonly transport: Transport;
  readonly scheduler: Scheduler;
  readonly coordinator: CoordinatorGateway;
  readonly bufferConfig: ChannelBufferConfig;
  /** The job's id, the same over restarts. */
  readonly jobId: string;
  /** The state of this subtask to start from, when the job starts from a checkpoint or savepoint. */
  restoreOf(task: SubtaskAddress): TaskRestore | undefined;
}

/** The checkpoint id of the job's end: a sink's last pre-committed output is committed with it. */
export const END_OF_JOB_CHECKPOINT = Number.MAX_SAFE_INTEGER;

export type TaskState = 'created' | 'running' | 'finishing' | 'finished' | 'failed' | 'canceled';

interface Delivery {
  channel: number;
  /** The channel's sequence number, or RESTORED. */
  seq: number;
  event: ChannelEvent;
}

/** The sequence number of a delivery replayed from a restored checkpoint: no sender spent credit on it. */
const RESTORED = -1;

/** An output channel with where it leads: the job edge and the receiving subtask. */
interface Output {
  readonly edge: number;
  readonly receiver: number;
  readonly channel: OutputChannel;
}

/**
 * The writer's part of a subtask's time while input waits (see SnapshotWriteShare). Records keep
 * flowing with the rest, but every state entry they change before it is written costs a copy (its
 * before-image), and a large state's checkpoint takes as long as its writer needs: so most of the
 * time goes to writing. Before the share was enforced the two took turns half and half, and 1 GB
 * of state took 20–50 s to checkpoint at p=2; see docs/architecture.md §7.
 */
const SNAPSHOT_WRITE_SHARE = 0.9;
/** What a long write may bank for processing: one scheduler slice. */
const MAX_PROCESSING_CREDIT_MS = 2;
const MIN_SNAPSHOT_WRITE_MS = 1;

/** A checkpoint whose snapshot is being written, with what its acknowledgement reports. */
interface SnapshotInFlight {
  readonly snapshot: AsyncSnapshot;
  readonly startedAt: number;
  readonly alignmentMs: number;
  readonly syncMs: number;
}

/**
 * One subtask (Flink's StreamTask), an actor: everything it reacts to — batches, in-band events,
 * credits, timers, split assignments, cancellation — arrives in its mailbox and is handled in its
 * own steps, so its operators' state is never touched from anywhere else (DESIGN.md §3).
 */
export class StreamTask implements Runnable, InputGateListener {
  scheduled = false;
  state: TaskState = 'created';
  readonly address: SubtaskAddress;
  private readonly vertex: JobVertex;
  private readonly control = new Deque<() => void>();
  private readonly data = new Deque<Delivery>();
  /** Deliveries of channels blocked by barrier alignment, in arrival order. */
  private held = new Deque<Delivery>();
  /** Held deliveries let go again: they are taken before `data`. */
  private replay = new Deque<Delivery>();
  private readonly barriers: CheckpointBarrierHandler | undefined;
  /** Snapshots whose operators' own part (a sink pre-committing) runs: input waits until they are done. */
  private snapshotsInFlight = 0;
  /** Snapshots being written, oldest first: their keyed state is encoded in this task's steps. */
  private writing: SnapshotInFlight[] = [];
  private readonly writeShare = new SnapshotWriteShare(SNAPSHOT_WRITE_SHARE, MAX_PROCESSING_CREDIT_MS);
  private released = false;
  private readonly chain: OperatorChain;
  private readonly gate: InputGate | undefined;
  private readonly writers: RecordWriter[] = [];
  private readonly outputs: Output[] = [];
  private readonly channelsForCredit = new Map<string, OutputChannel>();
  /** Whether the job's checkpoints are unaligned (a savepoint's barrier is aligned all the same). */
  private readonly unaligned: boolean;
  /** The latest unaligned checkpoint's in-flight data, while its barriers are still coming. */
  private recorder: ChannelStateRecorder | undefined;
  private lastUnaligned = 0;
  /** In-flight output of the checkpoint this subtask was restored from, sent before anything new. */
  private readonly restoredChannels: ChannelStateSnapshot | undefined;
  private readonly timers: TaskProcessingTimeService;
  private readonly source: SourceOperator | undefined;
  private readonly sinks: SinkOperator[];
  private sourceWaiting = false;
  private sinkWaiting = false;
  private lastFlush = 0;
  private onDrained: (() => void) | undefined;
  /** The newest checkpoint this subtask took at a barrier. */
  private lastCheckpointTaken = 0;
  /**
   * Once finished, its state after the end of input (FLIP-147): every later checkpoint gets it, so
   * checkpoints go on while the rest of the job runs.
   */
  private finalSnapshot: Uint8Array | undefined;
  /** The first checkpoint that got the final snapshot: its completion commits a sink's last output. */
  private finalSnapshotSince = Number.POSITIVE_INFINITY;

  constructor(
    private readonly env: TaskEnvironment,
    vertexId: number,
    readonly subtaskIndex: number,
  ) {
    const graph = env.jobGraph;
    this.vertex = graph.vertex(vertexId);
    this.address = { vertex: vertexId, subtask: subtaskIndex };
    this.timers = new TaskProcessingTimeService((action) => this.enqueueControl(action));

    const writersByEdge = new Map<number, RecordWriter>();
    graph.edges.forEach((edge, edgeIndex) => {
      if (edge.sourceVertex !== vertexId) return;
      const channels = downstreamSubtasks(graph, edge, subtaskIndex).map((receiver) => {
        const channel = new OutputChannel(
          env.transport,
          { vertex: edge.targetVertex, subtask: receiver },
          channelIndexAt(graph, edgeIndex, subtaskIndex, receiver),
          env.bufferConfig,
        );
        this.channelsForCredit.set(`${edgeIndex}:${receiver}`, channel);
        this.outputs.push({ edge: edgeIndex, receiver, channel });
        return channel;
      });
      const target = graph.vertex(edge.targetVertex);
      const writer = createRecordWriter(edge.partitioner, channels, {
        senderIndex: subtaskIndex,
        maxParallelism: target.maxParallelism,
        where: `the keyBy before '${target.name}'`,
      });
      writersByEdge.set(edgeIndex, writer);
      this.writers.push(writer);
    });
    OutputChannel.groupByReceiver(this.outputs.map((output) => output.channel));

    const checkpointConfig = graph.config.checkpoint;
    this.unaligned = checkpointConfig.unaligned && checkpointConfig.mode === 'exactly-once';
    const restore = env.restoreOf(this.address);
    this.restoredChannels = restore?.channels;
    this.chain = new OperatorChain({
      jobGraph: graph,
      vertex: this.vertex,
      subtaskIndex,
      attemptNumber: env.attemptNumber,
      processingTimeService: this.timers,
      writers: writersByEdge,
      jobId: env.jobId,
      restore,
      sendToClient: (nodeId, values) => env.coordinator.sendToClient(nodeId, subtaskIndex, values),
    });
    const head = this.chain.head;
    if (head instanceof SourceOperator) {
      this.source = head;
      head.setReaderContext({
        subtaskIndex,
        parallelism: this.vertex.parallelism,
        sendSplitRequest: () => env.coordinator.requestSplit(this.address),
      });
      if (head.alignsWatermarks) head.setWatermarkReporter((w) => env.coordinator.reportWatermark(this.address, w));
    } else {
      const layout = inputGateLayout(graph, vertexId, subtaskIndex);
      const inputs = Math.max(1, ...layout.map((c) => c.inputIndex + 1));
      const gate = new InputGate(layout, inputs, this, `Subtask ${this.name}`);
      this.gate = gate;
      const blocking = checkpointConfig.mode === 'exactly-once';
      this.barriers = new CheckpointBarrierHandler(layout.length, blocking, (channel) => gate.hasEnded(channel));
      // What was in flight to this subtask at the checkpoint comes first, as it did then.
      for (const [channel, events] of this.restoredChannels?.inputs ?? []) {
        for (const event of decodeRecordedEvents(events)) this.replay.push({ channel, seq: RESTORED, event });
      }
    }
    this.sinks = this.chain.operators.filter((o): o is SinkOperator => o instanceof SinkOperator);
  }

  get name(): string {
    return `'${this.vertex.name}' (${this.subtaskIndex + 1}/${this.vertex.parallelism})`;
  }

  get recordsFromSource(): number {
    return this.source?.recordsOut ?? 0;
  }

  get recordsToSinks(): number {
    let n = 0;
    for (const sink of this.sinks) n += sink.recordsIn;
    return n;
  }

  async start(): Promise<void> {
    try {
      for (const [edge, receiver, events] of this.restoredChannels?.outputs ?? []) {
        this.channelsForCredit.get(`${edge}:${receiver}`)!.resend(decodeRecordedEvents(events));
      }
      await this.chain.open();
      this.state = 'running';
      this.env.coordinator.taskRunning(this.address);
      if (this.env.restoreOf(this.address)?.finished === true) {
        // Finished before the checkpoint: nothing is read or emitted again, only end-of-partition.
        for (const sink of this.sinks) sink.endRestored();
        void this.finish(true);
        return;
      }
      if (this.source) this.env.coordinator.registerReader(this.address);
      this.env.scheduler.schedule(this);
    } catch (error) {
      await this.fail(error);
    }
  }

  // ---- mailbox inputs (called by the transport and the host) ----

  deliverData(channel: number, seq: number, event: ChannelEvent): void {
    this.data.push({ channel, seq, event });
    this.recorder?.onDelivery(channel, event);
    // An unaligned barrier overtakes what is queued before it: it is taken at the next step.
    if (event.kind === 'barrier' && this.isUnaligned(event)) {
      this.enqueueControl(() => this.onUnalignedBarrier(event));
    }
    this.env.scheduler.schedule(this);
  }

  deliverCredit(edge: number, receiver: number, credits: number): void {
    this.enqueueControl(() => this.channelsForCredit.get(`${edge}:${receiver}`)?.addCredits(credits));
  }

  deliverSourceEvent(event: SourceEvent): void {
    this.enqueueControl(() => {
      if (event.kind === 'splits') this.source!.addSplits(event.splits);
      else if (event.kind === 'no-more-splits') this.source!.notifyNoMoreSplits();
      else this.source!.allowWatermark(event.watermark);
      this.wakeSource();
    });
  }

  cancel(): Promise<void> {
    return new Promise((resolve) => {
      this.enqueueControl(() => {
        if (this.state === 'running' || this.state === 'finishing' || this.state === 'created') {
          this.state = 'canceled';
          void this.release().then(() => resolve());
        } else if (this.state === 'finished') {
          void this.release().then(() => resolve());
        } else resolve();
      });
    });
  }

  /**
   * The coordinator starts checkpoint `barrier` here: a running source subtask snapshots and sends
   * the barrier downstream; a finished subtask, which no barrier reaches, answers with its final
   * snapshot. A subtask still running or finishing otherwise gets the barrier from its inputs, or
   * finishes and is asked again (see CheckpointCoordinator.subtaskFinished).
   */
  triggerCheckpoint(barrier: CheckpointBarrier): void {
    this.enqueueControl(() => {
      const id = barrier.checkpointId;
      if (this.state === 'running' && this.source !== undefined) {
        const recorder = this.isUnaligned(barrier) ? new ChannelStateRecorder(id, 0, () => true) : undefined;
        this.performCheckpoint(barrier, 0, recorder);
      } else if (this.state === 'finished' && this.finalSnapshot !== undefined) {
        // Taken at a barrier before it finished: that acknowledgement is the one that counts.
        if (id <= this.lastCheckpointTaken) return;
        this.finalSnapshotSince = Math.min(this.finalSnapshotSince, id);
        const metrics = { alignmentMs: 0, syncMs: 0, snapshotMs: 0 };
        // A copy: the acknowledgement may hand its buffer over to another thread.
        this.env.coordinator.acknowledgeCheckpoint(this.address, id, this.finalSnapshot.slice(), metrics);
      } else if (this.state !== 'running' && this.state !== 'finishing') {
        this.env.coordinator.declineCheckpoint(this.address, id, `subtask ${this.name} is ${this.state}`);
      }
    });
  }

  notifyCheckpointComplete(checkpointId: number): void {
    this.enqueueControl(() => {
      if (this.state !== 'running' && this.state !== 'finishing' && this.state !== 'finished') return;
      if (this.released) return;
      // A checkpoint holding the final snapshot commits what the sinks pre-committed at the end of input.
      const id = checkpointId >= this.finalSnapshotSince ? END_OF_JOB_CHECKPOINT : checkpointId;
      this.chain
        .notifyCheckpointComplete(id)
        .catch((error: unknown) => this.enqueueControl(() => void this.fail(error)));
    });
  }

  /**
   * Every subtask of the job has finished: a finished subtask's sinks commit what they pre-committed
   * at the end of input (the job's end is its last checkpoint), then it is released.
   */
  finalizeJob(): Promise<void> {
    return new Promise((resolve) => {
      this.enqueueControl(() => {
        if (this.state !== 'finished' || this.released) return resolve();
        this.chain.notifyCheckpointComplete(END_OF_JOB_CHECKPOINT).then(
          () => this.release().then(() => resolve()),
          (error: unknown) => this.fail(error).then(() => resolve()),
        );
      });
    });
  }

  // ---- the mailbox loop ----

  runStep(deadline: number): boolean {
    try {
      while (this.control.length > 0) this.control.shift()!();
      const writing = this.writing.length > 0 && this.writeSnapshots(deadline);
      if (
        this.state === 'finishing' &&
        this.onDrained !== undefined &&
        !this.isBackPressured() &&
        this.writing.length === 0
      )
        this.onDrained();
      if (this.state !== 'running' || this.snapshotsInFlight > 0) return writing;
      if (!writing) this.writeShare.reset();
      else if (!this.writeShare.mayProcess) return true;
      const processingFrom = performance.now();
      const more = this.source !== undefined ? this.runSource(deadline) : this.processInput(deadline);
      const now = performance.now();
      if (writing) this.writeShare.processed(now - processingFrom);
      if (!more || now - this.lastFlush >= this.env.jobGraph.config.bufferTimeoutMs) {
        for (const writer of this.writers) writer.flush();
        this.lastFlush = now;
      }
      return writing || (more && !this.isBackPressured());
    } catch (error) {
      void this.fail(error);
      return false;
    }
  }

  private runSource(deadline: number): boolean {
    if (this.sourceWaiting || this.isBackPressured()) return false;
    const source = this.source!;
    let status: InputStatus;
    try {
      do status = source.emitNext();
      while (status === 'more-available' && !this.isBackPressured() && performance.now() < deadline);
    } catch (error) {
      throw attributeError(error, this.chain.headName);
    }
    if (status === 'end-of-input') {
      source.endOfInput();
      void this.finish();
      return false;
    }
    if (status === 'nothing-available') {
      this.sourceWaiting = true;
      source.isAvailable().then(
        () => this.enqueueControl(() => this.wakeSource()),
        (error: unknown) => this.enqueueControl(() => void this.fail(attributeError(error, this.chain.headName))),
      );
      return false;
    }
    return true;
  }

  private wakeSource(): void {
    this.sourceWaiting = false;
  }

  private processInput(deadline: number): boolean {
    const gate = this.gate!;
    const barriers = this.barriers!;
    while (!this.isBackPressured() && this.snapshotsInFlight === 0) {
      let delivery: Delivery;
      if (this.replay.length > 0) {
        delivery = this.replay.shift()!;
      } else if (this.data.length > 0) {
        delivery = this.data.shift()!;
        gate.checkSequence(delivery.channel, delivery.seq);
      } else break;
      const { channel, event } = delivery;
      if (barriers.isBlocked(channel)) {
        this.held.push(delivery);
        continue;
      }
      switch (event.kind) {
        case 'records':
          this.processRecords(delivery, event.values, event.timestamps);
          break;
        case 'encoded-records': {
          const batch = decodeBatch(event.bytes);
          this.processRecords(delivery, batch.values, batch.timestamps);
          break;
        }
        case 'watermark':
          gate.onWatermark(channel, event.watermark);
          break;
        case 'status':
          gate.onStatus(channel, event.idle);
          break;
        case 'barrier': {
          // An unaligned one was taken when it came (onUnalignedBarrier); here it only kept the order.
          if (this.isUnaligned(event)) break;
          const aligning = barriers.currentCheckpoint;
          this.afterBarrier(barriers, aligning, barriers.onBarrier(channel, event));
          break;
        }
        case 'end': {
          gate.onEnd(channel);
          const aligning = barriers.currentCheckpoint;
          this.afterBarrier(barriers, aligning, barriers.onEnd());
          break;
        }
      }
      if (this.state !== 'running') return false;
      if (performance.now() >= deadline) break;
    }
    return this.data.length > 0 || this.replay.length > 0;
  }

  /**
   * After a barrier or the end of a channel: snapshots when aligned; lets held deliveries go when the
   * alignment they waited for is over (taken, or superseded by a newer checkpoint's).
   */
  private afterBarrier(
    barriers: CheckpointBarrierHandler,
    aligningBefore: number,
    aligned: CheckpointBarrier | undefined,
  ): void {
    if (aligned !== undefined && this.state === 'running') this.performCheckpoint(aligned, barriers.alignmentMs);
    if (barriers.currentCheckpoint === aligningBefore) return;
    this.releaseHeld();
    if (aligningBefore !== 0 && aligned?.checkpointId !== aligningBefore) {
      // Superseded: this subtask will never take it, so the coordinator need not wait for its timeout.
      const reason = `its alignment at subtask ${this.name} was superseded by checkpoint ${barriers.currentCheckpoint}`;
      this.env.coordinator.declineCheckpoint(this.address, aligningBefore, reason);
    }
  }

  /** Lets held deliveries go, ahead of any still to replay (they came before them). */
  private releaseHeld(): void {
    if (this.held.length === 0) return;
    const replay = this.held;
    while (this.replay.length > 0) replay.push(this.replay.shift()!);
    this.replay = replay;
    this.held = new Deque<Delivery>();
  }

  private isUnaligned(barrier: CheckpointBarrier): boolean {
    return this.unaligned && barrier.aligned !== true;
  }

  /**
   * The first barrier of an unaligned checkpoint (FLIP-76): the snapshot is taken at once, ahead of
   * the deliveries queued before the barrier, which — with those still to come on channels whose
   * barrier has not — are its in-flight data (ChannelStateRecorder); nothing waits for alignment.
   */
  private onUnalignedBarrier(barrier: CheckpointBarrier): void {
    const id = barrier.checkpointId;
    if (this.state !== 'running' || id <= this.lastUnaligned) return;
    const previous = this.recorder;
    if (previous !== undefined && !previous.complete) {
      // Superseded before all its barriers came: it cannot complete here, so it is given up.
      const index = this.writing.findIndex((w) => w.snapshot.checkpointId === previous.checkpointId);
      if (index >= 0) this.writing.splice(index, 1)[0].snapshot.close();
      const reason = `its barriers at subtask ${this.name} were overtaken by checkpoint ${id}`;
      this.env.coordinator.declineCheckpoint(this.address, previous.checkpointId, reason);
    }
    this.lastUnaligned = id;
    const gate = this.gate!;
    const recorder = new ChannelStateRecorder(id, gate.layout.length, (channel) => gate.hasEnded(channel));
    for (const delivery of this.replay) recorder.onDelivery(delivery.channel, delivery.event);
    for (const delivery of this.data) recorder.onDelivery(delivery.channel, delivery.event);
    this.recorder = recorder;
    this.performCheckpoint(barrier, 0, recorder);
  }

  /**
   * Takes this subtask's part of a checkpoint (DESIGN.md §6): operators emit what they must before
   * the barrier, the barrier goes on every output channel, the state is captured at once as a
   * copy-on-write view — the only time processing stops for it. Input waits for operators whose own
   * snapshot is asynchronous (a sink pre-committing), so no record slips into a pre-committed
   * transaction; the keyed state is encoded in later steps while records flow (writeSnapshots), and
   * the subtask acknowledges once it is all written.
   */
  private performCheckpoint(barrier: CheckpointBarrier, alignmentMs: number, recorder?: ChannelStateRecorder): void {
    const startedAt = performance.now();
    const id = barrier.checkpointId;
    this.lastCheckpointTaken = Math.max(this.lastCheckpointTaken, id);
    // A backend keeps one view at a time: the previous checkpoint's views are written out first.
    for (const inFlight of this.writing) inFlight.snapshot.finishKeyedState();
    this.chain.prepareSnapshotPreBarrier(id);
    if (recorder === undefined) for (const writer of this.writers) writer.broadcastEvent(barrier);
    else
      for (const { edge, receiver, channel } of this.outputs)
        recorder.onOvertaken(edge, receiver, channel.overtake(barrier));
    const snapshot = this.chain.snapshotState(id, recorder);
    this.writing.push({ snapshot, startedAt, alignmentMs, syncMs: performance.now() - startedAt });
    this.snapshotsInFlight++;
    snapshot.operatorsTaken.then(
      () => this.enqueueControl(() => this.snapshotsInFlight--),
      (error: unknown) => this.enqueueControl(() => void this.fail(error)),
    );
  }

  /**
   * Writes the snapshots in flight, oldest first, and acknowledges each one written. With input
   * waiting it takes SNAPSHOT_WRITE_SHARE of the step (and of the subtask's time, see
   * SnapshotWriteShare), else all of it. Returns whether there is writing left to do
   * now (not merely waiting for a pre-commit).
   */
  private writeSnapshots(deadline: number): boolean {
    if (this.state !== 'running' && this.state !== 'finishing') return false;
    const now = performance.now();
    const inputWaiting =
      this.source !== undefined ? !this.sourceWaiting : this.data.length > 0 || this.replay.length > 0;
    // At least a little each step: a step may begin past its deadline when the thread's other subtasks overran.
    const budget = Math.max(deadline - now, MIN_SNAPSHOT_WRITE_MS);
    const until = now + (inputWaiting ? budget * SNAPSHOT_WRITE_SHARE : budget);
    const more = this.writeSnapshotsUntil(until);
    if (inputWaiting) this.writeShare.wrote(performance.now() - now);
    return more;
  }

  private writeSnapshotsUntil(until: number): boolean {
    while (this.writing.length > 0) {
      const inFlight = this.writing[0];
      const progress = inFlight.snapshot.step(until);
      if (progress !== 'done') return progress === 'more';
      this.writing.shift();
      const { snapshot, startedAt, syncMs } = inFlight;
      const alignmentMs = snapshot.channels?.alignmentMs ?? inFlight.alignmentMs;
      const metrics = { alignmentMs, syncMs, snapshotMs: performance.now() - startedAt };
      this.env.coordinator.acknowledgeCheckpoint(this.address, snapshot.checkpointId, snapshot.result, metrics);
      if (performance.now() >= until) return this.writing.length > 0;
    }
    return false;
  }

  private processRecords(delivery: Delivery, values: unknown[], timestamps: ArrayLike<number>): void {
    const { channel } = delivery;
    const gate = this.gate!;
    gate.onRecords(channel);
    const input = gate.inputIndexOf(channel);
    const head = this.chain.head;
    try {
      for (let i = 0; i < values.length; i++) head.processElement(values[i], timestamps[i], input);
    } catch (error) {
      throw attributeError(error, this.chain.headName);
    }
    // The batch is consumed: the sender may send another one on this channel.
    if (delivery.seq === RESTORED) return;
    const { edge, sender } = gate.layout[channel];
    const from = this.env.jobGraph.edges[edge].sourceVertex;
    this.env.transport.sendCredit({ vertex: from, subtask: sender }, edge, this.subtaskIndex, 1);
  }

  private isBackPressured(): boolean {
    for (let i = 0; i < this.writers.length; i++) if (this.writers[i].isBackPressured) return true;
    for (let i = 0; i < this.sinks.length; i++) {
      const waiting = this.sinks[i].backPressure();
      if (waiting !== undefined) {
        this.awaitSink(waiting);
        return true;
      }
    }
    return false;
  }

  /** A sink's writer is behind: the task steps again once it takes records. */
  private awaitSink(waiting: Promise<void>): void {
    if (this.sinkWaiting) return;
    this.sinkWaiting = true;
    const wake = () => this.enqueueControl(() => (this.sinkWaiting = false));
    waiting.then(wake, wake);
  }

  // ---- InputGateListener ----

  onWatermark(watermark: number, input: number): void {
    try {
      this.chain.head.processWatermark(watermark, input);
    } catch (error) {
      throw attributeError(error, this.chain.headName);
    }
  }

  onWatermarkStatus(idle: boolean, input: number): void {
    this.chain.head.processWatermarkStatus(idle, input);
  }

  onEndOfInput(input: number): void {
    try {
      this.chain.head.endInput(input);
    } catch (error) {
      throw attributeError(error, this.chain.headName);
    }
    if (this.gate!.allEnded) void this.finish();
  }

  // ---- lifecycle ----

  /**
   * All input has ended: finish the chain (unless it was restored finished), send end-of-partition,
   * wait until it is all sent, and take the final snapshot.
   */
  private async finish(restoredFinished = false): Promise<void> {
    this.state = 'finishing';
    try {
      if (!restoredFinished) await this.chain.finish();
      for (const writer of this.writers) writer.broadcastEvent({ kind: 'end' });
      await new Promise<void>((resolve) => {
        this.onDrained = resolve;
        this.env.scheduler.schedule(this);
      });
      if (this.state !== 'finishing') return;
      if (this.checkpointsPeriodically) {
        this.finalSnapshot = await this.takeFinalSnapshot();
        if (this.state !== 'finishing') return;
      }
      // A sink's last output waits for the job's end (finalizeJob) to be committed; the rest goes now.
      if (!this.sinks.some((sink) => sink.hasPendingCommits)) {
        const failure = await this.release();
        if (failure !== undefined) throw failure;
      }
      this.state = 'finished';
      this.env.coordinator.taskFinished(this.address);
    } catch (error) {
      await this.fail(error);
    }
  }

  /** Whether checkpoints come while the job runs, which a finished subtask then answers with its final snapshot. */
  private get checkpointsPeriodically(): boolean {
    const { config } = this.env.jobGraph;
    return config.checkpoint.intervalMs > 0 && config.runtimeMode !== 'batch';
  }

  /** The state after the end of input, whole, at once: no record changes it any more. */
  private async takeFinalSnapshot(): Promise<Uint8Array> {
    const snapshot = this.chain.snapshotState(END_OF_JOB_CHECKPOINT, undefined, true);
    await snapshot.operatorsTaken;
    // Without a deadline and with the operators' parts taken, one step writes it all.
    if (snapshot.step(Number.POSITIVE_INFINITY) !== 'done')
      throw new Error(`The final snapshot of ${this.name} is incomplete.`);
    return snapshot.result;
  }

  private async fail(error: unknown): Promise<void> {
    if (this.state === 'failed' || this.state === 'canceled' || this.state === 'finished') return;
    this.state = 'failed';
    await this.release();
    this.env.coordinator.taskFailed(this.address, error);
  }

  /** Stops timers and closes the operators; returns the first error a close threw. */
  private async release(): Promise<unknown> {
    if (this.released) return undefined;
    this.released = true;
    this.timers.shutdown();
    for (const { snapshot } of this.writing) snapshot.close();
    this.writing = [];
    this.recorder = undefined;
    this.data.clear();
    this.held.clear();
    this.replay.clear();
    return this.chain.close();
  }

  private enqueueControl(action: () => void): void {
    this.control.push(action);
    this.env.scheduler.schedule(this);
  }
}
