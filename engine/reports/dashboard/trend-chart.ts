/**
 * The pass-rate trend as inline SVG (no library, no script) with the same numbers as a table
 * beside it, for readers and tools that do not see the chart.
 */
import { html, type Html } from './html.ts';
import type { TrendPoint } from './trend.ts';
import { percentDown } from '../percent.ts';

const W = 760;
const H = 220;
const M = { left: 44, right: 24, top: 12, bottom: 30 };
const MAX_LABELS = 8;

const percent = (rate: number) => `${percentDown(rate, 0)}%`;

export function trendChart(points: readonly TrendPoint[]): Html {
  const first = points[0]?.day;
  const last = points.at(-1)?.day;
  const label = first === undefined ? 'Pass rate: no results yet' : `Daily pass rate of control tests from ${first} to ${last}`;
  const plotW = W - M.left - M.right;
  const plotH = H - M.top - M.bottom;
  const x = (i: number) => M.left + (points.length === 1 ? plotW / 2 : (i * plotW) / (points.length - 1));
  const y = (rate: number) => M.top + (1 - rate) * plotH;
  const grid = [0, 0.25, 0.5, 0.75, 1].map(
    (rate) => html`<line class="grid" x1="${M.left}" x2="${W - M.right}" y1="${y(rate)}" y2="${y(rate)}"/><text class="axis" x="${M.left - 6}" y="${y(rate) + 4}" text-anchor="end">${percent(rate)}</text>`,
  );
  const labels = labelIndexes(points.length).map((i) => html`<text class="axis" x="${x(i)}" y="${H - 10}" text-anchor="middle">${points[i]?.day.slice(5)}</text>`);
  const segments: string[][] = [];
  let current: string[] = [];
  points.forEach((point, i) => {
    if (point.rate === null) {
      if (current.length > 0) segments.push(current);
      current = [];
    } else current.push(`${x(i).toFixed(1)},${y(point.rate).toFixed(1)}`);
  });
  if (current.length > 0) segments.push(current);
  const lines = segments.map((segment) => html`<polyline class="line" points="${segment.join(' ')}"/>`);
  const dots = points.map((point, i) =>
    point.rate === null
      ? html`<rect class="nodata" x="${x(i) - 2}" y="${M.top}" width="4" height="${plotH}"><title>${point.day}: no result</title></rect>`
      : html`<circle class="dot" cx="${x(i).toFixed(1)}" cy="${y(point.rate).toFixed(1)}" r="${points.length > 90 ? 1.5 : 3}"><title>${point.day}: ${percent(point.rate)} (${point.pass} of ${point.pass + point.fail + point.error} passed)</title></circle>`,
  );
  const lastIndex = points.findLastIndex((point) => point.rate !== null);
  const lastRate = points[lastIndex]?.rate;
  const lastLabel =
    lastRate === undefined || lastRate === null
      ? ''
      : html`<text class="axis value" x="${x(lastIndex).toFixed(1)}" y="${(y(lastRate) - 8).toFixed(1)}" text-anchor="${points.length > 1 && lastIndex === points.length - 1 ? 'end' : 'middle'}">${percent(lastRate)}</text>`;
  return html`<figure class="chart" id="trend">
<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" role="img" aria-labelledby="trend-title"><title id="trend-title">${label}</title>${grid}${labels}${lines}${dots}${lastLabel}</svg>
<figcaption class="note">${label}. Each control and scope counts once a day with its last status that day; <code>error</code> counts as not passing, <code>skipped</code> is left out; a shaded day had no result.</figcaption>
</figure>
<details><summary>The trend as a table</summary>
<table><thead><tr><th>Day (UTC)</th><th>Pass rate</th><th>Pass</th><th>Fail</th><th>Error</th><th>Skipped</th></tr></thead><tbody>
${points.map((p) => html`<tr><td>${p.day}</td><td>${p.rate === null ? '—' : percent(p.rate)}</td><td>${p.pass}</td><td>${p.fail}</td><td>${p.error}</td><td>${p.skipped}</td></tr>`)}
</tbody></table></details>`;
}

/** Every few days and the last one; a label too close to the last one makes way for it. */
function labelIndexes(count: number): number[] {
  if (count === 0) return [];
  const every = Math.max(1, Math.ceil(count / MAX_LABELS));
  const indexes: number[] = [];
  for (let i = 0; i < count; i += every) indexes.push(i);
  const last = count - 1;
  if (indexes.at(-1) !== last) {
    if (indexes.length > 1 && last - (indexes.at(-1) as number) < every * 0.6) indexes.pop();
    indexes.push(last);
  }
  return indexes;
}
