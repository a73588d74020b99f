import type { Client, Dispatcher } from 'undici';
import type { FlowSpec, RequestSpec } from '../../../scenario/types.js';
import { requestName } from '../../../scenario/flows/request-name.js';
import { FlowRuntime, type StepFailure } from '../../flows/flow-runtime.js';
import type { LoadShare } from '../load-share.js';
import { type Exchange } from './exchange.js';
import { FlowExchange } from './flow-exchange.js';

/** What the open model records of one answered step. */
export interface StepAnswer {
  name: string;
  failure: StepFailure | undefined;
  statusExpected: boolean;
  /** The request has `expect`. */
  checked?: boolean;
}

/**
 * The open model's arrivals as runs of a flow: an arrival starts a virtual user on one
 * connection, which it keeps for the whole flow; each later step's intended start is the end of
 * the one before plus think time, and its latency counts from there. A step that got no answer
 * ends the user's run (its connection failed); a failed check does not.
 */
export class OpenFlow {
  readonly runtime: FlowRuntime;
  private readonly names: string[];
  private readonly thinking = new Set<NodeJS.Timeout>();

  constructor(requests: readonly RequestSpec[], flow: FlowSpec, share: LoadShare) {
    this.runtime = new FlowRuntime(requests, flow, share);
    this.names = requests.map(requestName);
  }

  /** Sends the first step of arrival `index`, for a new user; `register` sees the exchange before it is dispatched. */
  start(index: number, intendedAt: number, client: Client, done: (exchange: Exchange, error?: Error) => void, register: (exchange: Exchange) => void): void {
    this.dispatch(index, intendedAt, client, done, 0, this.runtime.newUser(), register);
  }

  /** What to record of an ended step (no answer: only its name). */
  answer(exchange: Exchange, error: Error | undefined): StepAnswer {
    const flowExchange = exchange as FlowExchange;
    const name = this.names[flowExchange.step] ?? 'unknown';
    if (error) return { name, failure: undefined, statusExpected: false };
    const response = flowExchange.response();
    const failure = this.runtime.response(flowExchange.step, flowExchange.user, response);
    const expect = this.runtime.steps[flowExchange.step]?.spec.expect;
    return { name, failure, statusExpected: expect?.status?.includes(response.status) ?? false, checked: expect !== undefined };
  }

  /**
   * After a step ended at `at`: true when the user goes on to its next step on the same
   * connection (after its think time; `register` sees the next exchange before it is
   * dispatched); false when the run is over and the connection is free.
   */
  continue(exchange: Exchange, error: Error | undefined, at: number, register: (exchange: Exchange) => void): boolean {
    const { step, user, index, client } = exchange as FlowExchange;
    if (error || step + 1 >= this.names.length) return false;
    const thinkMs = this.runtime.thinkMs();
    const go = () => this.dispatch(index, at + thinkMs, client, exchange.done, step + 1, user, register);
    if (thinkMs <= 0) {
      queueMicrotask(go);
      return true;
    }
    const timer = setTimeout(() => {
      this.thinking.delete(timer);
      go();
    }, thinkMs);
    this.thinking.add(timer);
    return true;
  }

  /** Which request of the flow an exchange was. */
  stepOf(exchange: Exchange): number {
    return (exchange as FlowExchange).step;
  }

  /** Users thinking when the load stops go no further. */
  stop(): void {
    for (const timer of this.thinking) clearTimeout(timer);
    this.thinking.clear();
  }

  private dispatch(
    index: number,
    intendedAt: number,
    client: Client,
    done: (exchange: Exchange, error?: Error) => void,
    step: number,
    user: FlowExchange['user'],
    register: (exchange: Exchange) => void,
  ): void {
    const built = this.runtime.request(step, user);
    const exchange = new FlowExchange(index, intendedAt, performance.now(), client, done, step, user, this.runtime.readsBody(step));
    const options: Dispatcher.DispatchOptions = {
      method: built.method,
      path: built.path,
      headers: built.headers,
      body: built.body ?? null,
    };
    register(exchange);
    // undici reports every failure, even one found at once, through the handler
    client.dispatch(options, exchange);
  }
}
