import type { RecordingData } from '../../../contract/shard.js';
import type { LoadSettings, RequestSpec } from '../../../scenario/types.js';
import type { LoadModel } from '../driver.js';
import type { LoadShare } from '../load-share.js';
import type { LoadProgress } from '../load-result.js';

/** From the pool to a generator thread. */
export type ToGenerator =
  | {
      type: 'run';
      model: LoadModel;
      /** 1-based: which generator of the pool this is. */
      generator: number;
      request: { url: string; requests: RequestSpec[]; load: LoadSettings; share: LoadShare; startAt: number };
    }
  | { type: 'abort' };

/** From a generator thread to the pool. */
export type FromGenerator =
  | { type: 'ready' }
  | { type: 'progress'; progress: LoadProgress }
  /** Its measured phase began, at this epoch time. */
  | { type: 'measured'; atEpochMs: number }
  | { type: 'done'; recording: RecordingData }
  | { type: 'failed'; message: string };
