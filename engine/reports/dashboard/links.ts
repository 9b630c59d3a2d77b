/**
 * Every link the dashboard makes is relative (or the evidence URL the user gave), so the site works
 * opened from files and under a GitHub Pages sub-path. `depth` is how many folders below the site's
 * root the page is (0 for index.html, 1 for controls/<id>.html).
 */
import { html, type Html } from './html.ts';

const ABSOLUTE = /^([a-z][a-z0-9+.-]*:|\/)/i;

export function up(depth: number): string {
  return '../'.repeat(depth);
}

/** The file name of a control's page: ids are kebab-case; anything else is made so, never a path. */
export function controlPagePath(id: string): string {
  return `controls/${id.toLowerCase().replace(/[^a-z0-9_-]/g, '-')}.html`;
}

export function controlLink(id: string, text: string, depth: number): Html {
  return html`<a href="${up(depth)}${controlPagePath(id)}">${text}</a>`;
}

/** `2026/11/02/access-control-0900-180c6d12….json`: the hash shortened for reading; the title holds the key. */
export function shortKey(key: string): string {
  return key.replace(/([0-9a-f]{12})[0-9a-f]{52}\.json$/, '$1….json');
}

export function evidenceLink(key: string, base: string | undefined, depth: number): Html {
  if (base === undefined) return html`<code title="${key}">${shortKey(key)}</code>`;
  const href = ABSOLUTE.test(base) ? `${base}${key}` : `${up(depth)}${base}${key}`;
  return html`<a class="evidence" href="${href}" title="${key}"><code>${shortKey(key)}</code></a>`;
}

/** Issue links from the history: only http(s) URLs become links. */
export function issueLink(issue: { number: number; url: string }): Html {
  return /^https?:\/\//i.test(issue.url) ? html`<a href="${issue.url}">#${issue.number}</a>` : html`#${issue.number}`;
}
