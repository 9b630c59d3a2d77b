import { describe, expect, it } from 'vitest';
import { control as configRulesCompliant } from '../../engine/controls/aws/aws-config-rules-compliant.ts';
import { control as s3PublicAccessBlocked } from '../../engine/controls/aws/aws-s3-public-access-blocked.ts';
import { control as sgNoOpenIngress } from '../../engine/controls/aws/aws-sg-no-open-ingress.ts';
import { catalog } from '../../engine/controls/index.ts';
import { isOpenToWorld, portCoverage, portsCovered } from '../../engine/controls/aws/port-ranges.ts';
import { effectiveBlock } from '../../engine/controls/aws/public-access-block.ts';
import { sampleAwsSnapshots } from '../../engine/demo/sample-organization/aws.ts';
import { evaluateControl } from '../../engine/evaluate-control.ts';
import { Snapshot } from '../../engine/model.ts';
import type { AwsData } from '../../engine/snapshots/aws.ts';
import { AwsData as AwsDataSchema } from '../../engine/snapshots/aws.ts';
import { describeZodError } from '../../engine/zod-issues.ts';

const awsControls = catalog.filter((control) => control.source.id === 'aws');

const DEFAULT_PORTS = [22, 3389, 3306, 5432, 1433, 1521, 27017, 6379, 9200, 11211];

describe('portCoverage and portsCovered', () => {
  it.each([
    // [protocol, fromPort, toPort, listed ports it opens]
    ['tcp', 22, 22, [22]],
    ['tcp', 0, 65535, DEFAULT_PORTS],
    ['tcp', 3000, 4000, [3389, 3306]],
    ['tcp', 3000, 3300, []],
    ['tcp', 5433, 6378, []],
    ['udp', 11211, 11211, [11211]],
    ['TCP', 22, 22, [22]],
    ['6', 5432, 5432, [5432]],
    ['17', 6379, 6379, [6379]],
    ['-1', null, null, DEFAULT_PORTS],
    // -1 ignores any port range given with it (IpPermission reference).
    ['-1', 443, 443, DEFAULT_PORTS],
    ['icmp', -1, -1, []],
    ['icmpv6', -1, -1, []],
    ['58', -1, -1, []],
    ['50', null, null, []],
    ['132', 22, 22, []],
  ] as const)('%s %s-%s opens %j', (protocol, fromPort, toPort, expected) => {
    expect(portsCovered(portCoverage({ protocol, fromPort, toPort }), DEFAULT_PORTS)).toEqual(expected);
  });

  it.each([
    ['tcp', null, null],
    ['tcp', 22, null],
    ['udp', 4000, 3000],
    ['tcp', -1, -1],
    ['tcp', 0, 70000],
    ['sctp', 22, 22],
    ['300', null, null],
  ] as const)('%s %s-%s is unknown, never closed', (protocol, fromPort, toPort) => {
    expect(portCoverage({ protocol, fromPort, toPort }).kind).toBe('unknown');
  });

  it.each([
    ['0.0.0.0/0', true],
    ['::/0', true],
    ['0:0:0:0:0:0:0:0/0', true],
    [' 0.0.0.0/0 ', true],
    ['10.0.0.0/0', true],
    ['0.0.0.0/1', false],
    ['10.0.0.0/8', false],
    ['2001:db8::/32', false],
    ['203.0.113.10/32', false],
  ])('%s open to the world: %s', (cidr, expected) => {
    expect(isOpenToWorld(cidr)).toBe(expected);
  });
});

describe('effectiveBlock', () => {
  const on = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
  const acls = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: false };
  it('takes each flag from either level', () => {
    expect(Object.values(effectiveBlock(acls, { ...acls, blockPublicPolicy: true, restrictPublicBuckets: true }))).toEqual(['on', 'on', 'on', 'on']);
    expect(Object.values(effectiveBlock(null, null))).toEqual(['off', 'off', 'off', 'off']);
    expect(Object.values(effectiveBlock(on, null))).toEqual(['on', 'on', 'on', 'on']);
  });
  it('says unknown, not off, when the account level was not collected', () => {
    expect(Object.values(effectiveBlock(undefined, acls))).toEqual(['on', 'on', 'unknown', 'unknown']);
  });
});

describe('aws-config-rules-compliant parameters', () => {
  it('rejects an unknown criterion id, naming it, its path and the expected form', () => {
    const parsed = configRulesCompliant.params.safeParse({ rules: { 'restricted-ssh': ['CC6.1', 'CC99.1'], 'iam-user-mfa-enabled': ['A.8.55'] } });
    expect(parsed.success).toBe(false);
    const message = describeZodError(parsed.error!);
    expect(message).toContain('rules.restricted-ssh[1]: unknown criterion "CC99.1": ids look like CC6.1 (SOC 2) or A.8.20 (ISO/IEC 27001:2022)');
    expect(message).toContain('rules.iam-user-mfa-enabled[0]: unknown criterion "A.8.55"');
  });

  it('accepts ids as users write them and puts the resolved criteria in the details', () => {
    const params = { rules: { 'iam-user-mfa-enabled': ['soc2:cc6.1', 'A.8.5', 'CC6.1'] } };
    expect(configRulesCompliant.params.safeParse(params).success).toBe(true);
    const data = emptyData({
      configRules: [{ name: 'iam-user-mfa-enabled', accountId: '123456789012', region: 'us-east-1', compliance: 'COMPLIANT', nonCompliantResources: [] }],
    });
    const result = evaluateControl(configRulesCompliant, snapshot(data, ['recorders', 'configRules']), { params });
    expect(result.status).toBe('pass');
    expect(result.outcomes[0]?.details?.criteria).toEqual({ soc2: ['CC6.1'], iso27001: ['A.8.5'] });
  });

  it('defaults to no mappings, no ignored rules, all supported types required', () => {
    expect(configRulesCompliant.params.parse({})).toEqual({ rules: {}, ignoreRules: [], requireAllSupported: true });
  });
});

describe('aws-s3-public-access-blocked sensitivity', () => {
  it('marks buckets tagged with a sensitive classification, whatever the case, for triage', () => {
    const data = emptyData({
      s3Account: [{ accountId: '123456789012', publicAccessBlock: null }],
      buckets: [
        { name: 'a', accountId: '123456789012', region: 'us-east-1', publicAccessBlock: null, policyIsPublic: false, tags: { 'Data-Classification': 'Restricted' } },
        { name: 'b', accountId: '123456789012', region: 'us-east-1', publicAccessBlock: null, policyIsPublic: false, tags: { 'data-classification': 'public' } },
        { name: 'c', accountId: '123456789012', region: 'us-east-1', publicAccessBlock: null, policyIsPublic: false, tags: { sensitivity: 'pii' } },
      ],
    });
    const result = evaluateControl(s3PublicAccessBlocked, snapshot(data, ['s3Account', 'buckets']), { params: { sensitiveTagKeys: ['data-classification', 'sensitivity'] } });
    const sensitive = Object.fromEntries(result.outcomes.map((o) => [o.resource, o.details?.sensitive]));
    expect(sensitive).toEqual({ 's3-account:123456789012': undefined, a: true, b: false, c: true });
  });
});

describe('AwsData', () => {
  it('refuses two account-level settings for one account rather than pick one', () => {
    const parsed = AwsDataSchema.safeParse(
      emptyData({ s3Account: [{ accountId: '123456789012', publicAccessBlock: null }, { accountId: '123456789012', publicAccessBlock: null }] }),
    );
    expect(parsed.success).toBe(false);
    expect(describeZodError(parsed.error!)).toContain('s3Account[1].accountId: account 123456789012 is listed twice');
  });

  it('refuses an account id that is not 12 digits', () => {
    expect(AwsDataSchema.safeParse(emptyData({ s3Account: [{ accountId: '12345', publicAccessBlock: null }] })).success).toBe(false);
  });
});

describe('the sample organization (AWS)', () => {
  const collectedAt = new Date('2026-11-02T09:00:00Z');
  const snapshots = sampleAwsSnapshots(collectedAt);

  it('is one complete, valid snapshot of aws:123456789012', () => {
    expect(snapshots).toHaveLength(1);
    const [sample] = snapshots;
    expect(Snapshot.parse(sample)).toEqual(sample);
    expect(sample?.scope).toBe('aws:123456789012');
    expect(AwsDataSchema.safeParse(sample?.data).success).toBe(true);
    expect(Object.values(sample?.parts ?? {}).every((p) => p.complete)).toBe(true);
    const data = sample?.data as AwsData;
    expect([data.configRules.length, data.buckets.length, data.securityGroups.length]).toEqual([10, 8, 12]);
  });

  it('is deterministic: the same time gives the same snapshot', () => {
    expect(sampleAwsSnapshots(new Date(collectedAt))).toEqual(snapshots);
  });

  it('fails every AWS control', () => {
    for (const control of awsControls) {
      for (const sample of snapshots) {
        const result = evaluateControl(control, sample);
        expect(result.status, `${control.id}: ${result.summary}`).toBe('fail');
      }
    }
  });

  it('has a failure of every kind', () => {
    const [sample] = snapshots;
    const statuses = (control: (typeof awsControls)[number]) =>
      Object.fromEntries(evaluateControl(control, sample!).outcomes.map((o) => [o.resource, o.status]));
    expect(statuses(configRulesCompliant)).toMatchObject({
      'config-recorder:123456789012/us-east-1': 'pass',
      'config-recorder:123456789012/eu-west-1': 'fail',
      'config-rule:123456789012/us-east-1/restricted-ssh': 'fail',
      'config-rule:123456789012/eu-west-1/vpc-flow-logs-enabled': 'error',
      // COMPLIANT, but from a region where Config stopped recording: possibly stale.
      'config-rule:123456789012/eu-west-1/restricted-ssh': 'error',
      'config-rule:123456789012/eu-west-1/rds-instance-public-access-check': 'skipped',
    });
    const s3 = evaluateControl(s3PublicAccessBlocked, sample!).outcomes;
    expect(Object.fromEntries(s3.map((o) => [o.resource, o.status]))).toMatchObject({
      's3-account:123456789012': 'fail',
      'acme-www': 'fail',
      'acme-customer-exports': 'fail',
      'acme-app-logs': 'pass',
    });
    expect(s3.find((o) => o.resource === 'acme-www')?.message).toContain('its bucket policy is public');
    expect(s3.find((o) => o.resource === 'acme-customer-exports')?.details?.sensitive).toBe(true);
    const sg = evaluateControl(sgNoOpenIngress, sample!).outcomes.filter((o) => o.status === 'fail');
    expect(sg.map((o) => o.details?.name)).toEqual(['bastion', 'db-legacy-eu']);
    expect(sg.map((o) => o.message)).toEqual([
      expect.stringContaining('22 (SSH) from 0.0.0.0/0'),
      expect.stringContaining('5432 (PostgreSQL) from ::/0'),
    ]);
  });
});

function emptyData(data: Partial<AwsData>): AwsData {
  return { recorders: [], configRules: [], s3Account: [], buckets: [], securityGroups: [], ...data };
}

function snapshot(data: AwsData, parts: string[]): Snapshot {
  return {
    source: 'aws',
    scope: 'aws:123456789012',
    collectedAt: '2026-11-02T09:00:00Z',
    collector: { name: 'test', parameters: {} },
    parts: Object.fromEntries(parts.map((name) => [name, { complete: true, count: 1 }])),
    data,
  };
}
