import type { LoadSettings } from '../../../scenario/types.js';
import type { LoadRequest } from '../driver.js';

export interface OpenLoadRequest extends LoadRequest {
  /**
   * rate: requests per second. maxConnections: the most keep-alive connections (default:
   * connections). timeoutMs: to the headers from the send, and between body chunks.
   * pipelining is not used: one request at a time on a connection, as a browser does.
   */
  load: LoadSettings & { rate: number };
  /** Called at every send, warm-up included; both times are performance.now() ms. For tests and benches. */
  onSend?: (intendedMs: number, sentMs: number) => void;
}
