/**
 * A sample third-party connector, written as its authors would ship it: plain CommonJS, depending on
 * the host's @weir/connector-sdk and class-validator (peer dependencies, so it registers with the
 * host's registry). It is loaded by package name with loadConnectorPlugins, never imported directly.
 *
 * - source 'sample-sequence' ({ count, prefix? }): the records { n, text } for n = 1..count, in
 *   splits of 100 numbers whose positions are checkpointed;
 * - sink 'sample-jsonl' ({ directory }): each subtask appends its records as JSON lines to
 *   `<directory>/part-<subtask>.jsonl`.
 * The module's options ({ prefix? }) give the default text prefix.
 */
'use strict';
/* eslint-disable @typescript-eslint/no-require-imports -- a CommonJS package, as many plugins are */
const { appendFileSync } = require('node:fs');
const { join } = require('node:path');
const {
  defineConnectorModule,
  jsonFormat,
  RECORDS_PER_POLL,
  SourceReaderBase,
  StaticSplitEnumerator,
  validateOptions,
} = require('@weir/connector-sdk');
const { IsInt, IsOptional, IsString, Max, Min } = require('class-validator');

// Decorators applied by hand: this file is JavaScript, so there is no `@IsInt()` syntax.
function decorate(target, property, ...decorators) {
  for (const decorator of decorators) decorator(target.prototype, property);
}

class SampleModuleOptions {}
decorate(SampleModuleOptions, 'prefix', IsOptional(), IsString());

class SequenceOptions {}
decorate(SequenceOptions, 'count', IsInt(), Min(1), Max(10_000_000));
decorate(SequenceOptions, 'prefix', IsOptional(), IsString());

class JsonlSinkOptions {}
decorate(JsonlSinkOptions, 'directory', IsString());

const SPLIT_SIZE = 100;

class SequenceReader extends SourceReaderBase {
  constructor(context, prefix) {
    super(context, false);
    this.prefix = prefix;
  }

  readSplit(split, output) {
    const stop = Math.min(split.end, split.position + RECORDS_PER_POLL);
    for (let n = split.position; n < stop; n++) output.collect({ n, text: this.prefix + n });
    split.position = stop;
    return stop === split.end ? 'finished' : 'more';
  }
}

function sequenceSource({ count, prefix }) {
  const splits = [];
  for (let start = 1; start <= count; start += SPLIT_SIZE) {
    splits.push({ splitId: String(start), position: start, end: Math.min(start + SPLIT_SIZE, count + 1) });
  }
  return {
    boundedness: 'bounded',
    createEnumerator: (ctx) => new StaticSplitEnumerator(ctx, splits),
    restoreEnumerator: (ctx, checkpoint) => new StaticSplitEnumerator(ctx, checkpoint),
    createReader: (ctx) => new SequenceReader(ctx, prefix),
  };
}

function jsonlSink({ directory }) {
  const format = jsonFormat();
  return {
    createWriter(ctx) {
      const path = join(directory, `part-${ctx.subtaskIndex}.jsonl`);
      let buffered = '';
      return {
        write(value) {
          buffered += format.format(value) + '\n';
        },
        flush() {
          if (buffered === '') return;
          appendFileSync(path, buffered);
          buffered = '';
        },
        close() {},
      };
    },
  };
}

class SampleModule extends defineConnectorModule({
  name: 'sample',
  options: SampleModuleOptions,
  register(registry, moduleOptions) {
    registry.registerSource('sample-sequence', (options) => {
      const { count, prefix } = validateOptions(SequenceOptions, options, "source 'sample-sequence'");
      return sequenceSource({ count, prefix: prefix ?? moduleOptions.prefix ?? '' });
    });
    registry.registerSink('sample-jsonl', (options) =>
      jsonlSink(validateOptions(JsonlSinkOptions, options, "sink 'sample-jsonl'")),
    );
  },
}) {}

module.exports = { SampleModule };
