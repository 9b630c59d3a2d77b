/**
 * A deterministic AWS organization for the loopback AWS Config (aws-config-server.ts): accounts,
 * regions, recorders, Config rules with compliance, and N buckets and N security groups per account
 * and region, rendered as AWS Config configuration items.
 *
 * Each resource is generated in Evident's normalized shape first (`truth`, an AwsData), then
 * rendered into the configuration item AWS Config stores, field names as the Config resource schema
 * lists them (https://github.com/awslabs/aws-config-resource-schema, config/properties/resource-types/).
 * A test compares what the collector read with `truth`, so the collector's mapping is checked
 * against an independent rendering, not against itself.
 */
import type {
  AwsConfigRecorder,
  AwsConfigRuleResult,
  AwsData,
  AwsIngressPermission,
  AwsPublicAccessBlock,
  AwsS3Bucket,
  AwsSecurityGroup,
} from '../../engine/snapshots/aws.ts';

/** A configuration item as SelectResourceConfig can return it (the fields Evident selects). */
export interface ConfigItem {
  accountId: string;
  awsRegion: string;
  resourceType: string;
  resourceId: string;
  resourceName: string;
  arn: string;
  configurationItemStatus: string;
  configurationItemCaptureTime: string;
  configuration: Record<string, unknown>;
  supplementaryConfiguration: Record<string, unknown>;
  tags: { key: string; value: string; tag: string }[];
}

/** https://docs.aws.amazon.com/config/latest/APIReference/API_AggregatedSourceStatus.html */
export interface AggregatorSource {
  SourceId: string;
  SourceType: 'ACCOUNT' | 'ORGANIZATION';
  AwsRegion: string;
  LastUpdateStatus: 'SUCCEEDED' | 'FAILED' | 'OUTDATED';
  LastUpdateTime: Date;
  LastErrorCode?: string;
  LastErrorMessage?: string;
}

export interface WorldAggregator {
  name: string;
  /** The account and region that own the aggregator (where its API is called). */
  accountId: string;
  region: string;
  sources: AggregatorSource[];
}

export interface ConfigWorld {
  accounts: string[];
  regions: string[];
  /** The normalized data a complete read must produce (per-account or aggregated). */
  truth: AwsData;
  /** `account/region` -> recorder (null: none). */
  recorders: Map<string, AwsConfigRecorder | null>;
  rules: AwsConfigRuleResult[];
  items: ConfigItem[];
  aggregators: WorldAggregator[];
}

export interface WorldOptions {
  seed?: number;
  accounts?: string[];
  regions?: string[];
  bucketsPerRegion?: number;
  securityGroupsPerRegion?: number;
  rulesPerRegion?: number;
  /** Non-compliant resources of each NON_COMPLIANT rule; random 1–5 when unset. */
  nonCompliantPerRule?: number;
  /** `account/region` pairs with no configuration recorder. */
  withoutRecorder?: string[];
  aggregator?: { name: string; region: string; accountId?: string };
}

/** When the sample organization's data was recorded. */
export const WORLD_TIME = new Date('2026-11-02T09:00:00Z');

const MANAGED_RULES = [
  'restricted-ssh',
  's3-bucket-public-read-prohibited',
  's3-bucket-server-side-encryption-enabled',
  'iam-user-mfa-enabled',
  'cloudtrail-enabled',
  'encrypted-volumes',
  'vpc-flow-logs-enabled',
  'rds-instance-public-access-check',
];

const FULL: AwsPublicAccessBlock = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: true, restrictPublicBuckets: true };
const NONE: AwsPublicAccessBlock = { blockPublicAcls: false, ignorePublicAcls: false, blockPublicPolicy: false, restrictPublicBuckets: false };
const ACLS_ONLY: AwsPublicAccessBlock = { blockPublicAcls: true, ignorePublicAcls: true, blockPublicPolicy: false, restrictPublicBuckets: false };

/** mulberry32: a small seeded PRNG, so a seed always gives the same organization. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generateWorld(options: WorldOptions = {}): ConfigWorld {
  const rand = random(options.seed ?? 1);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(rand() * list.length)] as T;
  const accounts = options.accounts ?? ['111111111111'];
  const regions = options.regions ?? ['us-east-1', 'eu-west-1'];
  const without = new Set(options.withoutRecorder ?? []);
  const truth: AwsData = { recorders: [], configRules: [], s3Account: [], buckets: [], securityGroups: [] };
  const recorders = new Map<string, AwsConfigRecorder | null>();
  const items: ConfigItem[] = [];
  let groupCounter = 0;

  for (const accountId of accounts) {
    const accountBlock = pick([FULL, FULL, ACLS_ONLY, null]);
    truth.s3Account.push({ accountId, publicAccessBlock: accountBlock });
    for (const region of regions) {
      const key = `${accountId}/${region}`;
      const recorder: AwsConfigRecorder | null = without.has(key)
        ? null
        : {
            name: 'default',
            recording: true,
            lastStatus: 'Success',
            lastStartTime: new Date(WORLD_TIME.getTime() - 400 * 86_400_000).toISOString(),
            lastStatusChangeTime: new Date(WORLD_TIME.getTime() - 3_600_000).toISOString(),
            allSupported: true,
            resourceTypes: [],
          };
      recorders.set(key, recorder);
      truth.recorders.push({ accountId, region, recorder });
      // Config records the account-level block as a regional item in every recording region.
      if (accountBlock !== null) items.push(accountBlockItem(accountId, region, accountBlock));

      const regionBuckets: AwsS3Bucket[] = [];
      for (let i = 0; i < (options.bucketsPerRegion ?? 6); i += 1) {
        const bucket = makeBucket(accountId, region, i, rand, pick);
        regionBuckets.push(bucket.truth);
        items.push(bucket.item);
      }
      truth.buckets.push(...regionBuckets);

      const regionGroups: AwsSecurityGroup[] = [];
      for (let i = 0; i < (options.securityGroupsPerRegion ?? 8); i += 1) {
        groupCounter += 1;
        const group = makeSecurityGroup(accountId, region, groupCounter, pick);
        regionGroups.push(group);
        items.push(securityGroupItem(group));
      }
      truth.securityGroups.push(...regionGroups);

      for (let i = 0; i < (options.rulesPerRegion ?? 6); i += 1) {
        const name = MANAGED_RULES[i] ?? `custom-rule-${String(i).padStart(3, '0')}`;
        const compliance = pick(['COMPLIANT', 'COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE', 'INSUFFICIENT_DATA'] as const);
        const count = compliance === 'NON_COMPLIANT' ? (options.nonCompliantPerRule ?? 1 + Math.floor(rand() * 5)) : 0;
        const nonCompliantResources = Array.from({ length: count }, (_, n) => nonCompliant(n, regionGroups, regionBuckets));
        truth.configRules.push({ name, accountId, region, compliance, nonCompliantResources });
      }
    }
  }

  const aggregators: WorldAggregator[] = [];
  if (options.aggregator !== undefined) {
    aggregators.push({
      name: options.aggregator.name,
      accountId: options.aggregator.accountId ?? (accounts[0] as string),
      region: options.aggregator.region,
      sources: accounts.flatMap((accountId) =>
        regions.map((AwsRegion) => ({ SourceId: accountId, SourceType: 'ACCOUNT' as const, AwsRegion, LastUpdateStatus: 'SUCCEEDED' as const, LastUpdateTime: WORLD_TIME })),
      ),
    });
  }
  return { accounts, regions, truth, recorders, rules: truth.configRules, items, aggregators };
}

/** The n-th resource a rule names: groups and buckets of the region in turn, numbered past their count. */
function nonCompliant(n: number, groups: readonly AwsSecurityGroup[], buckets: readonly AwsS3Bucket[]) {
  const suffix = (length: number) => (n / 2 >= length ? `-${n}` : '');
  if (n % 2 === 0) {
    const group = groups[Math.floor(n / 2) % Math.max(1, groups.length)];
    return { type: 'AWS::EC2::SecurityGroup', id: `${group?.id ?? 'sg-0'}${suffix(groups.length)}`, annotation: 'Port 22 is open to 0.0.0.0/0' };
  }
  const bucket = buckets[Math.floor(n / 2) % Math.max(1, buckets.length)];
  return { type: 'AWS::S3::Bucket', id: `${bucket?.name ?? 'bucket'}${suffix(buckets.length)}` };
}

function makeBucket(accountId: string, region: string, index: number, rand: () => number, pick: <T>(list: readonly T[]) => T): { truth: AwsS3Bucket; item: ConfigItem } {
  const name = `evident-${accountId}-${region}-${String(index).padStart(5, '0')}`;
  const block = pick([FULL, FULL, FULL, FULL, ACLS_ONLY, NONE, null]);
  // [policy text or null for "no policy", what policyIsPublic must read, whether Config listed BucketPolicy at all]
  const policies: [string | null, boolean | null, boolean][] = [
    [null, false, true],
    [null, false, true],
    [policy(name, { AWS: `arn:aws:iam::${accountId}:role/reader` }), false, true],
    [policy(name, '*'), true, true],
    [policy(name, { AWS: '*' }, { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }), null, true],
    [null, null, false],
  ];
  const [policyText, policyIsPublic, listed] = pick(policies);
  const tags: Record<string, string> = rand() < 0.5 ? { 'data-classification': pick(['internal', 'confidential', 'restricted']) } : {};
  const supplementaryConfiguration: Record<string, unknown> = {
    AccessControlList: JSON.stringify({ grantSet: null, grantList: [], owner: { displayName: null, id: accountId }, isRequesterCharged: false }),
    BucketVersioningConfiguration: { status: 'Off', isMfaDeleteEnabled: null },
    IsRequesterPaysEnabled: false,
  };
  // Configuration item history gives these values as JSON text; every fifth bucket is rendered so.
  const value = (object: unknown) => (index % 5 === 4 ? JSON.stringify(object) : object);
  if (listed) supplementaryConfiguration.BucketPolicy = value({ policyText });
  if (block !== null) supplementaryConfiguration.PublicAccessBlockConfiguration = value({ ...block });
  return {
    truth: { name, accountId, region, publicAccessBlock: block, policyIsPublic, tags },
    item: {
      ...itemBase(accountId, region, 'AWS::S3::Bucket', name, name, `arn:aws:s3:::${name}`),
      configuration: { name, owner: { displayName: null, id: accountId }, creationDate: '2024-03-01T10:00:00.000Z' },
      supplementaryConfiguration,
      tags: Object.entries(tags).map(([key, value]) => ({ key, value, tag: `${key}=${value}` })),
    },
  };
}

function policy(bucket: string, principal: unknown, condition?: unknown): string {
  const statement = { Effect: 'Allow', Principal: principal, Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*`, ...(condition === undefined ? {} : { Condition: condition }) };
  return JSON.stringify({ Version: '2012-10-17', Statement: [statement] });
}

const tcp = (port: number, ...cidrs: string[]): AwsIngressPermission => ({
  protocol: 'tcp',
  fromPort: port,
  toPort: port,
  ipv4Ranges: cidrs.filter((c) => !c.includes(':')),
  ipv6Ranges: cidrs.filter((c) => c.includes(':')),
});

/** Ingress templates: a group reference only, web, SSH open, an internal database, all traffic open, ICMP. */
const INGRESS: AwsIngressPermission[][] = [
  [{ protocol: '-1', fromPort: null, toPort: null, ipv4Ranges: [], ipv6Ranges: [] }],
  [tcp(443, '0.0.0.0/0', '::/0'), tcp(80, '0.0.0.0/0')],
  [tcp(22, '0.0.0.0/0')],
  [tcp(5432, '10.0.0.0/16')],
  [{ protocol: '-1', fromPort: null, toPort: null, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] }],
  [{ protocol: 'icmp', fromPort: -1, toPort: -1, ipv4Ranges: ['0.0.0.0/0'], ipv6Ranges: [] }, tcp(3306, '::/0')],
];

function makeSecurityGroup(accountId: string, region: string, counter: number, pick: <T>(list: readonly T[]) => T): AwsSecurityGroup {
  const id = `sg-0${counter.toString(16).padStart(16, '0')}`;
  return { id, name: `group-${counter}`, accountId, region, vpcId: counter % 7 === 0 ? null : `vpc-0${(counter % 3).toString(16).padStart(16, '0')}`, ingress: pick(INGRESS) };
}

/** EC2 IpPermission as Config records it: legacy `ipRanges` strings beside `ipv4Ranges` objects. */
function securityGroupItem(group: AwsSecurityGroup): ConfigItem {
  const ipPermissions = group.ingress.map((p) => ({
    ipProtocol: p.protocol,
    ...(p.fromPort === null ? {} : { fromPort: p.fromPort }),
    ...(p.toPort === null ? {} : { toPort: p.toPort }),
    ipRanges: p.ipv4Ranges,
    ipv4Ranges: p.ipv4Ranges.map((cidrIp) => ({ cidrIp })),
    ipv6Ranges: p.ipv6Ranges.map((cidrIpv6) => ({ cidrIpv6 })),
    prefixListIds: [],
    userIdGroupPairs: p.ipv4Ranges.length + p.ipv6Ranges.length === 0 ? [{ groupId: group.id, userId: group.accountId }] : [],
  }));
  return {
    ...itemBase(group.accountId, group.region, 'AWS::EC2::SecurityGroup', group.id, group.name, `arn:aws:ec2:${group.region}:${group.accountId}:security-group/${group.id}`),
    configuration: {
      groupId: group.id,
      groupName: group.name,
      description: `${group.name} security group`,
      ownerId: group.accountId,
      ...(group.vpcId === null ? {} : { vpcId: group.vpcId }),
      ipPermissions,
      ipPermissionsEgress: [{ ipProtocol: '-1', ipRanges: ['0.0.0.0/0'], ipv4Ranges: [{ cidrIp: '0.0.0.0/0' }], ipv6Ranges: [], prefixListIds: [], userIdGroupPairs: [] }],
    },
    supplementaryConfiguration: {},
    tags: [],
  };
}

function accountBlockItem(accountId: string, region: string, block: AwsPublicAccessBlock): ConfigItem {
  return {
    ...itemBase(accountId, region, 'AWS::S3::AccountPublicAccessBlock', accountId, '', `arn:aws:s3::${accountId}:account`),
    configuration: { ...block },
    supplementaryConfiguration: {},
    tags: [],
  };
}

function itemBase(accountId: string, awsRegion: string, resourceType: string, resourceId: string, resourceName: string, arn: string) {
  return { accountId, awsRegion, resourceType, resourceId, resourceName, arn, configurationItemStatus: 'OK', configurationItemCaptureTime: WORLD_TIME.toISOString() };
}
