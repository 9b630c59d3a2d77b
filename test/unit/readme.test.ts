import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../engine/config/load-config.ts';
import { catalog } from '../../engine/controls/index.ts';
import { criteriaFor } from '../../engine/frameworks/index.ts';

const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

describe('README', () => {
  it('lists every control with its source, default severity and mappings as the catalog has them', () => {
    for (const control of catalog) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${control.id}\` |`));
      expect(row, control.id).toBeDefined();
      const cells = row!.split('|').map((cell) => cell.trim());
      const { soc2, iso27001 } = criteriaFor(control.id);
      expect(cells.slice(2, 3).concat(cells.slice(4, 7)), control.id).toEqual([control.source.title, control.severity, soc2.join(', '), iso27001.join(', ')]);
    }
  });

  it('shows a compliance.yml example that validates', () => {
    const example = /## compliance\.yml\n\n```yaml\n([\s\S]+?)```/.exec(readme)?.[1];
    expect(example).toBeDefined();
    const parsed = parseConfig(example!);
    expect(parsed.ok ? [] : parsed.problems).toEqual([]);
  });

  it('gives the two set-up commands', () => {
    expect(readme).toContain('npm ci && npm run --silent evident -- demo');
    expect(readme).toContain('npm ci && npm test');
  });
});
