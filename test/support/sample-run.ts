/** Builds real evaluations from the control fixtures, for tests of recording, sealing and verifying. */
import { parseConfig } from '../../engine/config/load-config.ts';
import type { ComplianceConfig } from '../../engine/config/schema.ts';
import type { Snapshot } from '../../engine/model.ts';
import { evaluateAll, type Evaluation } from '../../engine/run.ts';
import { loadFixtures } from './control-fixtures.ts';

export function testConfig(extra = ''): ComplianceConfig {
  const parsed = parseConfig(`version: 1\norganization: acme\nsources:\n  okta: { orgUrl: "https://acme.okta.com" }\n${extra}`);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.config;
}

/** The Okta snapshot of a fixture, moved to `collectedAt` so each call can describe a new moment. */
export function oktaSnapshot(collectedAt: string, fixture = 'fail.json'): Snapshot {
  const found = loadFixtures('okta-mfa-enrolled').find((f) => f.file === fixture);
  if (found === undefined) throw new Error(`no fixture ${fixture}`);
  const snapshot = structuredClone(found.fixture.snapshot);
  snapshot.collectedAt = collectedAt;
  snapshot.parts = { users: { complete: true, count: 4 }, factors: { complete: true, count: 4 }, adminRoles: { complete: true, count: 4 }, groups: { complete: true, count: 4 } };
  return snapshot;
}

export function oktaEvaluation(collectedAt: string): Evaluation {
  return evaluateAll({ config: testConfig(), snapshots: [oktaSnapshot(collectedAt)], now: new Date(collectedAt), only: ['okta'] });
}
