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

  it('names, for each guarantee, test files that exist and hold tests named after it', () => {
    const section = /\n## Guarantees\n([\s\S]+?)\n## /.exec(readme)?.[1] ?? '';
    const rows = section.split('\n').filter((line) => /^\| (\d+|[PL]\d) \|/.test(line));
    expect(rows.map((row) => row.split('|')[1]!.trim())).toEqual([...Array.from({ length: 16 }, (_, i) => String(i + 1)), 'P1', 'P2', 'L1']);
    for (const row of rows) {
      const id = row.split('|')[1]!.trim();
      const tag = /^\d+$/.test(id) ? `[case ${id}]` : id.startsWith('P') ? '[property]' : '[load]';
      const files = [...row.matchAll(/`(test\/hardening\/[^`]+\.test\.ts)`/g)].map((match) => match[1]!);
      expect(files.length, id).toBeGreaterThan(0);
      for (const file of files) expect(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8'), `${id} in ${file}`).toContain(`'${tag} `);
    }
  });

  it('gives the two set-up commands', () => {
    expect(readme).toContain('npm ci && npm run --silent evident -- demo');
    expect(readme).toContain('npm ci && npm test');
  });
});
