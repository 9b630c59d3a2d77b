/**
 * Case 11 of issue #8: evidence when the archive fails, and evidence changed afterwards.
 *
 * - `evident run` (the CLI process, the real @aws-sdk/client-s3) against the loopback S3 with
 *   faults injected on PutObject past the SDK's retries (3 attempts by default, 500/503 and a
 *   dropped connection all retried: https://docs.aws.amazon.com/sdkref/latest/guide/feature-retry-behavior.html).
 *   The run is `error` (exit 2) and names each record not written; the seal covers only the records
 *   that are in the archive in full (decided in engine/scheduled-run.ts: a seal lists what is
 *   stored, and a record written later is sealed by the first seal after it); running again writes
 *   only what is missing, because record keys are content addresses written with If-None-Match: *.
 * - Records edited, deleted or slipped in after sealing, in a folder and in S3: `verify` names each,
 *   and a later seal never adopts a record slipped into a period already sealed.
 */
import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { chmod, mkdtemp, readFile, rm, unlink, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FilesystemStore } from '../../engine/evidence/filesystem-store.ts';
import { recordContentHash, recordKey, RECORD_KEY, serializeRecord } from '../../engine/evidence/record.ts';
import { S3Store } from '../../engine/evidence/s3-store.ts';
import { sealEvidence } from '../../engine/evidence/seal.ts';
import type { EvidenceStore } from '../../engine/evidence/store.ts';
import { verifyEvidence } from '../../engine/evidence/verify.ts';
import type { EvidenceRecord } from '../../engine/model.ts';
import { recordEvaluation } from '../../engine/run.ts';
import { evident } from '../support/cli.ts';
import { startGitHubServer, type GitHubTestServer } from '../support/github-server.ts';
import { s3ClientSettings, startS3Server, type S3TestServer } from '../support/s3-server.ts';
import { oktaEvaluation, oktaSnapshot } from '../support/sample-run.ts';
import { writeSnapshotFolder } from '../support/snapshot-folder.ts';

let s3: S3TestServer;
let github: GitHubTestServer;
let client: S3Client;
let dir: string;
let snapshots: string;
/** Each CLI run spawns Node; the machine may be busy with other suites. */
const CLI = { timeoutMs: 60_000 };
const s3Env = () => ({ AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_S3: s3.endpoint });

beforeAll(async () => {
  [s3, github] = await Promise.all([startS3Server(['evidence']), startGitHubServer({ token: 'e2e-token' })]);
  client = new S3Client(s3ClientSettings(s3.endpoint));
  dir = await mkdtemp(join(tmpdir(), 'evident-evidence-faults-'));
  // One Okta snapshot: three results (okta-mfa-enrolled fails, okta-admin-mfa skipped, okta-inactive-users passes).
  snapshots = await writeSnapshotFolder(join(dir, 'snapshots'), [oktaSnapshot('2026-11-02T09:00:00Z')]);
});
afterAll(async () => {
  client.destroy();
  github.assertHealthy();
  await Promise.all([s3.close(), github.close()]);
  await rm(dir, { recursive: true, force: true });
});

/** An S3 archive under its own prefix, with `evident run` (syncing issues to its own repository when `issues`) and `evident verify` on it. */
async function s3Archive(prefix: string, options: { issues?: boolean } = {}) {
  const config = join(dir, `${prefix}.yml`);
  if (options.issues === true) github.seed('acme', prefix, { defaultLabels: true });
  const issues = options.issues === true ? `  github: { org: acme, complianceRepo: ${prefix}, apiUrl: "${github.url}" }\n` : '';
  await writeFile(
    config,
    `version: 1\norganization: acme\nevidence: { store: s3, bucket: evidence, prefix: ${prefix}/, endpoint: "${s3.endpoint}", forcePathStyle: true }\nsources:\n${issues}  okta: { orgUrl: "https://acme.okta.com" }\n`,
  );
  const env = options.issues === true ? { ...s3Env(), GITHUB_TOKEN: 'e2e-token', EVIDENT_GITHUB_WRITE_SPACING_MS: '1' } : s3Env();
  return {
    run: () => evident(['run', '--config', config, '--snapshot', snapshots, '--only', 'okta'], { env, ...CLI }),
    verify: () => evident(['verify', '--evidence', `s3://evidence/${prefix}/`], { env: s3Env(), ...CLI }),
    /** PutObject requests for evidence records, in order, keys without the prefix. */
    recordPuts: () =>
      s3.requests
        .filter((r) => r.method === 'PUT' && r.key.startsWith(`${prefix}/`) && RECORD_KEY.test(r.key.slice(prefix.length + 1)))
        .map((r) => ({ key: r.key.slice(prefix.length + 1), status: r.status, ifNoneMatch: r.headers['if-none-match'] })),
    seal: async (sequence: number) => JSON.parse(await getText(`${prefix}/seals/${String(sequence).padStart(8, '0')}.json`)) as { records: { key: string }[] },
    store: () => new S3Store({ bucket: 'evidence', prefix: `${prefix}/`, client }),
  };
}

async function getText(key: string): Promise<string> {
  const response = await client.send(new GetObjectCommand({ Bucket: 'evidence', Key: key }));
  return (await response.Body?.transformToString()) ?? '';
}

async function recordKeys(store: EvidenceStore): Promise<string[]> {
  const keys: string[] = [];
  for await (const object of store.list()) if (RECORD_KEY.test(object.key)) keys.push(object.key);
  return keys;
}

/** The statuses each record key's PUTs were answered with, in order (undefined: the connection was dropped). */
function statusesByKey(puts: { key: string; status?: number | undefined }[]): Map<string, (number | undefined)[]> {
  const byKey = new Map<string, (number | undefined)[]>();
  for (const put of puts) byKey.set(put.key, [...(byKey.get(put.key) ?? []), put.status]);
  return byKey;
}

describe('[case 11] S3 failing mid-run', { timeout: 120_000 }, () => {
  it('[case 11] S3 answering 503 to one PutObject past the SDK retries: exit 2 naming the record, a seal over the stored records only, and a rerun that writes only the missing one', async () => {
    const archive = await s3Archive('fail503');
    s3.failNext({ key: /^fail503\/\d{4}\//, after: 1, fault: 503, times: 3 });
    const first = await archive.run();
    expect(s3.pendingFaults()).toBe(0);
    const failed = archive.recordPuts().filter((p) => p.status === 503);
    // One PutObject, tried three times by the SDK, then given up.
    expect(failed).toHaveLength(3);
    const missing = failed[0]!.key;
    expect(new Set(failed.map((p) => p.key))).toEqual(new Set([missing]));

    expect(first.code).toBe(2);
    expect(first.stderr).toContain(`evidence record ${missing} (okta-admin-mfa on acme.okta.com, skipped) was not written to s3://evidence/fail503/: ServiceUnavailable (HTTP 503)`);
    expect(first.stdout).toContain('Evidence: 2 new record(s), 0 already present, 1 NOT written (see the warnings), in s3://evidence/fail503/.');
    expect(first.stdout).toContain('Seal: #1 covers 2 record(s).');
    expect(first.stdout).toContain('The run could not complete');
    const stored = await recordKeys(archive.store());
    expect(stored).toHaveLength(2);
    expect(stored).not.toContain(missing);
    expect((await archive.seal(1)).records.map((r) => r.key)).toEqual(stored);
    const partial = await archive.verify();
    expect(partial.stdout).toContain('Evidence intact in s3://evidence/fail503/: 2 records, 2 sealed in 1 seal(s), 0 awaiting the next seal');
    expect(partial.code).toBe(0);

    const again = await archive.run();
    expect(again.stderr).not.toContain('was not written');
    expect(again.stdout).toContain('Evidence: 1 new record(s), 2 already present, in s3://evidence/fail503/.');
    expect(again.stdout).toContain('Seal: #2 covers 1 record(s).');
    expect(again.code).toBe(1);
    expect((await archive.seal(2)).records.map((r) => r.key)).toEqual([missing]);
    // Nothing written twice: every record PUT is conditional, each key was stored by exactly one
    // answered 200, and every later PUT of a stored key was refused with 412.
    const puts = archive.recordPuts();
    expect(puts.every((p) => p.ifNoneMatch === '*')).toBe(true);
    for (const [key, statuses] of statusesByKey(puts)) {
      expect([key, statuses]).toEqual([key, key === missing ? [503, 503, 503, 200] : [200, 412]]);
    }
    const whole = await archive.verify();
    expect(whole.stdout).toContain('Evidence intact in s3://evidence/fail503/: 3 records, 3 sealed in 2 seal(s)');
    expect(whole.code).toBe(0);
  });

  it('[case 11] S3 dropping the connection: a record never stored is named and written by the rerun; one stored before the drop is found by the retry (412) and written once', async () => {
    const archive = await s3Archive('reset');
    // First record: every attempt dropped before storing. Second: stored. Third: stored, then the answer dropped.
    s3.failNext({ key: /^reset\/\d{4}\//, fault: 'reset', times: 3 });
    s3.failNext({ key: /^reset\/\d{4}\//, after: 1, fault: 'stored-then-reset', times: 1 });
    const first = await archive.run();
    expect(s3.pendingFaults()).toBe(0);
    const [dropped, , confirmed] = [...statusesByKey(archive.recordPuts()).keys()];
    expect(first.code).toBe(2);
    expect(first.stderr).toMatch(new RegExp(`evidence record ${dropped} \\(okta-mfa-enrolled on acme.okta.com, fail\\) was not written to s3://evidence/reset/: (ECONNRESET|EPIPE|TimeoutError)`));
    expect(first.stderr).not.toContain(`evidence record ${confirmed}`);
    expect(first.stdout).toContain('Evidence: 1 new record(s), 1 already present, 1 NOT written (see the warnings)');
    expect(first.stdout).toContain('Seal: #1 covers 2 record(s).');

    const again = await archive.run();
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('Evidence: 1 new record(s), 2 already present');
    expect(again.stdout).toContain('Seal: #2 covers 1 record(s).');
    const statuses = statusesByKey(archive.recordPuts());
    expect(statuses.get(dropped!)).toEqual([undefined, undefined, undefined, 200]);
    expect(statuses.get(confirmed!)).toEqual([undefined, 412, 412]);
    expect((await archive.verify()).stdout).toContain('Evidence intact in s3://evidence/reset/: 3 records, 3 sealed in 2 seal(s)');
  });

  it('[case 11] a triage decision record failing to write: exit 2 naming it, the issue still opened; the rerun writes that record once (the decision carried by the issue is not lost)', async () => {
    const archive = await s3Archive('triage', { issues: true });
    s3.failNext({ key: /^triage\/\d{4}\/\d{2}\/\d{2}\/[a-z-]+-triage-\d{4}-/, fault: 503, times: 3 });
    const first = await archive.run();
    expect(s3.pendingFaults()).toBe(0);
    const triagePuts = () => s3.requests.filter((r) => r.method === 'PUT' && r.key.includes('-triage-')).map((r) => [r.key, r.status]);
    const [[triageKey]] = triagePuts() as [[string]];
    expect(first.code).toBe(2);
    expect(first.stderr).toContain(`triage decision record ${triageKey.slice('triage/'.length)} was not written to s3://evidence/triage/: ServiceUnavailable (HTTP 503)`);
    expect(first.stdout).toContain('Triage: 0 new decision(s) recorded.');
    expect(first.stdout).toContain('Seal: #1 covers 3 record(s).');
    expect(github.issues('acme', 'triage')).toHaveLength(1);

    const again = await archive.run();
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('Issues in acme/triage: 0 write(s)');
    expect(again.stdout).toContain('Triage: 1 new decision(s) recorded.');
    expect(again.stdout).toContain('Seal: #2 covers 1 record(s).');
    const third = await archive.run();
    expect(third.stdout).toContain('Triage: 0 new decision(s) recorded.');
    expect(third.stdout).toContain('Seal: nothing new to seal.');
    expect(triagePuts()).toEqual([...Array(3).fill([triageKey, 503]), [triageKey, 200], [triageKey, 412]]);
    expect((await archive.verify()).stdout).toContain('Evidence intact in s3://evidence/triage/: 4 records, 4 sealed in 2 seal(s)');
  });

  it('[case 11] the seal head failing to write (500 past the retries): exit 2, verify names the missing head, and the rerun completes that seal instead of stopping on it', async () => {
    const archive = await s3Archive('head');
    s3.failNext({ key: /^head\/seals\/head\.json$/, fault: 500, times: 3 });
    const first = await archive.run();
    expect(s3.pendingFaults()).toBe(0);
    expect(first.code).toBe(2);
    expect(first.stderr).toContain('the seal of s3://evidence/head/ could not be made: InternalError (HTTP 500)');
    expect(first.stdout).toContain('Seal: NOT made: InternalError (HTTP 500)');
    const broken = await archive.verify();
    expect(broken.stdout).toContain('MISSING     seals/head.json: the seal head is missing while 1 seal(s) exist');
    expect(broken.code).toBe(1);

    const again = await archive.run();
    expect(again.stderr).not.toContain('could not be made');
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('Seal: nothing new to seal.');
    const whole = await archive.verify();
    expect(whole.stdout).toContain('Evidence intact in s3://evidence/head/: 3 records, 3 sealed in 1 seal(s)');
    expect(whole.code).toBe(0);
  });

  it('[case 11] the seal object failing to write: no seal that run, exit 2; the rerun seals every record once', async () => {
    const archive = await s3Archive('sealput');
    s3.failNext({ key: /^sealput\/seals\/00000001\.json$/, fault: 503, times: 3 });
    const first = await archive.run();
    expect(s3.pendingFaults()).toBe(0);
    expect(first.code).toBe(2);
    expect(first.stdout).toContain('Seal: NOT made: ServiceUnavailable (HTTP 503)');
    const unsealed = await archive.verify();
    expect(unsealed.stdout).toContain('3 records, 0 sealed in 0 seal(s), 3 awaiting the next seal; no seal yet');

    const again = await archive.run();
    expect(again.code).toBe(1);
    expect(again.stdout).toContain('Evidence: 0 new record(s), 3 already present');
    expect(again.stdout).toContain('Seal: #1 covers 3 record(s).');
    expect((await archive.verify()).stdout).toContain('3 records, 3 sealed in 1 seal(s), 0 awaiting the next seal');
  });
});

/** A genuine-looking record: a copy of `from` with a changed summary and `recordedAt`, filed under its own content address. */
async function forge(store: EvidenceStore, from: string, recordedAt: string): Promise<{ key: string; bytes: Uint8Array }> {
  const record = JSON.parse(new TextDecoder().decode(await store.get(from))) as EvidenceRecord & { result: { summary: string } };
  record.recordedAt = recordedAt;
  record.result.summary = `${record.result.summary} (forged at ${recordedAt})`;
  return { key: recordKey(record, recordContentHash(record)), bytes: serializeRecord(record) };
}

const iso = (ms: number) => new Date(ms).toISOString();
const HOUR = 3_600_000;

/**
 * Two sealed hours, then: one record edited, one deleted, one slipped in between the two seals, one
 * dated before the first seal, a file that is no record, and one record added after the last seal.
 */
async function tamperedArchive(store: EvidenceStore, t0: number, write: { put(key: string, bytes: Uint8Array | string): Promise<void>; remove(key: string): Promise<void> }) {
  const first = await recordEvaluation(oktaEvaluation(iso(t0)), { store, organization: 'acme', now: new Date(t0) });
  await recordEvaluation(oktaEvaluation(iso(t0 + HOUR)), { store, organization: 'acme', now: new Date(t0 + HOUR) });
  const [edited, deleted, source] = first.records.map((r) => r.key) as [string, string, string];
  const between = await forge(store, source, iso(t0 + HOUR / 2));
  const before = await forge(store, source, iso(t0 - HOUR));
  const late = await forge(store, source, iso(t0 + 1.5 * HOUR));
  const text = new TextDecoder().decode(await store.get(edited));
  await write.put(edited, text.replace('"status": "fail"', '"status": "pass"'));
  await write.remove(deleted);
  for (const forged of [between, before, late]) await write.put(forged.key, forged.bytes);
  const extra = `${edited.slice(0, 11)}extra.json`;
  await write.put(extra, '{"note":"added by hand"}');
  return { edited, deleted, between: between.key, before: before.key, late: late.key, extra };
}

/** Someone editing the archive folder by hand (records are read-only files: made writable first). */
const folderWriter = (root: string) => ({
  put: async (key: string, bytes: Uint8Array | string) => {
    const path = join(root, key);
    await mkdir(dirname(path), { recursive: true });
    await chmod(path, 0o644).catch(() => {});
    await writeFile(path, bytes);
  },
  remove: (key: string) => unlink(join(root, key)),
});

const expectedProblems = (keys: Awaited<ReturnType<typeof tamperedArchive>>) =>
  [
    { kind: 'altered', key: keys.edited },
    { kind: 'missing', key: keys.deleted },
    { kind: 'inserted', key: keys.between },
    { kind: 'inserted', key: keys.before },
    { kind: 'unexpected', key: keys.extra },
  ].sort((a, b) => a.key.localeCompare(b.key));

describe('[case 11] evidence changed after sealing', { timeout: 60_000 }, () => {
  it('[case 11] in a folder: verify names the edited (ALTERED), deleted (MISSING), slipped-in (INSERTED) and foreign (UNEXPECTED) files; a record added after the last seal awaits the next', async () => {
    const root = join(dir, 'folder');
    const store = new FilesystemStore(root);
    const t0 = Date.parse('2026-11-02T09:00:00Z');
    const keys = await tamperedArchive(store, t0, folderWriter(root));
    const report = await verifyEvidence(store);
    expect(report.problems.map((p) => ({ kind: p.kind, key: p.key }))).toEqual(expectedProblems(keys));
    expect(report.pending).toEqual([keys.late]);

    const cli = await evident(['verify', '--evidence', root], CLI);
    expect(cli.code).toBe(1);
    for (const [label, key] of [['ALTERED', keys.edited], ['MISSING', keys.deleted], ['INSERTED', keys.between], ['INSERTED', keys.before], ['UNEXPECTED', keys.extra]] as const) {
      expect(cli.stdout).toMatch(new RegExp(`^${label} +${key.replaceAll('.', '\\.')}: `, 'm'));
    }
    expect(cli.stdout).toContain(`${keys.between}: was recorded 2026-11-02T09:30:00.000Z, before seal #2 (2026-11-02T10:00:00.000Z), but no seal lists it`);
    expect(await readFile(join(root, keys.late), 'utf8')).toContain('forged');
  });

  it('[case 11] in a folder: the next seal leaves out the records slipped into sealed periods (verify keeps naming them) and seals only the one added after', async () => {
    const root = join(dir, 'folder-reseal');
    const store = new FilesystemStore(root);
    const t0 = Date.parse('2026-11-02T09:00:00Z');
    const keys = await tamperedArchive(store, t0, folderWriter(root));
    const outcome = await sealEvidence(store, { now: new Date(t0 + 2 * HOUR) });
    expect(outcome.seal).toMatchObject({ sequence: 3, records: 1 });
    expect(outcome.rejected.map((r) => r.key).sort()).toEqual([keys.before, keys.between].sort());
    const report = await verifyEvidence(store);
    expect(report.problems.map((p) => ({ kind: p.kind, key: p.key }))).toEqual(expectedProblems(keys));
    expect(report.pending).toEqual([]);
  });

  it('[case 11] in S3: an overwritten, a deleted and a slipped-in object are named by verify (the CLI on s3://), and the next seal does not adopt the slipped-in ones', async () => {
    const store = new S3Store({ bucket: 'evidence', prefix: 'tamper/', client });
    // S3 sets LastModified from its own clock, and sealing trusts it: the hours are in the past.
    const t0 = Math.floor(Date.now() / HOUR) * HOUR - 4 * HOUR;
    const keys = await tamperedArchive(store, t0, {
      put: async (key, body) => void (await client.send(new PutObjectCommand({ Bucket: 'evidence', Key: `tamper/${key}`, Body: body }))),
      remove: async (key) => void (await client.send(new DeleteObjectCommand({ Bucket: 'evidence', Key: `tamper/${key}` }))),
    });
    const report = await verifyEvidence(store);
    expect(report.problems.map((p) => ({ kind: p.kind, key: p.key }))).toEqual(expectedProblems(keys));
    expect(report.pending).toEqual([keys.late]);
    const cli = await evident(['verify', '--evidence', 's3://evidence/tamper/'], { env: s3Env(), ...CLI });
    expect(cli.code).toBe(1);
    expect(cli.stdout).toMatch(new RegExp(`^INSERTED +${keys.between.replaceAll('.', '\\.')}: `, 'm'));
    expect(cli.stdout).toMatch(new RegExp(`^UNEXPECTED +${keys.extra.replaceAll('.', '\\.')}: `, 'm'));

    const outcome = await sealEvidence(store, { now: new Date(t0 + 2 * HOUR) });
    expect(outcome.seal).toMatchObject({ sequence: 3, records: 1 });
    expect(outcome.rejected.map((r) => r.key).sort()).toEqual([keys.before, keys.between].sort());
    expect((await verifyEvidence(store)).problems.map((p) => ({ kind: p.kind, key: p.key }))).toEqual(expectedProblems(keys));
  });
});
