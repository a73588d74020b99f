/**
 * The HTML report's script, bundled and inlined into the page (../chart-script.ts): it reads the
 * chart data (../chart-data.ts) from the page's JSON element and draws each `[data-chart]`
 * figure as SVG, then marks it `data-drawn="true"`. No library, nothing fetched. A chart that
 * fails to draw says so in its figure and on the console; the others are still drawn.
 */
import type { PageData } from '../chart-data.js';
import { drawBars } from './bar-chart.js';
import { drawLine } from './line-chart.js';

const source = document.getElementById('loadlab-data');
if (!source) throw new Error('the page has no chart data (#loadlab-data)');
const data = JSON.parse(source.textContent ?? '') as PageData;

for (const figure of document.querySelectorAll<HTMLElement>('[data-chart]')) {
  const id = figure.getAttribute('data-chart-id') ?? '';
  const chart = data.charts[id];
  try {
    if (!chart) throw new Error(`no data for chart ${id}`);
    if (chart.type === 'bars') drawBars(figure, chart, data.scenario);
    else drawLine(figure, chart, data.scenario);
    figure.setAttribute('data-drawn', 'true');
  } catch (error) {
    const message = document.createElement('p');
    message.className = 'muted';
    message.textContent = `This chart could not be drawn: ${(error as Error).message}`;
    figure.appendChild(message);
    console.error(error);
  }
}
