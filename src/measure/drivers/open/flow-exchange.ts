import type { Client } from 'undici';
import type { FlowResponse } from '../../../scenario/flows/flow-types.js';
import type { FlowUser } from '../../flows/flow-runtime.js';
import { Exchange } from './exchange.js';

/**
 * One step of a flow's run on its connection: an Exchange that also keeps the answer's headers
 * (lower-cased) and, where the step reads it, its body, for the step's captures and checks.
 */
export class FlowExchange extends Exchange {
  private readonly headers: FlowResponse['headers'] = {};
  private readonly chunks: Buffer[] = [];

  constructor(
    index: number,
    intendedAt: number,
    sentAt: number,
    client: Client,
    done: (exchange: Exchange, error?: Error) => void,
    /** Which request of the flow this is. */
    readonly step: number,
    readonly user: FlowUser,
    private readonly keepsBody: boolean,
  ) {
    super(index, intendedAt, sentAt, client, done);
  }

  override onHeaders(statusCode: number, rawHeaders: Buffer[], resume: () => void, statusText: string): boolean {
    for (let at = 0; at + 1 < rawHeaders.length; at += 2) {
      const name = String(rawHeaders[at]).toLowerCase();
      const value = String(rawHeaders[at + 1]);
      const earlier = this.headers[name];
      this.headers[name] = earlier === undefined ? value : [...(Array.isArray(earlier) ? earlier : [earlier]), value];
    }
    return super.onHeaders(statusCode, rawHeaders, resume, statusText);
  }

  override onData(chunk: Buffer): boolean {
    if (this.keepsBody) this.chunks.push(chunk);
    return super.onData(chunk);
  }

  response(): FlowResponse {
    return { status: this.statusCode, headers: this.headers, body: this.chunks.length === 0 ? '' : Buffer.concat(this.chunks).toString('utf8') };
  }
}
