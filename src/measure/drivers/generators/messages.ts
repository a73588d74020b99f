import type { RecordingData } from '../../../contract/shard.js';
import type { DataTable, FlowSource } from '../../../scenario/flows/flow-types.js';
import type { LoadSettings, RequestSpec } from '../../../scenario/types.js';
import type { LoadModel } from '../driver.js';
import type { LoadShare } from '../load-share.js';
import type { LoadProgress } from '../load-result.js';
import type { LiveBatch } from '../../live/live-batch.js';
import type { EncodedHistogram } from '../../recording/latency-histogram.js';
import type { ResponseCounts } from '../../recording/measurement-window.js';

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
      /** Given: the pool judges the load while it runs; post the figures so far ('so-far') this often, and end the measured phase at 'stop'. */
      soFarEveryMs?: number;
    }
  /**
   * Before 'run': load the flow's functions from its scenario file (functions do not cross
   * threads). data: the test data the main thread read and parsed, posted once to each thread,
   * which then neither reads nor parses the file.
   */
  | { type: 'load-flow'; source: FlowSource; data?: DataTable }
  | { type: 'abort' }
  /** The pool's stop check said stop (see pool-stop-check.ts): end the measured phase, as if it had been planned so. */
  | { type: 'stop' };

/** From a generator thread to the pool. */
export type FromGenerator =
  | { type: 'ready' }
  | { type: 'flow-loaded' }
  | { type: 'progress'; progress: LoadProgress }
  /** Its live counts since the last batch, a few times a second. */
  | { type: 'live'; batch: LiveBatch }
  /** Its measured phase began, at this epoch time. */
  | { type: 'measured'; atEpochMs: number }
  /** The measured phase's figures so far, for the pool's stop check: the whole histogram, not the change (percentiles do not add up). */
  | { type: 'so-far'; measuredMs: number; latency: EncodedHistogram; counts: ResponseCounts }
  | { type: 'done'; recording: RecordingData }
  | { type: 'failed'; message: string };
