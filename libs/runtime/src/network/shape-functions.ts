/*
 * Functions compiled for one object shape: a RecordBuilder makes the decoded records of a shape
 * (RecordDecoder), a FieldWriter writes the fields of records of a shape (RecordEncoder). Reading or
 * storing fields in a loop puts every key of every shape through one property access, which V8
 * then handles generically (~10-20 ns a field); a function per shape, one access per key, keeps
 * each access monomorphic (~2 ns), and decoded records of a shape all get one hidden class.
 *
 * Keys come from the wire or from user records, so they enter a function's source only as JSON
 * string literals: JSON.stringify escapes every quote, backslash and control char, so no key can
 * end its literal. A serial number makes each source unique, since V8 shares type feedback between
 * functions compiled from the same source.
 */

/** What a builder reads a record's values from, in the order of the shape's keys. */
export interface ValueReader {
  readValue(): unknown;
}

/** What a field writer writes a record's values to, in the order of the shape's keys. */
export interface ValueWriter {
  writeValue(value: unknown): void;
}

export type RecordBuilder = (reader: ValueReader) => Record<string, unknown>;
export type FieldWriter = (writer: ValueWriter, record: Record<string, unknown>) => void;

let serial = 0;
let codeGenerationAllowed = true;

/**
 * A builder for records with these keys, in this order (none of them `__proto__`, which a literal
 * would take for the prototype), or undefined where the process forbids code generation
 * (--disallow-code-generation-from-strings): the caller then stores fields in a loop.
 */
export function compileRecordBuilder(keys: readonly string[]): RecordBuilder | undefined {
  // An object literal, values read in the keys' order. V8 sizes its objects to hold every field in
  // the object itself, gives them the hidden class of a user's literal of the same keys (so user
  // code that meets both stays monomorphic), and pretenures them from its allocation site when
  // they live on (a window partial kept in window state), so scavenges do not copy each one twice.
  // Records of a constructor had a class of their own and were never pretenured: q5 at parallelism
  // 2 spent 147 ms a worker in scavenges over 10M events, against 107 ms.
  let body = 'return function buildRecord(reader) {\n  return {\n';
  for (const key of keys) body += `    ${JSON.stringify(key)}: reader.readValue(),\n`;
  body += '  };\n};\n';
  return compile(keys.length, body) as RecordBuilder | undefined;
}

/** A writer of the values of records with these own keys, in this order; undefined as above. */
export function compileFieldWriter(keys: readonly string[]): FieldWriter | undefined {
  let body = 'return function writeFields(writer, record) {\n';
  for (const key of keys) body += `  writer.writeValue(record[${JSON.stringify(key)}]);\n`;
  body += '};\n';
  return compile(keys.length, body) as FieldWriter | undefined;
}

function compile(keyCount: number, body: string): unknown {
  if (!codeGenerationAllowed) return undefined;
  const source = `'use strict';\n// Weir shape function #${serial++}, for a shape of ${keyCount} keys.\n${body}`;
  try {
    return new Function(source)();
  } catch (error) {
    if ((error as { name?: unknown } | null)?.name !== 'EvalError') throw error;
    codeGenerationAllowed = false;
    return undefined;
  }
}
