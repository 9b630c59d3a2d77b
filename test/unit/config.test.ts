import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { didYouMean } from '../../engine/config/did-you-mean.ts';
import { formatProblem, parseConfig, type ConfigProblem } from '../../engine/config/load-config.ts';
import { ComplianceConfig } from '../../engine/config/schema.ts';
import { catalog } from '../../engine/controls/index.ts';
import { complianceJsonSchema } from '../../scripts/compliance-json-schema.ts';

const root = new URL('../fixtures/config/', import.meta.url).pathname;
const files = (kind: 'valid' | 'invalid') => readdirSync(join(root, kind)).filter((f) => f.endsWith('.yml')).sort();
const show = (problem: ConfigProblem) => formatProblem('', problem).trimStart();

describe('compliance.yml', () => {
  for (const file of files('valid')) {
    it(`accepts valid/${file}`, () => {
      const parsed = parseConfig(readFileSync(join(root, 'valid', file), 'utf8'));
      expect(parsed.ok ? [] : parsed.problems.map(show)).toEqual([]);
    });
  }

  for (const file of files('invalid')) {
    it(`rejects invalid/${file} with exactly the expected path-qualified problems`, () => {
      const text = readFileSync(join(root, 'invalid', file), 'utf8');
      const expected = [...text.matchAll(/^# expect: (.+)$/gm)].map((m) => m[1]!);
      const parsed = parseConfig(text);
      expect(parsed.ok).toBe(false);
      const problems = parsed.ok ? [] : parsed.problems.map((p) => `${p.line ?? ''}${p.line === undefined ? '' : `:${p.column}`} ${p.path === '(yaml)' ? '' : `${p.path}: `}${p.message}`.trim());
      expect(problems).toHaveLength(expected.length);
      expected.forEach((want, i) => expect(problems[i]).toContain(want));
    });
  }

  it('fills every default, so controls see complete parameters', () => {
    const parsed = parseConfig('version: 1\norganization: acme\ncontrols:\n  okta-inactive-users: {}\n');
    expect(parsed.ok && parsed.config).toMatchObject({
      evidence: { store: 'filesystem', path: 'evidence' },
      triage: { sla: { critical: 24, high: 72, medium: 168, low: 720 } },
      controls: { 'okta-inactive-users': { enabled: true, maxInactiveDays: 90, exemptUsers: [], exemptGroups: [] } },
    });
  });

  it('has a settings block for every catalog control, and no control parameter named enabled or severity', () => {
    const shape = (ComplianceConfig.shape.controls.unwrap() as z.ZodObject).shape;
    expect(Object.keys(shape).sort()).toEqual(catalog.map((c) => c.id).sort());
  });

  it('ships compliance.schema.json as npm run build generates it, with every control parameter documented', () => {
    const generated = complianceJsonSchema() as { properties: { controls: { properties: Record<string, { properties: Record<string, { description?: string }> }> } } };
    const committed = JSON.parse(readFileSync(new URL('../../compliance.schema.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(generated);
    const undocumented = Object.entries(generated.properties.controls.properties).flatMap(([id, settings]) =>
      Object.entries(settings.properties).filter(([, property]) => property.description === undefined).map(([param]) => `${id}.${param}`),
    );
    expect(undocumented).toEqual([]);
  });

  it('generates a JSON Schema that editors can use, with descriptions and defaults', () => {
    const schema = z.toJSONSchema(ComplianceConfig, { io: 'input' }) as Record<string, any>;
    expect(schema.required).toEqual(['version', 'organization']);
    expect(schema.properties.controls.properties['okta-inactive-users'].properties.maxInactiveDays.default).toBe(90);
    expect(schema.properties.controls.additionalProperties).toBe(false);
    expect(schema.properties.evidence.description).toBe('Where evidence is archived.');
  });
});

describe('didYouMean', () => {
  it.each([
    ['maxInactiveDay', ['maxInactiveDays', 'exemptUsers'], 'maxInactiveDays'],
    ['max_inactive_days', ['maxInactiveDays'], 'maxInactiveDays'],
    ['okta-mfa-enroled', ['okta-mfa-enrolled', 'okta-admin-mfa'], 'okta-mfa-enrolled'],
    ['orgURL', ['orgUrl', 'tokenEnv'], 'orgUrl'],
    ['colour', ['severity', 'enabled'], undefined],
  ])('suggests for %s', (input, known, suggestion) => {
    expect(didYouMean(input, known)).toBe(suggestion);
  });
});
