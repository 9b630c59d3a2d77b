/**
 * No pull request adds a hardcoded secret. Reads the result of Evident's secret scanner on the lines the
 * pull request adds (engine/secrets/), as the GitHub App recorded it in the snapshot's `secretScan`.
 *
 * Evidence area: `change-management`. The test gates a change (it runs as a check before merge, like
 * GitHub's push protection: https://docs.github.com/en/code-security/secret-scanning/introduction/about-push-protection),
 * and an auditor sampling a pull request finds its approval, ticket and secret tests side by side.
 * The data-protection side (SOC 2 CC6.1, ISO 27001 A.5.17 authentication information) comes from the
 * framework mappings, which point at this control's id.
 *
 * Every state is tested, drafts and closed pull requests included: once pushed, a secret is on GitHub
 * (refs/pull/N/head keeps the commits reachable) whether or not the pull request is ever merged.
 *
 * Files no scanner reads are named, never counted as clean: text that went unread (a file GitHub gave
 * no patch for, too large, past 3,000 files) makes the result `error`; binary files and Git LFS files
 * are listed beside the scanned ones, and a pull request of nothing else is `skipped`, not `pass`.
 */
import { z } from 'zod';
import {
  githubPullRequestSource,
  pullRequestResource,
  type SecretFinding,
  type SkippedFile,
} from '../../snapshots/github-pull-request.ts';
import { defineControl } from '../define-control.ts';

/** Skip reasons that leave added text unread: the outcome can then only be `error`, never `pass`. */
const UNSCANNED_REASONS: readonly SkippedFile['reason'][] = ['too-large', 'no-patch', 'too-many-files'];

/** How many findings or files a message names before "and N more"; the details list them all. */
const LISTED = 5;

export const control = defineControl({
  id: 'pr-no-secrets',
  title: 'No pull request adds a hardcoded secret',
  source: githubPullRequestSource,
  needs: ['pullRequest', 'diff'],
  area: 'change-management',
  severity: 'critical',
  risk:
    'A credential committed to a repository is readable by everyone with access to it, its forks and its history, ' +
    'and stays valid until it is rotated; deleting the line afterwards does not remove it from git.',
  remediation: [
    'Revoke and rotate the credential now: treat it as exposed, even if the pull request was never merged.',
    'Check the provider’s logs (CloudTrail, the token’s audit log) for use of the credential since the commit was pushed.',
    'Move the value to a secret manager or an environment variable and read it at run time.',
    'Remove it from the branch; if the pull request was merged, ask GitHub Support to purge cached views after rewriting history.',
    'If the match is a test value or a public identifier, mark the line with `evident:allow` and say why in the review.',
  ],
  summary: { noun: ['pull request', 'pull requests'], failing: 'adding a hardcoded secret' },
  params: z.strictObject({}),
  evaluate(pr) {
    const resource = pullRequestResource(pr);
    const scan = pr.secretScan;
    const blocking = scan.findings.filter((f) => !f.allowed);
    const allowed = scan.findings.filter((f) => f.allowed);
    const unscanned = scan.skipped.filter((s) => UNSCANNED_REASONS.includes(s.reason));
    const binary = scan.skipped.filter((s) => s.reason === 'binary');
    const lfs = scan.skipped.filter((s) => s.reason === 'lfs');
    const details = {
      state: pr.state,
      headSha: pr.headSha,
      filesScanned: scan.filesScanned,
      findings: blocking.map(describeForEvidence),
      allowedFindings: allowed.map(describeForEvidence),
      unscannedFiles: unscanned,
      binaryFiles: binary.map((s) => s.file),
      // Only when there are some, so the records of every other pull request keep their content (and key).
      ...(lfs.length > 0 ? { lfsFiles: lfs.map((s) => s.file) } : {}),
    };
    const scanned = `${scan.filesScanned} file${scan.filesScanned === 1 ? '' : 's'} scanned`;
    const extras = [
      allowed.length > 0 ? `${allowed.length} finding${allowed.length === 1 ? '' : 's'} allowed inline (evident:allow): ${list(allowed.map(place))}` : '',
      binary.length > 0 ? `${binary.length} binary file${binary.length === 1 ? '' : 's'} not scanned: ${list(binary.map((s) => s.file))}` : '',
      lfs.length > 0 ? `${lfs.length} Git LFS file${lfs.length === 1 ? '' : 's'} not scanned (the diff holds only the pointer): ${list(lfs.map((s) => s.file))}` : '',
    ].filter((text) => text !== '');
    const tail = extras.length > 0 ? `; ${extras.join('; ')}` : '';

    if (blocking.length > 0) {
      // A found secret is a failure whatever else could not be scanned; the unscanned files are still named.
      const missed = unscanned.length > 0 ? `; ${describeUnscanned(unscanned)}` : '';
      return [
        {
          status: 'fail',
          resource,
          message: `${resource} adds ${blocking.length} secret${blocking.length === 1 ? '' : 's'}: ${list(blocking.map(describeFinding))} (${scanned})${missed}${tail}.`,
          details,
        },
      ];
    }
    if (unscanned.length > 0) {
      return [
        {
          status: 'error',
          resource,
          message: `${resource} could not be fully scanned for secrets: ${describeUnscanned(unscanned)}; no secret in the ${scanned}${tail}.`,
          details,
        },
      ];
    }
    if (scan.filesScanned === 0 && binary.length + lfs.length > 0) {
      // Nothing was read: a pass would vouch for binary or LFS content no scanner looked at.
      return [{ status: 'skipped', resource, message: `${resource} adds no text that could be scanned for secrets: ${scanned}${tail}.`, details }];
    }
    return [{ status: 'pass', resource, message: `${resource} adds no secret: ${scanned}${tail}.`, details }];
  },
});

/**
 * At most the first 4 characters of the secret. The source schema already rejects a longer `redacted`,
 * but this is the last place before a message, an issue and the evidence archive, so it cuts again.
 */
function redact(redacted: string): string {
  return `${[...redacted.replace(/…/gu, '')].slice(0, 4).join('')}…`;
}

function place(finding: SecretFinding): string {
  return `${finding.rule} at ${finding.file}:${finding.line}`;
}

function describeFinding(finding: SecretFinding): string {
  return `${place(finding)} (${redact(finding.redacted)})`;
}

function describeForEvidence(finding: SecretFinding): Record<string, unknown> {
  const { rule, file, line, column, fingerprint } = finding;
  return { rule, file, line, column, fingerprint, redacted: redact(finding.redacted) };
}

function describeUnscanned(files: readonly SkippedFile[]): string {
  const what = files.map((s) => `${s.file} (${s.reason}${s.bytes === undefined ? '' : `, ${s.bytes} bytes`})`);
  return `${files.length} file${files.length === 1 ? '' : 's'} not scanned: ${list(what)}`;
}

function list(items: readonly string[]): string {
  const shown = items.slice(0, LISTED).join(', ');
  return items.length > LISTED ? `${shown} and ${items.length - LISTED} more` : shown;
}
