import { describe, expect, it } from 'vitest';
import { catalog } from '../../engine/controls/index.ts';
import { evaluateControl } from '../../engine/evaluate-control.ts';
import { fixtureDirectories, loadFixtures } from '../support/control-fixtures.ts';

describe('control fixtures', () => {
  it('exist for every control and only for catalog controls', () => {
    expect(fixtureDirectories()).toEqual(catalog.map((c) => c.id).sort());
  });

  for (const control of catalog) {
    describe(control.id, () => {
      const fixtures = loadFixtures(control.id);

      it('has at least one pass and one fail case', () => {
        expect(fixtures.some(({ fixture }) => fixture.expected.status === 'pass')).toBe(true);
        expect(fixtures.some(({ fixture }) => fixture.expected.status === 'fail')).toBe(true);
      });

      for (const { file, fixture } of fixtures) {
        it(`${file}: ${fixture.description}`, () => {
          const result = evaluateControl(control, fixture.snapshot, { params: fixture.params });
          expect(result.status, result.reason ?? result.summary).toBe(fixture.expected.status);
          expect(result.outcomes.map(({ resource, status }) => ({ resource, status }))).toEqual(fixture.expected.outcomes);
          for (const [resource, text] of Object.entries(fixture.expected.messages ?? {})) {
            const outcome = result.outcomes.find((o) => o.resource === resource);
            expect(outcome?.message, `outcome for ${resource}`).toContain(text);
          }
          if (fixture.expected.summary !== undefined) {
            expect(`${result.summary} ${result.reason ?? ''}`).toContain(fixture.expected.summary);
          }
        });
      }
    });
  }
});
