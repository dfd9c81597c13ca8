/*
 * The common shape of keyed state written as numbers end to end. Window accumulators, counters and
 * sums are numbers or small records of numbers under numeric keys and namespaces (a window's start):
 * msgpack writes each of those entries as a record, a type-tagged value at a time, which made
 * encoding most of what checkpointing every second cost Nexmark q5. A part whose entries all have
 * that shape is written as one Float64Array instead, and read back as the same flat entries.
 */

/** `[key, namespace, value, …]` of one state in one part, as the heap snapshot lists them. */
type FlatEntries = readonly unknown[];

export class NumericEntries {
  private constructor(
    /** The values' field names, in their order; null when the values are numbers. */
    readonly fields: readonly string[] | null,
    /** Per entry: key, namespace, then the value or each field's value. */
    readonly numbers: Float64Array,
  ) {}

  /** The entries as numbers, or undefined when one of them is not of that shape. */
  static of(flat: FlatEntries): NumericEntries | undefined {
    const first = flat[2];
    let fields: string[] | null = null;
    if (typeof first !== 'number') {
      if (!isPlainObject(first)) return undefined;
      fields = Object.keys(first);
      // Assigning it on decode would set the prototype instead.
      if (fields.includes('__proto__')) return undefined;
    }
    const width = 2 + (fields === null ? 1 : fields.length);
    const numbers = new Float64Array((flat.length / 3) * width);
    let at = 0;
    for (let i = 0; i < flat.length; i += 3) {
      const key = flat[i];
      const namespace = flat[i + 1];
      const value = flat[i + 2];
      if (typeof key !== 'number' || typeof namespace !== 'number') return undefined;
      numbers[at++] = key;
      numbers[at++] = namespace;
      if (fields === null) {
        if (typeof value !== 'number') return undefined;
        numbers[at++] = value;
        continue;
      }
      if (!isPlainObject(value)) return undefined;
      let field = 0;
      for (const name in value) {
        const n = (value as Record<string, unknown>)[name];
        if (name !== fields[field] || typeof n !== 'number') return undefined;
        numbers[at++] = n;
        field++;
      }
      if (field !== fields.length) return undefined;
    }
    return new NumericEntries(fields, numbers);
  }

  /** From what `encoded` gave, checked, since it comes from storage. */
  static decode(encoded: unknown): unknown[] {
    if (!Array.isArray(encoded) || encoded.length !== 2)
      throw new RangeError('numeric entries are not [fields, bytes]');
    const [fields, bytes] = encoded as [unknown, unknown];
    if (fields !== null && !(Array.isArray(fields) && fields.every((name) => typeof name === 'string'))) {
      throw new RangeError('numeric entries name their fields with something other than strings');
    }
    if (!isUint8Array(bytes)) throw new RangeError('numeric entries hold no bytes');
    const width = 2 + (fields === null ? 1 : fields.length);
    if (bytes.length % (8 * width) !== 0)
      throw new RangeError(`numeric entries of ${bytes.length} bytes are not whole`);
    // A copy: a Float64Array needs its bytes aligned, and the decoder's may not be.
    const numbers = new Float64Array(new Uint8Array(bytes).buffer);
    return new NumericEntries(fields as string[] | null, numbers).toFlat(width);
  }

  /**
   * What msgpack writes: the field names and the numbers' bytes (as bytes: msgpack's own typed
   * arrays do not survive a test realm, where Float64Array is not the one it checks against).
   */
  encoded(): [readonly string[] | null, Uint8Array] {
    const { numbers } = this;
    return [this.fields, new Uint8Array(numbers.buffer, numbers.byteOffset, numbers.byteLength)];
  }

  private toFlat(width: number): unknown[] {
    const { fields, numbers } = this;
    const flat = new Array<unknown>((numbers.length / width) * 3);
    let out = 0;
    for (let at = 0; at < numbers.length; at += width) {
      flat[out++] = numbers[at];
      flat[out++] = numbers[at + 1];
      if (fields === null) {
        flat[out++] = numbers[at + 2];
        continue;
      }
      const value: Record<string, number> = {};
      for (let field = 0; field < fields.length; field++) value[fields[field]] = numbers[at + 2 + field];
      flat[out++] = value;
    }
    return flat;
  }
}

function isPlainObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** Also for one made in another realm (a Buffer is one too). */
function isUint8Array(value: unknown): value is Uint8Array {
  return ArrayBuffer.isView(value) && (value as Uint8Array)[Symbol.toStringTag] === 'Uint8Array';
}
