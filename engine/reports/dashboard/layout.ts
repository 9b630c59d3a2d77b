/**
 * The frame of every page: the organization, the navigation, and in every header the last run
 * time and the generation time, so a reader always knows how old what they see is. A static page
 * has no live clock: anything computed "now" (SLA countdowns) is as of generation, and says so.
 */
import { EVIDENT_VERSION } from '../../version.ts';
import type { DashboardData } from './dashboard-data.ts';
import { formatTime, html, time, type Html } from './html.ts';
import { up } from './links.ts';

export type Section = 'overview' | 'findings' | 'control';

export interface PageFrame {
  data: DashboardData;
  title: string;
  section: Section;
  /** Folders below the site's root: 0 for index.html, 1 for controls/<id>.html. */
  depth: number;
}

/** Past this silence before generation, the header calls the data stale (the runs are hourly). */
const STALE_HOURS = 2;

// Nothing is loaded from anywhere but the site itself; there is no script to run.
const CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

export function renderPage(frame: PageFrame, body: Html): string {
  const { data, depth, section } = frame;
  const nav = (target: Section, href: string, label: string) => html`<a href="${up(depth)}${href}"${section === target ? html` aria-current="page"` : ''}>${label}</a>`;
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="robots" content="noindex, nofollow">
<meta name="generator" content="Evident ${EVIDENT_VERSION}">
<title>${frame.title} · ${data.organization} compliance</title>
<link rel="stylesheet" href="${up(depth)}style.css">
</head>
<body>
<header class="site">
<div class="brand"><a href="${up(depth)}index.html">${data.organization} · compliance dashboard</a></div>
<nav aria-label="Sections">${nav('overview', 'index.html', 'Overview')}${nav('findings', 'findings.html', 'Findings')}<a href="${up(depth)}data.json">Data (JSON)</a></nav>
<div class="run" id="last-run">${lastRun(data)}<br><span>Generated ${time(data.generatedAt)}</span></div>
</header>
<p class="internal"><strong>Internal.</strong> This site names people, accounts and resources of ${data.organization}. Publish it only where just your organization and its auditors can read it.</p>
<main>
${body}
</main>
<footer>Built by Evident ${EVIDENT_VERSION} from ${data.evidence.results} result record(s) in ${data.evidence.location}. Static pages: every figure is as of ${formatTime(data.generatedAt)}, when they were generated; generate them again to refresh.</footer>
</body>
</html>
`.value;
}

function lastRun(data: DashboardData): Html {
  if (data.lastRunAt === undefined) return html`<strong>Last run: none</strong> <span class="stale">(no result in the evidence)</span>`;
  const hours = Math.floor((Date.parse(data.generatedAt) - Date.parse(data.lastRunAt)) / 3_600_000);
  const age = hours >= STALE_HOURS ? html` <span class="stale">(${ago(hours)} before generation)</span>` : '';
  return html`<strong>Last run ${time(data.lastRunAt)}</strong>${age}`;
}

function ago(hours: number): string {
  return hours < 48 ? `${hours} h` : `${Math.floor(hours / 24)} d ${hours % 24} h`;
}
