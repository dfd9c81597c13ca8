import type { OperatorSpec, WindowFold, WindowFunctionSpec } from '@weir/core';

/*
 * Every parallel subtask needs its own instance of each user function, as Flink gives each subtask
 * its own deserialized copy: a function keeps its state handles in fields set by `open()`, and two
 * subtasks sharing one instance would read each other's state. Subtasks in one thread (a job run
 * inline, or several subtasks per worker) are built from one graph, so the runtime copies here.
 */

/** A copy of the operator's spec with copies of its function objects; lambdas hold no fields and are shared. */
export function specForSubtask(spec: OperatorSpec): OperatorSpec {
  if ('fn' in spec) return { ...spec, fn: copyFunction(spec.fn) } as OperatorSpec;
  if (spec.kind === 'window') return { ...spec, windowFunction: copyWindowFunction(spec.windowFunction) };
  if (spec.kind === 'windowPreAggregate') return { ...spec, fold: copyFold(spec.fold) };
  return spec;
}

function copyWindowFunction(fn: WindowFunctionSpec): WindowFunctionSpec {
  if (fn.kind === 'process') return { kind: 'process', process: copyFunction(fn.process) };
  return { ...copyFold(fn), process: fn.process !== undefined ? copyFunction(fn.process) : undefined };
}

function copyFold(fold: WindowFold): WindowFold {
  return fold.kind === 'reduce'
    ? { kind: 'reduce', reduce: copyFunction(fold.reduce) }
    : { kind: 'aggregate', aggregate: copyFunction(fold.aggregate) };
}

/** The same prototype, own fields copied: plain data deeply, anything else (functions, class instances) shared. */
export function copyFunction<T>(fn: T): T {
  if (typeof fn !== 'object' || fn === null) return fn;
  const copy = Object.create(Object.getPrototypeOf(fn)) as T;
  for (const key of Reflect.ownKeys(fn)) {
    const descriptor = Object.getOwnPropertyDescriptor(fn, key)!;
    if ('value' in descriptor) descriptor.value = copyData(descriptor.value);
    Object.defineProperty(copy, key, descriptor);
  }
  return copy;
}

function copyData(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map(copyData);
  if (value instanceof Map) return new Map([...value].map(([k, v]) => [k, copyData(v)]));
  if (value instanceof Set) return new Set([...value].map(copyData));
  if (value instanceof Date) return new Date(value.getTime());
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const copy: Record<PropertyKey, unknown> = {};
  for (const key of Reflect.ownKeys(value)) copy[key] = copyData((value as Record<PropertyKey, unknown>)[key]);
  return copy;
}
