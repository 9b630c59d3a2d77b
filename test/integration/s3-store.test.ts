import { createHash } from 'node:crypto';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { S3Store } from '../../engine/evidence/s3-store.ts';
import { s3ClientSettings, startS3Server, type S3TestServer } from '../support/s3-server.ts';

let server: S3TestServer;
let client: S3Client;

beforeAll(async () => {
  server = await startS3Server(['evidence']);
  client = new S3Client(s3ClientSettings(server.endpoint));
});
afterAll(async () => {
  client.destroy();
  await server.close();
});

const bytes = (text: string) => new TextEncoder().encode(text);
const stored = async (key: string) => {
  const response = await client.send(new GetObjectCommand({ Bucket: 'evidence', Key: key }));
  return new TextDecoder().decode(await response.Body?.transformToByteArray());
};

describe('S3Store against an S3-compatible server on 127.0.0.1', () => {
  it('writes a key once: a second write of the key is refused by the server and leaves the first bytes', async () => {
    const store = new S3Store({ bucket: 'evidence', prefix: 'once/', client });
    expect(await store.putOnce('2026/11/02/a.json', bytes('{"first":true}'))).toEqual({ created: true });
    expect(await store.putOnce('2026/11/02/a.json', bytes('{"second":true}'))).toEqual({ created: false });
    expect(await stored('once/2026/11/02/a.json')).toBe('{"first":true}');
    const puts = server.requests.filter((r) => r.method === 'PUT' && r.key === 'once/2026/11/02/a.json');
    expect(puts).toHaveLength(2);
    expect(puts.every((r) => r.headers['if-none-match'] === '*')).toBe(true);
  });

  it('sends the SHA-256 checksum of exactly the bytes stored, and Object Lock retention when configured', async () => {
    const store = new S3Store({ bucket: 'evidence', prefix: 'locked/', client, objectLockMode: 'COMPLIANCE' });
    const body = bytes('{"record":1}');
    const retainUntil = new Date('2027-12-28T09:00:00Z');
    await store.putOnce('r.json', body, { retainUntil });
    const put = server.requests.find((r) => r.method === 'PUT' && r.key === 'locked/r.json');
    expect(put?.headers['x-amz-checksum-sha256']).toBe(createHash('sha256').update(body).digest('base64'));
    expect(put?.headers['x-amz-object-lock-mode']).toBe('COMPLIANCE');
    expect(new Date(String(put?.headers['x-amz-object-lock-retain-until-date'])).toISOString()).toBe(retainUntil.toISOString());
    expect(await stored('locked/r.json')).toBe('{"record":1}');
  });

  it('replaces a pointer object without a condition', async () => {
    const store = new S3Store({ bucket: 'evidence', prefix: 'pointer/', client });
    await store.putPointer('seals/head.json', bytes('1'));
    await store.putPointer('seals/head.json', bytes('2'));
    expect(new TextDecoder().decode(await store.get('seals/head.json'))).toBe('2');
    expect(server.requests.filter((r) => r.method === 'PUT' && r.key === 'pointer/seals/head.json').every((r) => r.headers['if-none-match'] === undefined)).toBe(true);
  });

  it('returns undefined for a missing key', async () => {
    const store = new S3Store({ bucket: 'evidence', prefix: 'missing/', client });
    expect(await store.get('nothing.json')).toBeUndefined();
  });

  it('lists every key under its prefix across pages, without the prefix, in key order', async () => {
    const store = new S3Store({ bucket: 'evidence', prefix: 'paged/', client, pageSize: 3 });
    const keys = ['a/1.json', 'a/2.json', 'b/1.json', 'b/2.json', 'c/1.json', 'c/2.json', 'd/1.json'];
    for (const key of keys) await store.putOnce(key, bytes(key));
    await client.send(new PutObjectCommand({ Bucket: 'evidence', Key: 'elsewhere/x.json', Body: 'x' }));
    const before = store.stats.requests;
    const listed = [];
    for await (const object of store.list()) listed.push(object);
    expect(listed.map((o) => o.key)).toEqual(keys);
    expect(listed.every((o) => o.lastModified instanceof Date && o.size > 0)).toBe(true);
    expect(store.stats.requests - before).toBe(3);
  });
});
