/**
 * The dashboard as a reader sees it: built from `evident demo` output, opened from file:// in
 * headless Chromium (Debian's, through playwright-core: nothing downloads a browser), clicked
 * through and photographed. Set EVIDENT_E2E_KEEP=1 to keep the temporary folder and look at
 * the screenshot.
 */
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalog, findControl } from '../../engine/controls/index.ts';
import { evident } from '../support/cli.ts';
import { CHROMIUM } from '../support/system-tools.ts';

// The machine's network is closed: without these, Chromium's own background connections are refused and logged.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

let dir: string;
let site: string;
let context: BrowserContext;
let page: Page;
let output = '';
const problems: string[] = [];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'evident-dashboard-'));
  site = join(dir, 'site');
  const demo = await evident(['demo', '--out', dir, '--at', '2026-11-02T09:00:00Z'], { timeoutMs: 120_000 });
  expect(demo.stderr).toBe('');
  const dashboard = await evident(['dashboard', '--evidence', join(dir, 'evidence'), '--out', site], { timeoutMs: 60_000 });
  expect(dashboard.code).toBe(0);
  output = dashboard.stdout;
  const profile = join(dir, 'chromium-profile');
  await mkdir(profile);
  context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, args: CHROMIUM_ARGS, viewport: { width: 1280, height: 900 } });
  page = context.pages()[0] ?? (await context.newPage());
  page.on('console', (message) => void (message.type() === 'error' && problems.push(`console: ${message.text()}`)));
  page.on('pageerror', (error) => void problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => void problems.push(`request failed: ${request.url()}`));
  page.on('request', (request) => void (request.url().startsWith('file:') || problems.push(`not a local file: ${request.url()}`)));
  await page.goto(pathToFileURL(join(site, 'index.html')).href);
}, 180_000);

afterAll(async () => {
  await context?.close();
  if (process.env.EVIDENT_E2E_KEEP === undefined) await rm(dir, { recursive: true, force: true });
  else process.stderr.write(`dashboard test output kept in ${dir}\n`);
});

describe('evident dashboard, opened from files in Chromium', () => {
  it('says what it built and from what', () => {
    expect(output).toContain(`open ${join(site, 'index.html')}`);
    expect(output).toContain(`configuration: ${join(dir, 'compliance.yml')}`);
    expect(output).toContain('evidence links: ../evidence/');
  });

  it('shows the last run time in the page text, with the stylesheet applied and nothing loaded from elsewhere', async () => {
    expect(await page.locator('#last-run').innerText()).toContain('Last run 2026-11-02 09:00 UTC');
    expect(await page.locator('body').innerText()).toMatch(/Generated \d{4}-\d\d-\d\d \d\d:\d\d UTC/);
    expect(await page.evaluate('getComputedStyle(document.querySelector("header.site")).backgroundColor')).toBe('rgb(13, 27, 42)');
    expect(problems).toEqual([]);
  });

  it('lists every catalog control in the control table', async () => {
    const ids = await page.locator('table.controls tbody tr td:first-child code').allInnerTexts();
    expect(ids).toEqual(catalog.map((control) => control.id));
    expect(await page.locator('table.controls tbody tr').count()).toBe(catalog.length);
  });

  it('draws the pass-rate chart as inline SVG', async () => {
    const chart = page.locator('figure#trend svg');
    await expect.poll(() => chart.count()).toBe(1);
    expect((await chart.boundingBox())?.width).toBeGreaterThan(400);
    expect(await chart.locator('circle.dot').count()).toBeGreaterThan(0);
  });

  it('takes a screenshot of the overview that is a PNG of sensible size', async () => {
    const file = join(dir, 'overview.png');
    await page.screenshot({ path: file, fullPage: true });
    const png = await readFile(file);
    expect(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe(true);
    // IHDR: width and height, big-endian, at bytes 16 and 20.
    expect(png.readUInt32BE(16)).toBe(1280);
    expect(png.readUInt32BE(20)).toBeGreaterThanOrEqual(900);
    expect(png.byteLength).toBeGreaterThan(50_000);
  });

  it('opens a control page from its link, under the same header', async () => {
    const control = findControl('okta-admin-mfa')!;
    await page.locator('table.controls').getByRole('link', { name: control.title, exact: true }).click();
    await page.waitForURL(/\/controls\/okta-admin-mfa\.html$/);
    expect(await page.locator('h1').innerText()).toBe(control.title);
    expect(await page.locator('#last-run').innerText()).toContain('Last run 2026-11-02 09:00 UTC');
    const evidence = page.locator('a.evidence').first();
    expect(await evidence.getAttribute('href')).toMatch(/^\.\.\/\.\.\/evidence\/\d{4}\/\d\d\/\d\d\/access-control-\d{4}-[0-9a-f]{64}\.json$/);
    await page.screenshot({ path: join(dir, 'control.png'), fullPage: true });
    expect(problems).toEqual([]);
  });
});
