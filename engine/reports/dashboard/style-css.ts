/** The one stylesheet every page links: system fonts only, no external resource. */
export const STYLE_CSS = `:root {
  --fg: #1b1f24; --muted: #5b6470; --bg: #ffffff; --panel: #f5f7fa; --line: #d9dee5; --link: #0b5cad;
  --pass: #1a7f37; --pass-bg: #dafbe1; --fail: #b42318; --fail-bg: #ffe4e0; --error: #9a5b00; --error-bg: #fff1cc;
  --skipped: #57606a; --skipped-bg: #eaeef2;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--fg); background: var(--bg); line-height: 1.45;
}
body { margin: 0; }
a { color: var(--link); }
code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 0.85em; }
header.site { background: #0d1b2a; color: #fff; padding: 0.8rem 1.5rem; display: flex; flex-wrap: wrap; gap: 0.5rem 2rem; align-items: center; }
header.site a { color: #fff; }
header.site .brand { font-weight: 600; font-size: 1.1rem; }
header.site nav a { margin-right: 1rem; text-decoration: none; opacity: 0.85; }
header.site nav a[aria-current="page"] { opacity: 1; text-decoration: underline; text-underline-offset: 4px; }
header.site .run { margin-left: auto; font-size: 0.9rem; }
header.site .run strong { font-size: 1rem; }
header.site .run .stale { color: #ffb4a8; font-weight: 600; }
.internal { margin: 0; padding: 0.4rem 1.5rem; background: #fff8c5; border-bottom: 1px solid #e8d87a; font-size: 0.85rem; }
main { padding: 1rem 1.5rem 2rem; max-width: 1200px; }
h1 { font-size: 1.6rem; margin: 0.6rem 0 0.4rem; }
h2 { font-size: 1.2rem; margin: 2rem 0 0.6rem; border-bottom: 1px solid var(--line); padding-bottom: 0.3rem; }
h3 { font-size: 1rem; margin: 1.4rem 0 0.4rem; }
.muted, .note { color: var(--muted); }
.note { font-size: 0.88rem; }
.cards { display: flex; flex-wrap: wrap; gap: 0.8rem; margin: 1rem 0; }
.card { background: var(--panel); border: 1px solid var(--line); border-radius: 8px; padding: 0.7rem 1rem; min-width: 11rem; }
.card .value { font-size: 1.6rem; font-weight: 650; display: block; }
.card .label { color: var(--muted); font-size: 0.85rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.9rem; margin: 0.4rem 0 1rem; }
th, td { text-align: left; vertical-align: top; padding: 0.4rem 0.6rem; border-bottom: 1px solid var(--line); }
th { background: var(--panel); font-weight: 600; }
td.message { overflow-wrap: anywhere; }
ul.scopes { list-style: none; margin: 0; padding: 0; }
ul.scopes li { margin: 0.1rem 0; white-space: nowrap; }
ul.scopes li.message { white-space: normal; }
.status { display: inline-block; min-width: 3.6rem; text-align: center; border-radius: 4px; padding: 0 0.35rem; font-size: 0.78rem; font-weight: 650; text-transform: uppercase; letter-spacing: 0.02em; }
.status-pass { color: var(--pass); background: var(--pass-bg); }
.status-fail { color: var(--fail); background: var(--fail-bg); }
.status-error { color: var(--error); background: var(--error-bg); }
.status-skipped, .status-not-run, .status-unknown { color: var(--skipped); background: var(--skipped-bg); }
.status-ok { color: var(--pass); background: var(--pass-bg); }
.status-attention { color: var(--error); background: var(--error-bg); }
.cell { display: inline-block; width: 1.05em; margin-right: 1px; border-radius: 2px; text-align: center; font-size: 0.7rem; font-weight: 650; }
.sev { font-weight: 600; }
.sev-critical { color: var(--fail); }
.sev-high { color: #c4320a; }
.sev-medium { color: var(--error); }
.sev-low { color: var(--muted); }
.overdue { color: var(--fail); font-weight: 600; }
.chart { max-width: 820px; }
.chart svg { width: 100%; height: auto; display: block; }
.chart .grid { stroke: var(--line); stroke-width: 1; }
.chart .axis { fill: var(--muted); font-size: 11px; }
.chart .value { fill: var(--fg); font-weight: 650; }
.chart .line { fill: none; stroke: var(--link); stroke-width: 2; }
.chart .dot { fill: var(--link); }
.chart .nodata { fill: var(--skipped-bg); }
details summary { cursor: pointer; color: var(--link); }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 0.2rem 1rem; margin: 0.6rem 0; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; }
.checks li { margin: 0.5rem 0; }
.checks ul { margin: 0.2rem 0; font-size: 0.88rem; }
footer { padding: 1rem 1.5rem; color: var(--muted); font-size: 0.8rem; border-top: 1px solid var(--line); }
@media print { header.site { background: none; color: #000; } header.site a { color: #000; } }
`;
