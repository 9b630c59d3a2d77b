/**
 * `evident dashboard`: a static site from the evidence (and the issue history when there is one),
 * readable opened from files or on GitHub Pages under any sub-path: relative links only, no
 * script, no external resource. Returns the files; the caller writes them.
 */
import { controlPage } from './control-page.ts';
import { dashboardData, type DashboardData, type DashboardInput } from './dashboard-data.ts';
import { findingsPage } from './findings-page.ts';
import { controlPagePath } from './links.ts';
import { overviewPage } from './overview-page.ts';
import { STYLE_CSS } from './style-css.ts';

export type { DashboardData, DashboardInput } from './dashboard-data.ts';

export interface Dashboard {
  /** Paths relative to the site's root, `/`-separated: index.html, controls/<id>.html, … */
  files: Record<string, string>;
  data: DashboardData;
}

export function buildDashboard(input: DashboardInput): Dashboard {
  const data = dashboardData(input);
  const files: Record<string, string> = {
    'index.html': overviewPage(data),
    'findings.html': findingsPage(data),
    'style.css': STYLE_CSS,
    'data.json': `${JSON.stringify(data, null, 2)}\n`,
  };
  for (const control of data.controls) files[controlPagePath(control.id)] = controlPage(data, control);
  return { files, data };
}
