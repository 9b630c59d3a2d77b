import { createHash } from 'node:crypto';
import { criteriaFor } from './frameworks/index.ts';
import type { Finding, Result } from './model.ts';

/**
 * The identity of a finding across runs: control + scope. The issue for it is found again by this
 * fingerprint in a hidden marker, whatever its title or labels became.
 */
export function findingFingerprint(controlId: string, scope: string): string {
  return createHash('sha256').update(`${controlId}\u0000${scope}`).digest('hex').slice(0, 24);
}

/** The finding a failed result raises, or undefined for any other status. */
export function findingFor(result: Result, evidenceKeys: readonly string[]): Finding | undefined {
  if (result.status !== 'fail') return undefined;
  return {
    fingerprint: findingFingerprint(result.controlId, result.scope),
    controlId: result.controlId,
    title: result.title,
    scope: result.scope,
    severity: result.severity,
    criteria: criteriaFor(result.controlId),
    summary: result.summary,
    source: result.source,
    population: result.population,
    failing: result.outcomes.filter((outcome) => outcome.status === 'fail'),
    effectiveAt: result.effectiveAt,
    evidence: [...evidenceKeys],
  };
}
