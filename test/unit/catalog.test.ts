import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { catalog } from '../../engine/controls/index.ts';
import { EVIDENT_VERSION } from '../../engine/version.ts';

const controlsDir = new URL('../../engine/controls/', import.meta.url).pathname;

/** Files that declare a control (`export const control = defineControl(`), as `<folder>/<file>`. */
function controlFiles(): string[] {
  return readdirSync(controlsDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.ts') && readFileSync(join(controlsDir, file), 'utf8').includes('export const control = defineControl('))
    .sort();
}

describe('the control catalog', () => {
  it('lists every control file exactly once, and each id equals its file name', async () => {
    const files = controlFiles();
    expect(files.map((f) => f.split('/').pop()!.replace(/\.ts$/, '')).sort()).toEqual(catalog.map((c) => c.id).sort());
    for (const file of files) {
      const module = (await import(join(controlsDir, file))) as { control: { id: string } };
      expect(catalog).toContain(module.control);
      expect(module.control.id).toBe(file.split('/').pop()!.replace(/\.ts$/, ''));
    }
  });

  it('keeps each control in the folder of its source', () => {
    const folderOf: Record<string, string> = { 'github-pull-request': 'github-pr', 'github-org': 'github-org', okta: 'okta', aws: 'aws' };
    for (const file of controlFiles()) {
      const id = file.split('/').pop()!.replace(/\.ts$/, '');
      const control = catalog.find((c) => c.id === id)!;
      expect(file.split('/')[0], id).toBe(folderOf[control.source.id]);
    }
  });

  it('gives every control the prose people read: a risk, a remediation checklist and a summary', () => {
    for (const control of catalog) {
      expect(control.id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)*$/);
      expect(control.title.length, control.id).toBeGreaterThan(10);
      expect(control.risk.length, control.id).toBeGreaterThan(40);
      expect(control.remediation.length, control.id).toBeGreaterThanOrEqual(2);
      expect(control.needs.length, control.id).toBeGreaterThan(0);
    }
  });

  it('has parameters whose defaults alone are valid', () => {
    for (const control of catalog) expect(control.params.safeParse({}).success, control.id).toBe(true);
  });
});

describe('the Evident version', () => {
  it('equals package.json, so evidence records name the release that wrote them', () => {
    const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect(EVIDENT_VERSION).toBe(pkg.version);
  });
});
