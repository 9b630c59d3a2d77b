import { DeleteObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Store } from '../../engine/evidence/s3-store.ts';
import { verifyEvidence } from '../../engine/evidence/verify.ts';
import { recordEvaluation } from '../../engine/run.ts';
import { evident } from '../support/cli.ts';
import { s3ClientSettings, startS3Server, type S3TestServer } from '../support/s3-server.ts';
import { oktaEvaluation } from '../support/sample-run.ts';

let server: S3TestServer;
let client: S3Client;
let dir: string;
const s3Env = () => ({ AWS_ACCESS_KEY_ID: 'S3RVER', AWS_SECRET_ACCESS_KEY: 'S3RVER', AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_S3: server.endpoint });

beforeAll(async () => {
  server = await startS3Server(['evidence']);
  client = new S3Client(s3ClientSettings(server.endpoint));
  dir = await mkdtemp(join(tmpdir(), 'evident-s3-cycle-'));
});
afterAll(async () => {
  client.destroy();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('the evidence cycle on S3', () => {
  it('records, seals and verifies; a retry writes nothing; an overwrite or deletion is named', async () => {
    const store = new S3Store({ bucket: 'evidence', prefix: 'cycle/', client, objectLockMode: 'COMPLIANCE' });
    const retainUntil = new Date('2027-12-07T09:00:00Z');
    const first = await recordEvaluation(oktaEvaluation('2026-11-02T09:00:00Z'), { store, organization: 'acme', now: new Date(), retainUntil });
    expect(first.records.every((r) => r.created)).toBe(true);
    expect(first.seal.seal?.sequence).toBe(1);
    const retry = await recordEvaluation(oktaEvaluation('2026-11-02T09:00:00Z'), { store, organization: 'acme', now: new Date(), retainUntil });
    expect(retry.records.every((r) => !r.created)).toBe(true);
    expect(retry.seal.seal).toBeUndefined();
    expect(await verifyEvidence(store)).toMatchObject({ intact: true, records: 3, seals: 1 });

    // The next hour: S3's write times are trusted, so sealing reads only the previous seal, not every record.
    const getsBefore = server.requests.filter((r) => r.method === 'GET' && r.key !== '').length;
    const next = await recordEvaluation(oktaEvaluation('2026-11-02T10:00:00Z'), { store, organization: 'acme', now: new Date(), retainUntil });
    expect(next.seal.seal).toMatchObject({ sequence: 2, records: 3 });
    const gets = server.requests.filter((r) => r.method === 'GET' && r.key !== '').slice(getsBefore).map((r) => r.key);
    expect(gets).toEqual(['cycle/seals/head.json', 'cycle/seals/00000001.json']);
    expect(await verifyEvidence(store)).toMatchObject({ intact: true, records: 6, seals: 2 });

    const recordPuts = server.requests.filter((r) => r.method === 'PUT' && /^cycle\/\d{4}\//.test(r.key));
    expect(recordPuts.every((r) => r.headers['if-none-match'] === '*' && r.headers['x-amz-object-lock-mode'] === 'COMPLIANCE')).toBe(true);

    // Someone with bucket access but no Object Lock overwrites one record and deletes another.
    const [altered, deleted] = first.records.map((r) => r.key);
    await client.send(new PutObjectCommand({ Bucket: 'evidence', Key: `cycle/${altered}`, Body: '{"forged":true}' }));
    await client.send(new DeleteObjectCommand({ Bucket: 'evidence', Key: `cycle/${deleted}` }));
    const report = await verifyEvidence(store);
    expect(report.problems.map((p) => [p.kind, p.key])).toEqual(
      [['altered', altered], ['missing', deleted]].sort((a, b) => a[1]!.localeCompare(b[1]!)),
    );
  });

  it('runs `evident run` against an S3 archive and `evident verify s3://…` over it', async () => {
    await writeFile(
      join(dir, 'compliance.yml'),
      `version: 1\norganization: acme\nevidence: { store: s3, bucket: evidence, prefix: cli/, endpoint: "${server.endpoint}", forcePathStyle: true, objectLock: { retainDays: 400 } }\nsources:\n  okta: { orgUrl: "https://acme.okta.com" }\n`,
    );
    const demo = await evident(['demo', '--out', join(dir, 'demo'), '--at', '2026-11-02T09:00:00Z']);
    expect(demo.code).toBe(0);
    const run = await evident(['run', '--config', join(dir, 'compliance.yml'), '--snapshot', join(dir, 'demo', 'snapshots'), '--only', 'okta'], { env: s3Env() });
    expect(run.stderr).toContain('issues were not synced');
    expect(run.stdout).toContain('Evidence: 3 new record(s), 0 already present, in s3://evidence/cli/');
    expect(run.code).toBe(1);

    const verify = await evident(['verify', '--evidence', 's3://evidence/cli/'], { env: s3Env() });
    expect(verify.stdout).toContain('Evidence intact in s3://evidence/cli/: 3 records, 3 sealed in 1 seal(s)');
    expect(verify.code).toBe(0);

    await client.send(new DeleteObjectCommand({ Bucket: 'evidence', Key: 'cli/seals/head.json' }));
    const broken = await evident(['verify', '--evidence', 's3://evidence/cli'], { env: s3Env() });
    expect(broken.code).toBe(1);
    expect(broken.stdout).toContain('MISSING     seals/head.json: the seal head is missing while 1 seal(s) exist');
  });
});
