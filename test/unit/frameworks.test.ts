import { describe, expect, it } from 'vitest';
import { catalog } from '../../engine/controls/index.ts';
import { criteriaFor, frameworks, iso27001, resolveCriterion, soc2 } from '../../engine/frameworks/index.ts';

const ids = (framework: { criteria: readonly { id: string }[] }) => framework.criteria.map((c) => c.id);
const range = (prefix: string, from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `${prefix}${from + i}`);
const mapped = (framework: { criteria: readonly { controls: readonly string[] }[] }) => new Set(framework.criteria.flatMap((c) => c.controls));

describe('framework mappings', () => {
  it('name only controls in the catalog', () => {
    const known = new Set(catalog.map((c) => c.id));
    const unknown = frameworks.flatMap((f) => f.criteria.flatMap((c) => c.controls.filter((id) => !known.has(id)).map((id) => `${f.id} ${c.id}: ${id}`)));
    expect(unknown, `control ids the catalog does not have: ${unknown.join(', ')}`).toEqual([]);
  });

  it('map every catalog control to at least one SOC 2 and one ISO 27001 criterion', () => {
    const unmapped = catalog.filter((c) => {
      const criteria = criteriaFor(c.id);
      return criteria.soc2.length === 0 || criteria.iso27001.length === 0;
    });
    expect(unmapped.map((c) => c.id)).toEqual([]);
  });

  it('map the same controls in both frameworks', () => {
    expect([...mapped(iso27001)].sort()).toEqual([...mapped(soc2)].sort());
  });

  it('list a control at most once per criterion', () => {
    for (const framework of frameworks) {
      for (const criterion of framework.criteria) {
        expect(new Set(criterion.controls).size, `${framework.id} ${criterion.id}`).toBe(criterion.controls.length);
      }
    }
  });
});

describe('SOC 2', () => {
  const common = [
    ...range('CC1.', 1, 5),
    ...range('CC2.', 1, 3),
    ...range('CC3.', 1, 4),
    ...range('CC4.', 1, 2),
    ...range('CC5.', 1, 3),
    ...range('CC6.', 1, 8),
    ...range('CC7.', 1, 5),
    'CC8.1',
    ...range('CC9.', 1, 2),
  ];

  it('has every common criterion CC1.1 to CC9.2, with a title', () => {
    expect(common).toHaveLength(33);
    expect(ids(soc2).filter((id) => id.startsWith('CC'))).toEqual(common);
    expect(ids(soc2)).toContain('CC4.1');
    for (const criterion of soc2.criteria) expect(criterion.title.trim(), criterion.id).not.toBe('');
  });

  it('has the Availability and Confidentiality criteria', () => {
    expect(ids(soc2).filter((id) => !id.startsWith('CC'))).toEqual(['A1.1', 'A1.2', 'A1.3', 'C1.1', 'C1.2']);
  });

  it('uses the AICPA wording', () => {
    const title = (id: string) => soc2.criteria.find((c) => c.id === id)?.title;
    expect(title('CC6.1')).toBe(
      "The entity implements logical access security software, infrastructure, and architectures over protected information assets to protect them from security events to meet the entity's objectives.",
    );
    expect(title('CC6.6')).toBe('The entity implements logical access security measures to protect against threats from sources outside its system boundaries.');
    expect(title('CC9.2')).toBe('The entity assesses and manages risks associated with vendors and business partners.');
  });

  it('maps change management and access controls where an auditor expects them', () => {
    expect(criteriaFor('pr-approved').soc2).toContain('CC8.1');
    expect(criteriaFor('okta-mfa-enrolled').soc2).toContain('CC6.1');
    expect(criteriaFor('okta-inactive-users').soc2).toEqual(['CC6.2', 'CC6.3']);
    expect(criteriaFor('aws-sg-no-open-ingress').soc2).toContain('CC6.6');
    expect(criteriaFor('aws-config-rules-compliant').soc2).toEqual(['CC4.1', 'CC7.1']);
  });
});

describe('ISO/IEC 27001:2022 Annex A', () => {
  it('has the 93 controls: 37 organizational, 8 people, 14 physical, 34 technological', () => {
    expect(ids(iso27001)).toEqual([...range('A.5.', 1, 37), ...range('A.6.', 1, 8), ...range('A.7.', 1, 14), ...range('A.8.', 1, 34)]);
    expect(new Set(ids(iso27001)).size).toBe(93);
    for (const id of ids(iso27001)) expect(id).toMatch(/^A\.[5-8]\.[1-9]\d?$/);
    for (const criterion of iso27001.criteria) expect(criterion.title.trim(), criterion.id).not.toBe('');
  });

  it('uses the titles of the standard', () => {
    const title = (id: string) => iso27001.criteria.find((c) => c.id === id)?.title;
    expect(title('A.5.15')).toBe('Access control');
    expect(title('A.5.17')).toBe('Authentication information');
    expect(title('A.5.18')).toBe('Access rights');
    expect(title('A.6.7')).toBe('Remote working');
    expect(title('A.7.4')).toBe('Physical security monitoring');
    expect(title('A.8.1')).toBe('User end point devices');
    expect(title('A.8.2')).toBe('Privileged access rights');
    expect(title('A.8.5')).toBe('Secure authentication');
    expect(title('A.8.9')).toBe('Configuration management');
    expect(title('A.8.15')).toBe('Logging');
    expect(title('A.8.16')).toBe('Monitoring activities');
    expect(title('A.8.20')).toBe('Networks security');
    expect(title('A.8.24')).toBe('Use of cryptography');
    expect(title('A.8.32')).toBe('Change management');
  });

  it('maps change management and access controls where an auditor expects them', () => {
    expect(criteriaFor('pr-approved').iso27001).toContain('A.8.32');
    expect(criteriaFor('pr-no-secrets').iso27001).toEqual(expect.arrayContaining(['A.5.17', 'A.8.24']));
    expect(criteriaFor('okta-mfa-enrolled').iso27001).toEqual(['A.5.17', 'A.8.5']);
    expect(criteriaFor('okta-admin-mfa').iso27001).toContain('A.8.2');
    expect(criteriaFor('okta-inactive-users').iso27001).toEqual(expect.arrayContaining(['A.5.15', 'A.5.18']));
    expect(criteriaFor('aws-sg-no-open-ingress').iso27001).toEqual(['A.8.20', 'A.8.22']);
  });
});

describe('ISO/IEC 27001:2013 aliases', () => {
  // How many controls each 2013 Annex A category has, from the 2013 standard: 114 in all.
  const categories2013: Record<string, number> = {
    'A.5.1': 2,
    'A.6.1': 5, 'A.6.2': 2,
    'A.7.1': 2, 'A.7.2': 3, 'A.7.3': 1,
    'A.8.1': 4, 'A.8.2': 3, 'A.8.3': 3,
    'A.9.1': 2, 'A.9.2': 6, 'A.9.3': 1, 'A.9.4': 5,
    'A.10.1': 2,
    'A.11.1': 6, 'A.11.2': 9,
    'A.12.1': 4, 'A.12.2': 1, 'A.12.3': 1, 'A.12.4': 4, 'A.12.5': 1, 'A.12.6': 2, 'A.12.7': 1,
    'A.13.1': 3, 'A.13.2': 4,
    'A.14.1': 3, 'A.14.2': 9, 'A.14.3': 1,
    'A.15.1': 3, 'A.15.2': 2,
    'A.16.1': 7,
    'A.17.1': 3, 'A.17.2': 1,
    'A.18.1': 5, 'A.18.2': 3,
  };
  const controls2013 = Object.entries(categories2013).flatMap(([category, count]) => range(`${category}.`, 1, count));
  const current = new Set(ids(iso27001));

  it('cover every one of the 114 ISO 27001:2013 controls and nothing else at that level', () => {
    expect(controls2013).toHaveLength(114);
    const missing = controls2013.filter((id) => iso27001.aliases[id] === undefined);
    expect(missing, `2013 controls without an alias: ${missing.join(', ')}`).toEqual([]);
    expect(Object.keys(iso27001.aliases).filter((key) => key.split('.').length === 4).sort()).toEqual([...controls2013].sort());
  });

  it('follow ISO/IEC 27002:2022 Table B.2', () => {
    const expected: Record<string, string[]> = {
      'A.9.2.1': ['A.5.16'],
      'A.9.2.2': ['A.5.18'],
      'A.9.2.3': ['A.8.2'],
      'A.9.2.5': ['A.5.18'],
      'A.9.2.6': ['A.5.18'],
      'A.9.4.2': ['A.8.5'],
      'A.12.1.2': ['A.8.32'],
      'A.12.4.1': ['A.8.15'],
      'A.12.6.1': ['A.8.8'],
      'A.13.1.1': ['A.8.20'],
      'A.14.2.2': ['A.8.32'],
      'A.18.2.3': ['A.5.36', 'A.8.8'],
    };
    for (const [alias, targets] of Object.entries(expected)) expect(iso27001.aliases[alias], alias).toEqual(targets);
  });

  it('leave exactly the 11 controls new in 2022 without a 2013 predecessor', () => {
    const targets = new Set(controls2013.flatMap((id) => iso27001.aliases[id] ?? []));
    const isNew = ids(iso27001).filter((id) => !targets.has(id));
    expect(isNew).toEqual(['A.5.7', 'A.5.23', 'A.5.30', 'A.7.4', 'A.8.9', 'A.8.10', 'A.8.11', 'A.8.12', 'A.8.16', 'A.8.23', 'A.8.28']);
  });

  it('resolve categories and clauses to the union of their controls, sorted and de-duplicated', () => {
    expect(iso27001.aliases['A.9.2']).toEqual(['A.5.16', 'A.5.17', 'A.5.18', 'A.8.2']);
    expect(iso27001.aliases['A.12']).toEqual(['A.5.37', 'A.8.6', 'A.8.7', 'A.8.8', 'A.8.13', 'A.8.15', 'A.8.17', 'A.8.19', 'A.8.31', 'A.8.32', 'A.8.34']);
    for (const clause of range('A.', 5, 18)) expect(iso27001.aliases[clause], clause).toBeDefined();
    for (const category of Object.keys(categories2013)) {
      if (current.has(category)) continue;
      const union = [...new Set(range(`${category}.`, 1, categories2013[category] ?? 0).flatMap((id) => iso27001.aliases[id] ?? []))];
      expect([...(iso27001.aliases[category] ?? [])].sort(), category).toEqual(union.sort());
    }
  });

  it('never take a 2022 control id as a key, and point only at 2022 controls', () => {
    for (const [alias, targets] of Object.entries(iso27001.aliases)) {
      expect(current.has(alias), `alias ${alias} shadows a 2022 control`).toBe(false);
      expect(targets.length, alias).toBeGreaterThan(0);
      for (const target of targets) expect(current.has(target), `${alias} → ${target}`).toBe(true);
    }
  });
});

describe('resolveCriterion', () => {
  it('resolves a 2013 control to the 2022 control it became', () => {
    expect(resolveCriterion('A.9.4.2')).toEqual({ framework: 'iso27001', ids: ['A.8.5'], alias: 'A.9.4.2' });
  });

  it('resolves a 2013 clause to every 2022 control it became', () => {
    const resolved = resolveCriterion('A.12');
    expect(resolved?.alias).toBe('A.12');
    expect(resolved?.ids).toEqual(expect.arrayContaining(['A.8.15', 'A.8.32']));
  });

  it('accepts any case and a framework prefix', () => {
    expect(resolveCriterion('a.8.5')).toEqual({ framework: 'iso27001', ids: ['A.8.5'] });
    expect(resolveCriterion('iso27001:A.8.5')).toEqual({ framework: 'iso27001', ids: ['A.8.5'] });
    expect(resolveCriterion('soc2:cc6.1')).toEqual({ framework: 'soc2', ids: ['CC6.1'] });
  });

  it('reads an id that is both a 2022 control and a 2013 category as the 2022 control', () => {
    expect(resolveCriterion('A.8.1')).toEqual({ framework: 'iso27001', ids: ['A.8.1'] });
  });

  it('returns undefined for an unknown id', () => {
    expect(resolveCriterion('CC99.1')).toBeUndefined();
  });
});
