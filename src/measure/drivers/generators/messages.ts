import type { RecordingData } from '../../../contract/shard.js';
import type { DataTable, FlowSource } from '../../../scenario/flows/flow-types.js';
import type { LoadSettings, RequestSpec } from '../../../scenario/types.js';
import type { LoadModel } from '../driver.js';
import type { LoadShare } from '../load-share.js';
import type { LoadProgress } from '../load-result.js';
import type { LiveBatch } from '../../live/live-batch.js';

/** From the pool to a generator thread. */
export type ToGenerator =
  | {
      type: 'run';
      model: LoadModel;
      /** 1-based: which generator of the pool this is. */
      generator: number;
      /** requests without their functions: a flow's thread has loaded them itself ('load-flow'). */
      request: { url: string; requests: RequestSpec[]; load: LoadSettings; share: LoadShare; startAt: number };
      /** Count answers live and post them (see live/live-tally.ts). */
      live: boolean;
    }
  /**
   * Before 'run': load the flow's functions from its scenario file (functions do not cross
   * threads). data: the test data the main thread read and parsed, posted once to each thread,
   * which then neither reads nor parses the file.
   */
  | { type: 'load-flow'; source: FlowSource; data?: DataTable }
  | { type: 'abort' };

/** From a generator thread to the pool. */
export type FromGenerator =
  | { type: 'ready' }
  | { type: 'flow-loaded' }
  | { type: 'progress'; progress: LoadProgress }
  /** Its live counts since the last batch, a few times a second. */
  | { type: 'live'; batch: LiveBatch }
  /** Its measured phase began, at this epoch time. */
  | { type: 'measured'; atEpochMs: number }
  | { type: 'done'; recording: RecordingData }
  | { type: 'failed'; message: string };
