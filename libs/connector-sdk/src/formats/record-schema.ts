import { ConfigError, RecordError } from '@weir/common';

/**
 * A typed record schema: the fields a record has, each with a type, so that a format can check and
 * convert every record it reads (CSV text to numbers, a JSON value to the declared type) and a
 * malformed one is a RecordError naming the field. The record type follows from the schema:
 * `recordSchema({ page: 'string', n: 'int' })` reads `{ page: string; n: number }`.
 */
export type FieldType = 'string' | 'int' | 'float' | 'boolean' | 'timestamp';

/** A field's type, or its type and whether it may be missing (then it reads as null). */
export type FieldSpec = FieldType | { readonly type: FieldType; readonly nullable?: boolean };

export type Fields = Readonly<Record<string, FieldSpec>>;

/** 'timestamp' reads as milliseconds since the epoch, from a number or an ISO-8601 text. */
type ValueOfType<F> = F extends 'string' ? string : F extends 'boolean' ? boolean : number;
type ValueOfField<S> = S extends FieldType
  ? ValueOfType<S>
  : S extends { type: infer F; nullable: true }
    ? ValueOfType<F> | null
    : S extends { type: infer F }
      ? ValueOfType<F>
      : never;

export type RecordOfFields<F extends Fields> = { -readonly [K in keyof F]: ValueOfField<F[K]> };

/** The record type of a schema (`RecordOf<typeof clicks>`) or of its fields. */
export type RecordOf<S> =
  S extends RecordSchema<infer F> ? RecordOfFields<F> : S extends Fields ? RecordOfFields<S> : never;

export const FIELD_TYPES: readonly FieldType[] = ['string', 'int', 'float', 'boolean', 'timestamp'];

/** Converts one field's value; returns INVALID when it is not of the type. */
type Converter = (value: unknown) => unknown;
const INVALID: unique symbol = Symbol('invalid');

export class RecordSchema<F extends Fields> {
  /** The field names, in declaration order: the order of CSV columns. */
  readonly names: readonly string[];
  private readonly types: readonly FieldType[];
  private readonly nullable: readonly boolean[];
  private readonly fromText: readonly Converter[];
  private readonly fromJson: readonly Converter[];

  constructor(readonly fields: F) {
    if (fields === null || typeof fields !== 'object' || Object.keys(fields).length === 0) {
      throw new ConfigError('recordSchema: give the fields as an object of field names to types, with at least one.');
    }
    this.names = Object.keys(fields);
    this.types = this.names.map((name) => {
      const spec = fields[name];
      const type = typeof spec === 'string' ? spec : spec?.type;
      if (!FIELD_TYPES.includes(type)) {
        throw new ConfigError(
          `recordSchema: field '${name}' has the type ${JSON.stringify(type)}; use one of ${FIELD_TYPES.join(', ')}.`,
        );
      }
      return type;
    });
    this.nullable = this.names.map((name) => {
      const spec = fields[name];
      return typeof spec === 'object' && spec.nullable === true;
    });
    this.fromText = this.types.map((type) => TEXT_CONVERTERS[type]);
    this.fromJson = this.types.map((type) => JSON_CONVERTERS[type]);
  }

  /** A record from its fields' texts, in the schema's order (a CSV record). An empty text is null where allowed. */
  fromTexts(texts: readonly string[]): RecordOfFields<F> {
    const names = this.names;
    if (texts.length !== names.length) {
      throw new RecordError(`expected ${names.length} fields (${names.join(', ')}), found ${texts.length}`);
    }
    const record: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) {
      const text = texts[i];
      if (text === '' && this.nullable[i]) {
        record[names[i]] = null;
        continue;
      }
      const value = this.fromText[i](text);
      if (value === INVALID) throw this.invalid(i, text);
      record[names[i]] = value;
    }
    return record as RecordOfFields<F>;
  }

  /** A record from a parsed JSON object, by field name; other properties are dropped. */
  fromObject(object: unknown): RecordOfFields<F> {
    if (object === null || typeof object !== 'object' || Array.isArray(object)) {
      throw new RecordError(`expected an object with the fields ${this.names.join(', ')}, found ${describe(object)}`);
    }
    const names = this.names;
    const source = object as Record<string, unknown>;
    const record: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) {
      const raw = source[names[i]];
      if (raw === undefined || raw === null) {
        if (!this.nullable[i]) throw new RecordError(`field '${names[i]}' is missing`);
        record[names[i]] = null;
        continue;
      }
      const value = this.fromJson[i](raw);
      if (value === INVALID) throw this.invalid(i, raw);
      record[names[i]] = value;
    }
    return record as RecordOfFields<F>;
  }

  /** The record's field values in the schema's order (for CSV), after checking each. */
  toValues(record: RecordOfFields<F>): unknown[] {
    return this.checked(record).values;
  }

  /** The record with only the schema's fields, after checking each (for JSON). */
  toObject(record: RecordOfFields<F>): RecordOfFields<F> {
    return this.checked(record).object;
  }

  private checked(record: RecordOfFields<F>): { values: unknown[]; object: RecordOfFields<F> } {
    if (record === null || typeof record !== 'object') {
      throw new RecordError(`expected a record with the fields ${this.names.join(', ')}, found ${describe(record)}`);
    }
    const source = record as Record<string, unknown>;
    const values: unknown[] = [];
    const object: Record<string, unknown> = {};
    for (let i = 0; i < this.names.length; i++) {
      const name = this.names[i];
      const raw = source[name] ?? null;
      if (raw === null && !this.nullable[i]) throw new RecordError(`field '${name}' is missing`);
      if (raw !== null && this.fromJson[i](raw) === INVALID) throw this.invalid(i, raw);
      values.push(raw);
      object[name] = raw;
    }
    return { values, object: object as RecordOfFields<F> };
  }

  private invalid(index: number, value: unknown): RecordError {
    return new RecordError(
      `field '${this.names[index]}': expected ${ARTICLES[this.types[index]]}, found ${describe(value)}`,
    );
  }
}

/** A schema whose field types are inferred as written: `recordSchema({ n: 'int' })`. */
export function recordSchema<const F extends Fields>(fields: F): RecordSchema<F> {
  return new RecordSchema(fields);
}

const ARTICLES: Record<FieldType, string> = {
  string: 'a string',
  int: 'an integer',
  float: 'a number',
  boolean: 'true or false',
  timestamp: 'a timestamp (milliseconds since the epoch, or ISO-8601)',
};

const INTEGER = /^[+-]?\d+$/;

function textToInt(text: unknown): unknown {
  const value = Number(text);
  return INTEGER.test(text as string) && Number.isSafeInteger(value) ? value : INVALID;
}

function textToFloat(text: unknown): unknown {
  const value = Number(text);
  return (text as string).trim() !== '' && Number.isFinite(value) ? value : INVALID;
}

function textToBoolean(text: unknown): unknown {
  return text === 'true' ? true : text === 'false' ? false : INVALID;
}

function textToTimestamp(text: unknown): unknown {
  if (INTEGER.test(text as string)) return textToInt(text);
  const value = Date.parse(text as string);
  return Number.isNaN(value) ? INVALID : value;
}

const TEXT_CONVERTERS: Record<FieldType, Converter> = {
  string: (text) => text,
  int: textToInt,
  float: textToFloat,
  boolean: textToBoolean,
  timestamp: textToTimestamp,
};

const JSON_CONVERTERS: Record<FieldType, Converter> = {
  string: (value) => (typeof value === 'string' ? value : INVALID),
  int: (value) => (Number.isSafeInteger(value) ? value : INVALID),
  float: (value) => (typeof value === 'number' && Number.isFinite(value) ? value : INVALID),
  boolean: (value) => (typeof value === 'boolean' ? value : INVALID),
  timestamp: (value) =>
    Number.isSafeInteger(value) ? value : typeof value === 'string' ? textToTimestamp(value) : INVALID,
};

function describe(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return 'an array';
  return value === undefined ? 'nothing' : String(JSON.stringify(value));
}
