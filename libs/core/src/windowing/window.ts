/** A finite slice of a keyed stream that is evaluated as a whole. */
export abstract class Window {
  /** The largest timestamp that still belongs to this window. */
  abstract maxTimestamp(): number;
  /** A primitive that identifies the window, used as the namespace of its state and timers. */
  abstract namespaceKey(): string | number;
}

/** A time interval [start, end): `end` is exclusive, so `maxTimestamp()` is `end − 1`. */
export class TimeWindow extends Window {
  // Built on first use and kept: state and timers look the window up by it for every record. An ES
  // private field, so that two equal windows still compare equal structurally (e.g. in tests).
  #namespaceKey: string | undefined = undefined;

  constructor(
    readonly start: number,
    readonly end: number,
  ) {
    super();
  }

  maxTimestamp(): number {
    return this.end - 1;
  }

  namespaceKey(): string {
    return (this.#namespaceKey ??= `${this.start}:${this.end}`);
  }

  intersects(other: TimeWindow): boolean {
    return this.start <= other.end && this.end >= other.start;
  }

  /** The smallest window that contains both. */
  cover(other: TimeWindow): TimeWindow {
    return new TimeWindow(Math.min(this.start, other.start), Math.max(this.end, other.end));
  }

  equals(other: Window): boolean {
    return other instanceof TimeWindow && other.start === this.start && other.end === this.end;
  }

  override toString(): string {
    return `TimeWindow{start=${this.start}, end=${this.end}}`;
  }

  /** The start of the window of `size` (shifted by `offset`) that contains `timestamp`. */
  static getWindowStartWithOffset(timestamp: number, offset: number, size: number): number {
    const remainder = (timestamp - offset) % size;
    return remainder < 0 ? timestamp - (remainder + size) : timestamp - remainder;
  }
}

/** The one window of `GlobalWindows`: everything of a key, fired only by a custom trigger. */
export class GlobalWindow extends Window {
  static readonly INSTANCE = new GlobalWindow();
  private constructor() {
    super();
  }
  maxTimestamp(): number {
    return Number.MAX_SAFE_INTEGER;
  }
  namespaceKey(): number {
    return 0;
  }
  override toString(): string {
    return 'GlobalWindow';
  }
}
