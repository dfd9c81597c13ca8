/**
 * The source and sink SPI a connector implements, defined in @weir/core (where the runtime uses it)
 * and re-exported here so that a connector depends on the SDK alone.
 */
export {
  RECORDS_PER_POLL,
  SourceReaderBase,
  StaticSplitEnumerator,
  SourceTestDriver,
  isClientSink,
  isTwoPhaseCommittingSink,
  type Boundedness,
  type SourceSplit,
  type SplitEnumerator,
  type SplitEnumeratorContext,
  type SourceReader,
  type SourceReaderContext,
  type ReaderOutput,
  type InputStatus,
  type SplitProgress,
  type Source,
  type SourceTestDriverOptions,
  type Sink,
  type SinkWriter,
  type SinkWriterContext,
  type ClientSink,
  type TwoPhaseCommittingSink,
  type PrecommittingSinkWriter,
  type Committer,
  type CommitterContext,
} from '@weir/core';
export { CheckpointError, ConfigError, RecordError, WeirError } from '@weir/common';
