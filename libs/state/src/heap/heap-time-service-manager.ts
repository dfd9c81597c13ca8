import { JobDefinitionError, MIN_WATERMARK } from '@weir/common';
import type { KeyedStateBackend, Namespace } from '../keyed-state-backend';
import type {
  InternalTimerService,
  InternalTimeServiceManager,
  ProcessingTimeService,
  Triggerable,
} from '../timer-service';
import { HeapInternalTimerService } from './heap-internal-timer-service';

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

  constructor(options: HeapTimeServiceManagerOptions) {
    this.backend = options.backend;
    this.processingTimeService = options.processingTimeService;
  }

  getInternalTimerService<N>(
    name: string,
    triggerable: Triggerable<N>,
    namespaceKey?: (namespace: N) => Namespace,
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
    return service;
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
