/**
 * The sample organization's AWS account: one account in two regions, with ten AWS Config rule
 * results, eight buckets and twelve security groups, and the failures a real account has: a
 * non-compliant rule, a rule with INSUFFICIENT_DATA, Config stopped in one region, no account-level
 * S3 public access block with a public website bucket and a confidential bucket not fully blocked,
 * SSH open to the world and PostgreSQL open on ::/0.
 *
 * Deterministic: the only input is the collection time, which dates the recorder events.
 */
import type { Snapshot } from '../../model.ts';
import type {
  AwsConfigRuleResult,
  AwsData,
  AwsIngressPermission,
  AwsPublicAccessBlock,
  AwsRecorderCoverage,
  AwsS3Bucket,
  AwsSecurityGroup,
} from '../../snapshots/aws.ts';

const ACCOUNT = '123456789012';
const REGIONS = ['us-east-1', 'eu-west-1'] as const;
type Region = (typeof REGIONS)[number];
const VPC: Record<Region, string> = { 'us-east-1': 'vpc-0acme00000000use1', 'eu-west-1': 'vpc-0acme00000000euw1' };
const HOUR_MS = 60 * 60 * 1000;

function recorders(at: Date): AwsRecorderCoverage[] {
  const ago = (hours: number) => new Date(at.getTime() - hours * HOUR_MS).toISOString();
  return [
    {
      accountId: ACCOUNT,
      region: 'us-east-1',
      recorder: { name: 'default', recording: true, lastStatus: 'Success', lastStartTime: ago(24 * 400), lastStatusChangeTime: ago(1), allSupported: true, resourceTypes: [] },
    },
    {
      // Stopped during a cost-cutting exercise nine days ago and never restarted.
      accountId: ACCOUNT,
      region: 'eu-west-1',
      recorder: { name: 'default', recording: false, lastStatus: 'Success', lastStartTime: ago(24 * 400), lastStopTime: ago(24 * 9), lastStatusChangeTime: ago(24 * 9), allSupported: true, resourceTypes: [] },
    },
  ];
}

/** [rule, region, compliance, non-compliant resources as [type, id, annotation]] */
const RULES: [string, Region, AwsConfigRuleResult['compliance'], [string, string, string?][]][] = [
  ['restricted-ssh', 'us-east-1', 'NON_COMPLIANT', [['AWS::EC2::SecurityGroup', sgId(4), 'Port 22 is open to 0.0.0.0/0']]],
  ['s3-bucket-public-read-prohibited', 'us-east-1', 'NON_COMPLIANT', [['AWS::S3::Bucket', 'acme-www', 'The bucket policy allows public read access']]],
  ['s3-bucket-server-side-encryption-enabled', 'us-east-1', 'COMPLIANT', []],
  ['iam-user-mfa-enabled', 'us-east-1', 'COMPLIANT', []],
  ['cloudtrail-enabled', 'us-east-1', 'COMPLIANT', []],
  ['encrypted-volumes', 'us-east-1', 'COMPLIANT', []],
  ['restricted-ssh', 'eu-west-1', 'COMPLIANT', []],
  ['s3-bucket-public-read-prohibited', 'eu-west-1', 'COMPLIANT', []],
  // Added after the recorder stopped, so it never had a recorded resource to evaluate.
  ['vpc-flow-logs-enabled', 'eu-west-1', 'INSUFFICIENT_DATA', []],
  ['rds-instance-public-access-check', 'eu-west-1', 'NOT_APPLICABLE', []],
];

const FULL_BLOCK: AwsPublicAccessBlock = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
const ACLS_ONLY: AwsPublicAccessBlock = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: false };

/** [name, region, bucket-level block, policy is public, tags] */
const BUCKETS: [string, Region, AwsPublicAccessBlock | null, boolean, Record<string, string>][] = [
  ['acme-www', 'us-east-1', null, true, { purpose: 'website' }],
  ['acme-customer-exports', 'us-east-1', ACLS_ONLY, false, { 'data-classification': 'confidential', owner: 'data-eng' }],
  ['acme-app-logs', 'us-east-1', FULL_BLOCK, false, { 'data-classification': 'internal' }],
  ['acme-cloudtrail-logs', 'us-east-1', FULL_BLOCK, false, { 'data-classification': 'restricted' }],
  ['acme-terraform-state', 'us-east-1', FULL_BLOCK, false, { owner: 'platform' }],
  ['acme-backups-eu', 'eu-west-1', FULL_BLOCK, false, { 'data-classification': 'restricted' }],
  ['acme-analytics-eu', 'eu-west-1', FULL_BLOCK, false, { 'data-classification': 'confidential' }],
  ['acme-config-delivery-eu', 'eu-west-1', FULL_BLOCK, false, {}],
];

const tcp = (port: number, ...cidrs: string[]): AwsIngressPermission => permission('tcp', port, port, cidrs);
const udp = (port: number, ...cidrs: string[]): AwsIngressPermission => permission('udp', port, port, cidrs);

function permission(protocol: string, fromPort: number | null, toPort: number | null, cidrs: string[]): AwsIngressPermission {
  return { protocol, fromPort, toPort, ipv4Ranges: cidrs.filter((c) => !c.includes(':')), ipv6Ranges: cidrs.filter((c) => c.includes(':')) };
}

/** A rule that admits only the group's own members (a security group reference: no CIDR). */
const SELF: AwsIngressPermission = permission('-1', null, null, []);

/** [name, region, ingress] — the index in this list is the group's id suffix. */
const GROUPS: [string, Region, AwsIngressPermission[]][] = [
  ['default', 'us-east-1', [SELF]],
  ['web-alb', 'us-east-1', [tcp(443, '0.0.0.0/0', '::/0'), tcp(80, '0.0.0.0/0', '::/0')]],
  ['app-servers', 'us-east-1', [tcp(8080, '10.10.0.0/16')]],
  // Opened "for an hour" to debug a deploy.
  ['bastion', 'us-east-1', [tcp(22, '0.0.0.0/0')]],
  ['rds-postgres', 'us-east-1', [tcp(5432, '10.10.0.0/16')]],
  ['redis-cache', 'us-east-1', [tcp(6379, '10.10.0.0/16')]],
  ['vpn-endpoint', 'us-east-1', [udp(1194, '0.0.0.0/0'), permission('icmp', -1, -1, ['0.0.0.0/0'])]],
  ['default', 'eu-west-1', [SELF]],
  ['web-alb-eu', 'eu-west-1', [tcp(443, '0.0.0.0/0', '::/0')]],
  ['app-servers-eu', 'eu-west-1', [tcp(8080, '10.20.0.0/16')]],
  // A dual-stack migration copied the IPv4 rule as ::/0 instead of the VPC's IPv6 range.
  ['db-legacy-eu', 'eu-west-1', [tcp(5432, '10.20.0.0/16', '::/0')]],
  ['monitoring-eu', 'eu-west-1', [tcp(3000, '10.20.0.0/16'), tcp(9090, '10.20.0.0/16')]],
];

/** `sg-0acme000000000001`-style ids, numbered from 1 in GROUPS order. */
function sgId(n: number): string {
  return `sg-0acme${n.toString(16).padStart(12, '0')}`;
}

export function sampleAwsSnapshots(collectedAt: Date): Snapshot[] {
  const configRules: AwsConfigRuleResult[] = RULES.map(([name, region, compliance, resources]) => ({
    name,
    accountId: ACCOUNT,
    region,
    compliance,
    nonCompliantResources: resources.map(([type, id, annotation]) => ({ type, id, ...(annotation === undefined ? {} : { annotation }) })),
  }));
  const buckets: AwsS3Bucket[] = BUCKETS.map(([name, region, publicAccessBlock, policyIsPublic, tags]) => ({
    name,
    accountId: ACCOUNT,
    region,
    publicAccessBlock,
    policyIsPublic,
    tags,
  }));
  const securityGroups: AwsSecurityGroup[] = GROUPS.map(([name, region, ingress], index) => ({
    id: sgId(index + 1),
    name,
    accountId: ACCOUNT,
    region,
    vpcId: VPC[region],
    ingress,
  }));
  const data: AwsData = {
    recorders: recorders(collectedAt),
    configRules,
    // No account-level block: every bucket relies on its own.
    s3Account: [{ accountId: ACCOUNT, publicAccessBlock: null }],
    buckets,
    securityGroups,
  };
  return [
    {
      source: 'aws',
      scope: `aws:${ACCOUNT}`,
      collectedAt: collectedAt.toISOString(),
      collector: { name: 'sample', parameters: { accountIds: [ACCOUNT], regions: [...REGIONS] } },
      parts: {
        recorders: { complete: true, count: data.recorders.length, pages: REGIONS.length },
        configRules: { complete: true, count: configRules.length, pages: REGIONS.length },
        s3Account: { complete: true, count: 1, pages: 1 },
        buckets: { complete: true, count: buckets.length, pages: 1 },
        securityGroups: { complete: true, count: securityGroups.length, pages: REGIONS.length },
      },
      data,
    },
  ];
}
