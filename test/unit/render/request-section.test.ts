import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { RunReport } from '../../../src/contract/run-report.js';
import type { RequestFigures } from '../../../src/contract/trial.js';
import { renderHtml } from '../../../src/render/run/html.js';
import { renderMarkdown } from '../../../src/render/run/markdown.js';
import { renderTerminal } from '../../../src/render/run/terminal.js';
import { makeReport } from '../../fixtures/report-fixture.js';

function figures(total: number, p99: number, errors: number, checksFailed: number, checked?: number): RequestFigures {
  return {
    requests: { total, rps: total / 5 },
    latencyMs: { p50: p99 / 4, p90: p99 / 2, p99, p999: p99, max: p99 },
    errors,
    checksFailed,
    ...(checked ? { checked } : {}),
  };
}

/** The fixture with its first workload's trials run as a flow: login (checked), a cart whose checks failed on cluster, a page without checks. */
function flowReport(): { report: RunReport; workload: string } {
  const report = makeReport();
  const workload = report.trials[0]?.workload ?? '';
  for (const trial of report.trials.filter((each) => each.workload === workload)) {
    trial.flow = { users: 1000 };
    trial.byRequest = {
      login: figures(1000, 42, 0, 0, 1000),
      'GET /cart <&>': figures(1000, 12.5, trial.topology === 'cluster' ? 37 : 0, trial.topology === 'cluster' ? 37 : 0, 1000),
      'GET /': figures(1000, 3, 0, 0),
    };
  }
  return { report, workload };
}

test('terminal: a per-request table under the flow workload, one row a request of each topology', () => {
  const { report } = flowReport();
  const output = renderTerminal(report, { color: false });
  assert.match(output, /per request/i);
  assert.match(output, /request\s+│?\s*requests/);
  const cart = output.split('\n').find((line) => line.includes('cluster') && line.includes('GET /cart <&>'));
  assert.ok(cart, output);
  assert.match(cart, /1,000.*200.*12\.5 ms.*37.*37/);
  // a request without expect has no count of failed checks, never a made-up 0
  assert.match(output.split('\n').find((line) => line.includes('GET / ') && !line.includes('cart')) ?? '', /—/);
});

test('markdown: the same table, escaped', () => {
  const { report } = flowReport();
  const output = renderMarkdown(report);
  assert.match(output, /\*\*Per request\*\*/);
  assert.match(output, /\| topology \| request \| requests \| rps \| p50 \| p90 \| p99 \| errors \| checks failed \|/);
  assert.match(output, /\| cluster \| GET \/cart \\<\\&\\> \| 1,000 \| 200 \| 3\.13 ms \| 6\.25 ms \| 12\.5 ms \| 37 \| 37 \|/);
});

test('html: the same table, every name escaped', () => {
  const { report } = flowReport();
  const output = renderHtml(report);
  assert.match(output, /<h3>Per request<\/h3>/);
  assert.match(output, /GET \/cart &lt;&amp;&gt;/);
  assert.doesNotMatch(output, /GET \/cart <&>/);
  assert.match(output, /<td[^>]*>login<\/td>/);
});

test('a workload that is no flow and has one request shows no per-request table', () => {
  const report = makeReport();
  assert.doesNotMatch(renderMarkdown(report), /Per request/);
});
