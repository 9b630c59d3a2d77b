import { describe, expect, it } from 'vitest';
import { fingerprinter } from '../../engine/secrets/fingerprint.ts';
import { secretRules } from '../../engine/secrets/rules/index.ts';
import { compileRules, scanText } from '../../engine/secrets/scan-text.ts';

const compiled = compileRules(secretRules);
const fingerprint = fingerprinter('test-key');
const rulesFound = (text: string) => scanText(text, 'sample.txt', compiled, { fingerprint }).map((f) => f.rule);

describe('secret rules', () => {
  it('have unique ids', () => {
    const ids = secretRules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  for (const rule of secretRules) {
    describe(rule.id, () => {
      it('has at least two true-positive and two false-positive samples', () => {
        expect(rule.samples.truePositives.length).toBeGreaterThanOrEqual(2);
        expect(rule.samples.falsePositives.length).toBeGreaterThanOrEqual(2);
      });
      rule.samples.truePositives.forEach((text, i) => {
        it(`finds true positive #${i + 1}, once, and only with this rule`, () => {
          expect(rulesFound(text)).toEqual([rule.id]);
        });
      });
      rule.samples.falsePositives.forEach((text, i) => {
        it(`finds nothing in false positive #${i + 1}`, () => {
          expect(rulesFound(text)).toEqual([]);
        });
      });
    });
  }
});
