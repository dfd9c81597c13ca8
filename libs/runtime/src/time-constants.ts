import * as common from '@weir/common';

/*
 * The time constants the per-record paths compare against, read once from @weir/common. A name
 * imported through another package's `export *` is a getter doing a keyed lookup on every read,
 * which V8 does not inline; these are plain module properties.
 */
export const NO_TIMESTAMP = common.NO_TIMESTAMP;
export const MIN_WATERMARK = common.MIN_WATERMARK;
export const MAX_WATERMARK = common.MAX_WATERMARK;
