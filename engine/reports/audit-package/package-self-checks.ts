/**
 * The self-checks (engine/reports/self-checks.ts) for the package. Without compliance.yml the
 * checks that read it say "unknown" rather than judge a configuration nobody gave.
 */
import { parseConfig } from '../../config/load-config.ts';
import type { ComplianceConfig } from '../../config/schema.ts';
import type { EvidenceIndex } from '../evidence-index.ts';
import type { IssueHistory } from '../issue-history.ts';
import { selfChecks, type SelfCheck } from '../self-checks.ts';
import type { PackagePeriod } from './package-period.ts';

const NEEDS_CONFIG: readonly SelfCheck['id'][] = ['disabled-controls', 'uncovered-sources', 'retention'];

export function packageSelfChecks(input: { config?: ComplianceConfig | undefined; evidence: EvidenceIndex; history?: IssueHistory | undefined; period: PackagePeriod; now: Date }): SelfCheck[] {
  const config = input.config ?? placeholderConfig();
  const checks = selfChecks({ config, evidence: input.evidence, history: input.history, period: { from: input.period.start, to: input.period.end }, now: input.now });
  if (input.config !== undefined) return checks;
  return checks.map((check) => (NEEDS_CONFIG.includes(check.id) ? { ...check, status: 'unknown', details: ['no compliance.yml was given: pass --config to check this'] } : check));
}

function placeholderConfig(): ComplianceConfig {
  const parsed = parseConfig('version: 1\norganization: unknown\n');
  if (!parsed.ok) throw new Error('the placeholder configuration is not valid');
  return parsed.config;
}
