import { describe, expect, it } from 'vitest';
import { checkRunOutput, configProblemOutput } from '../../engine/change-management/check-run.ts';
import { evaluatePullRequest } from '../../engine/change-management/evaluate-pull-request.ts';
import { appEnvironment, assertWebhookSecret } from '../../engine/change-management/app-environment.ts';
import { parseConfig } from '../../engine/config/load-config.ts';
import { samplePullRequestSnapshots } from '../../engine/demo/sample-organization/github-pull-requests.ts';

const config = (mode = 'enforce') => {
  const parsed = parseConfig(`version: 1\norganization: acme\napp: { mode: ${mode} }\ncontrols:\n  pr-ticket-linked: { jiraProjects: [SEC, ENG, OPS] }\n`);
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
  return parsed.config;
};
const prs = samplePullRequestSnapshots(new Date('2026-11-02T09:00:00Z'));
const pr = (scope: string) => prs.find((snapshot) => snapshot.scope === scope)!;

describe('the change-management check run', () => {
  it('succeeds when the approval, secrets and ticket tests pass', () => {
    const output = checkRunOutput(evaluatePullRequest(pr('github:acme/api#412'), config()), config().app);
    expect(output.conclusion).toBe('success');
    expect(output.title).toBe('All 3 change-management tests pass');
    expect(output.summary).toContain('| Independent approval | ✅ pass |');
    expect(output.annotations).toEqual([]);
  });

  it('fails with an annotation at each secret, showing at most 4 characters', () => {
    const output = checkRunOutput(evaluatePullRequest(pr('github:acme/api#420'), config()), config().app);
    expect(output.conclusion).toBe('failure');
    expect(output.title).toContain('No hardcoded secrets');
    expect(output.annotations).toHaveLength(1);
    expect(output.annotations[0]).toMatchObject({ annotation_level: 'failure', title: 'Hardcoded secret: aws-access-key-id' });
    expect(output.annotations[0]?.message).toMatch(/\(AKIA…, fingerprint [0-9a-f]{12}\)/);
  });

  it('is neutral in advisory mode and says so', () => {
    const output = checkRunOutput(evaluatePullRequest(pr('github:acme/api#415'), config('advisory')), config('advisory').app);
    expect(output.conclusion).toBe('neutral');
    expect(output.summary).toContain('This check is advisory');
  });

  it('never succeeds when the change could not be fully read', () => {
    const snapshot = structuredClone(pr('github:acme/api#412'));
    snapshot.parts.diff = { complete: false, count: 3000, error: 'GitHub lists 3000 of the 3412 changed files' };
    const output = checkRunOutput(evaluatePullRequest(snapshot, config()), config().app);
    expect(output.conclusion).toBe('failure');
    expect(output.title).toBe('Could not complete: No hardcoded secrets');
  });

  it('names every problem of an invalid compliance.yml, and is neutral while none exists', () => {
    expect(configProblemOutput('invalid', ['acme/compliance/compliance.yml:3:5  app.mode: expected "enforce" or "advisory"'])).toMatchObject({ conclusion: 'failure', summary: expect.stringContaining('app.mode') });
    expect(configProblemOutput('missing', ['acme/compliance/compliance.yml does not exist']).conclusion).toBe('neutral');
  });
});

describe('the app environment', () => {
  it('refuses to start without a webhook secret or with Probot’s development default', () => {
    expect(() => assertWebhookSecret(undefined)).toThrow(/WEBHOOK_SECRET is not set/);
    expect(() => assertWebhookSecret('development')).toThrow(/placeholder/);
    expect(() => assertWebhookSecret('x'.repeat(40))).not.toThrow();
  });

  it('derives a stable fingerprint key from the app’s private key when none is set', () => {
    const a = appEnvironment({ PRIVATE_KEY: 'pem-a' }).EVIDENT_FINGERPRINT_KEY;
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(appEnvironment({ PRIVATE_KEY: 'pem-a' }).EVIDENT_FINGERPRINT_KEY).toBe(a);
    expect(appEnvironment({ PRIVATE_KEY: 'pem-b' }).EVIDENT_FINGERPRINT_KEY).not.toBe(a);
    expect(appEnvironment({ PRIVATE_KEY: 'pem-a', EVIDENT_FINGERPRINT_KEY: 'set' }).EVIDENT_FINGERPRINT_KEY).toBe('set');
  });
});
