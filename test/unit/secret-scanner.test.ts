import { describe, expect, it } from 'vitest';
import { fingerprinter } from '../../engine/secrets/fingerprint.ts';
import { KeywordAutomaton } from '../../engine/secrets/keyword-automaton.ts';
import { redactSecret } from '../../engine/secrets/redact.ts';
import { defineSecretRule } from '../../engine/secrets/rule.ts';
import { awsAccessKeyId, awsSecretAccessKey } from '../../engine/secrets/rules/aws.ts';
import { sample } from '../../engine/secrets/rules/sample.ts';
import { compileRules, scanText } from '../../engine/secrets/scan-text.ts';

const keyId = sample('AKIA', 'Z6QRCU2LPKWA7FNY');
const secretKey = sample('q8Xv2mT9LkR4pW7nZ3bC6yH1sD5fG0jK', 'aE4uI2oP');
const genericToken = defineSecretRule({
  id: 'test-generic',
  title: 'test generic',
  keywords: ['key'],
  pattern: /key\s*=\s*"(?<secret>[^"]{8,})"/i,
  generic: true,
  samples: { truePositives: [], falsePositives: [] },
});
const compiled = compileRules([awsAccessKeyId, awsSecretAccessKey, genericToken]);
const fingerprint = fingerprinter('org-key');
const scan = (text: string, lineNumbers?: number[]) => scanText(text, 'src/app.ts', compiled, lineNumbers === undefined ? { fingerprint } : { fingerprint, lineNumbers });

describe('scanText', () => {
  it('reports the rule, the line and the column of the secret', () => {
    const text = ['// config', 'export const region = "eu-west-1";', `export const id = "${keyId}";`].join('\n');
    expect(scan(text)).toEqual([
      { rule: 'aws-access-key-id', file: 'src/app.ts', line: 3, column: 20, fingerprint: fingerprint(keyId), redacted: 'AKIA…', allowed: false },
    ]);
  });

  it('reports lines of a block of added lines at their new-file numbers', () => {
    expect(scan(`a = 1\nid = "${keyId}"`, [41, 42]).map((f) => f.line)).toEqual([42]);
  });

  it('never carries the secret: at most 4 characters, and a keyed fingerprint that differs per key', () => {
    const [finding] = scan(`aws_secret_access_key = "${secretKey}"`);
    expect(JSON.stringify(finding)).not.toContain(secretKey.slice(0, 8));
    expect(finding?.redacted).toBe('q8Xv…');
    expect(finding?.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    expect(fingerprinter('other-key')(secretKey)).not.toBe(finding?.fingerprint);
    expect(scan(`aws_secret_access_key: ${secretKey}`)[0]?.fingerprint).toBe(finding?.fingerprint);
  });

  it('marks a finding on a line with evident:allow as allowed, and keeps it', () => {
    expect(scan(`const id = "${keyId}"; // evident:allow test fixture`)).toEqual([expect.objectContaining({ rule: 'aws-access-key-id', allowed: true })]);
  });

  it('drops documented examples, placeholders and references', () => {
    expect(scan('id = "AKIAIOSFODNN7EXAMPLE"')).toEqual([]);
    expect(scan('aws_secret_access_key = ${{ secrets.AWS_SECRET_ACCESS_KEY }}')).toEqual([]);
    expect(scan('key = "<YOUR_KEY_HERE_PLEASE>"')).toEqual([]);
    expect(scan('key = "xxxxxxxxxxxxxxxx"')).toEqual([]);
  });

  it('lets a specific rule win over a generic one at the same place, and finds two secrets on one line', () => {
    expect(scan(`key = "${keyId}"`).map((f) => f.rule)).toEqual(['aws-access-key-id']);
    expect(scan(`key = "Zq8Xv2mT9LkR4pW7" id=${keyId}`).map((f) => f.rule)).toEqual(['test-generic', 'aws-access-key-id']);
  });

  it('matches keywords whatever their ASCII case, and reads non-ASCII text around them', () => {
    expect(scan(`clé = "déjà vu" ; ID=${keyId}`).map((f) => [f.rule, f.column])).toEqual([['aws-access-key-id', 22]]);
  });
});

describe('KeywordAutomaton', () => {
  it('finds every occurrence of every keyword, overlapping ones included, whatever the ASCII case', () => {
    const automaton = new KeywordAutomaton(['he', 'she', 'his', 'hers']);
    const hits: [string, number][] = [];
    automaton.search('ushers\nhis SHE', (keyword, end) => hits.push([automaton.keywords[keyword] as string, end]));
    expect(hits).toEqual([
      ['she', 4],
      ['he', 4],
      ['hers', 6],
      ['his', 10],
      ['she', 14],
      ['he', 14],
    ]);
  });

  it('finds keywords between non-ASCII characters, whose low bytes alias ASCII ones', () => {
    const automaton = new KeywordAutomaton(['ghp_', 'akia']);
    const hits: number[] = [];
    // U+0167 has low byte 0x67 ('g'), U+0168 0x68 ('h'): aliases may add hits, never hide one.
    automaton.search('\u0167\u0168p_ ghp_ é AKIA ŧakia', (_keyword, end) => hits.push(end));
    expect(hits).toEqual([4, 9, 16, 22]);
  });
});

describe('redactSecret', () => {
  it.each([
    [keyId, 'AKIA…'],
    ['hunter22', 'hu…'],
    ['abc', '…'],
  ])('%s → %s', (secret, redacted) => {
    expect(redactSecret(secret)).toBe(redacted);
  });
});
