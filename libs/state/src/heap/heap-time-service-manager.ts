import { JobDefinitionError, MIN_WATERMARK, type Key } from '@weir/common';
import type { KeyedStateBackend, Namespace } from '../keyed-state-backend';
import type {
  InternalTimerService,
  InternalTimeServiceManager,
  NamespaceSerializer,
  ProcessingTimeService,
  Triggerable,
} from '../timer-service';
import { HeapInternalTimerService, type TimeDomain } from './heap-internal-timer-service';

/**
 * The timers of one key group, flat per service name: `[domain (0 event, 1 processing), timestamp,
 * key, namespace data, …]`.
 */
export type KeyGroupTimers = Record<string, unknown[]>;

const DOMAINS: readonly TimeDomain[] = ['event', 'processing'];

export interface HeapTimeServiceManagerOptions {
  backend: KeyedStateBackend;
  processingTimeService: ProcessingTimeService;
}

/**
 * The timer services of one keyed operator, with timers kept on the heap per key group. Owns the
 * operator's event-time clock: `advanceWatermark` fires due event-time timers of all its services in
 * one timestamp order, including timers that firing registers at or before the new watermark.
 */
export class HeapTimeServiceManager implements InternalTimeServiceManager {
  private readonly backend: KeyedStateBackend;
  private readonly processingTimeService: ProcessingTimeService;
  private readonly services = new Map<string, HeapInternalTimerService<unknown>>();
  private serviceList: HeapInternalTimerService<unknown>[] = [];
  private watermark = MIN_WATERMARK;
  /** Timers restored from a snapshot, by service name, waiting for their service to be created. */
  private restored = new Map<string, unknown[][]>();
  private readonly serializers = new Map<string, NamespaceSerializer<unknown>>();

  constructor(options: HeapTimeServiceManagerOptions) {
    this.backend = options.backend;
    this.processingTimeService = options.processingTimeService;
  }

  getInternalTimerService<N>(
    name: string,
    triggerable: Triggerable<N>,
    namespaceKey?: (namespace: N) => Namespace,
    serializer?: NamespaceSerializer<N>,
  ): InternalTimerService<N> {
    const existing = this.services.get(name);
    if (existing !== undefined) {
      if (existing.triggerable !== triggerable) {
        throw new JobDefinitionError(
          `The timer service '${name}' is already used by another triggerable; give each a name of its own.`,
        );
      }
      return existing as HeapInternalTimerService<N>;
    }
    const service = new HeapInternalTimerService<N>({
      name,
      triggerable,
      namespaceKey,
      backend: this.backend,
      processingTimeService: this.processingTimeService,
      manager: this,
    });
    this.services.set(name, service as HeapInternalTimerService<unknown>);
    this.serviceList = Array.from(this.services.values());
    if (serializer !== undefined) this.serializers.set(name, serializer as NamespaceSerializer<unknown>);
    this.restoreInto(name, service as HeapInternalTimerService<unknown>);
    return service;
  }

  /** The pending timers of every service in one key group, or undefined when there are none. */
  snapshotKeyGroup(keyGroup: number): KeyGroupTimers | undefined {
    let timers: KeyGroupTimers | undefined;
    for (const [name, service] of this.services) {
      const serializer = this.serializers.get(name);
      let flat: unknown[] | undefined;
      for (let d = 0; d < DOMAINS.length; d++) {
        for (const timer of service.timersOfKeyGroup(DOMAINS[d], keyGroup)) {
          flat ??= [];
          const namespace = serializer === undefined ? timer.namespace : serializer.toData(timer.namespace);
          flat.push(d, timer.timestamp, timer.key, namespace);
        }
      }
      if (flat !== undefined) (timers ??= {})[name] = flat;
    }
    return timers;
  }

  /** Takes restored timers; each service gets its own when the operator creates it. */
  restore(groups: readonly KeyGroupTimers[]): void {
    for (const group of groups) {
      for (const name of Object.keys(group)) {
        const list = this.restored.get(name) ?? [];
        list.push(group[name]);
        this.restored.set(name, list);
      }
    }
    for (const [name, service] of this.services) this.restoreInto(name, service);
  }

  private restoreInto(name: string, service: HeapInternalTimerService<unknown>): void {
    const lists = this.restored.get(name);
    if (lists === undefined) return;
    this.restored.delete(name);
    const serializer = this.serializers.get(name);
    for (const flat of lists) {
      for (let i = 0; i < flat.length; i += 4) {
        this.backend.setCurrentKey(flat[i + 2] as Key);
        const namespace = serializer === undefined ? flat[i + 3] : serializer.fromData(flat[i + 3]);
        if (flat[i] === 0) service.registerEventTimeTimer(namespace, flat[i + 1] as number);
        else service.registerProcessingTimeTimer(namespace, flat[i + 1] as number);
      }
    }
  }

  advanceWatermark(watermark: number): void {
    // Set first, as Flink does: timers registered while firing see the new watermark.
    this.watermark = watermark;
    const services = this.serviceList;
    for (;;) {
      let next: HeapInternalTimerService<unknown> | undefined;
      let nextTime = watermark;
      for (let i = 0; i < services.length; i++) {
        const head = services[i].peekEventTimer();
        if (head !== undefined && head.timestamp <= nextTime && (next === undefined || head.timestamp < nextTime)) {
          next = services[i];
          nextTime = head.timestamp;
        }
      }
      if (next === undefined) return;
      next.fireNextEventTimer();
    }
  }

  currentWatermark(): number {
    return this.watermark;
  }

  /** Every timer service by name, for snapshots (which read each one key group by key group). */
  timerServices(): ReadonlyMap<string, HeapInternalTimerService<unknown>> {
    return this.services;
  }
}
