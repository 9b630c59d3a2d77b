/**
 * AWS Config configuration items, as SelectResourceConfig returns them, mapped to Evident's AWS
 * snapshot. Field names follow the Config resource schema
 * (https://github.com/awslabs/aws-config-resource-schema, config/properties/resource-types/):
 * - AWS::S3::Bucket: `supplementaryConfiguration.PublicAccessBlockConfiguration.{blockPublicAcls,…}`,
 *   `supplementaryConfiguration.BucketPolicy.policyText`, `tags`;
 * - AWS::S3::AccountPublicAccessBlock: `configuration.{blockPublicAcls,…}`;
 * - AWS::EC2::SecurityGroup: `configuration.ipPermissions[].{ipProtocol, fromPort, toPort, ipRanges,
 *   ipv4Ranges[].cidrIp, ipv6Ranges[].cidrIpv6}`.
 * An item without the fields a test needs is unreadable (undefined), never an empty, passing one.
 */
import {
  type AwsPublicAccessBlock,
  AwsS3Bucket,
  AwsSecurityGroup,
  type AwsIngressPermission,
} from '../../snapshots/aws.ts';
import { policyIsPublic } from './bucket-policy.ts';

/** One result row of a SELECT (the fields Evident selects). */
export interface ConfigItemRow {
  accountId?: string;
  awsRegion?: string;
  resourceId?: string;
  resourceName?: string;
  configurationItemStatus?: string;
  configuration?: unknown;
  supplementaryConfiguration?: unknown;
  tags?: unknown;
}

type Json = Record<string, unknown>;
const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * Config gives supplementary configuration values as JSON text in configuration item history and as
 * objects in query results; read both.
 */
function supplementary(row: ConfigItemRow, key: string): unknown {
  if (!isObject(row.supplementaryConfiguration)) return undefined;
  const value = row.supplementaryConfiguration[key];
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/** The four flags; a flag that is not `true` is not on (S3 treats an unset flag as false). */
export function toPublicAccessBlock(value: unknown): AwsPublicAccessBlock | null {
  if (!isObject(value)) return null;
  return {
    blockPublicAcls: value.blockPublicAcls === true,
    ignorePublicAcls: value.ignorePublicAcls === true,
    blockPublicPolicy: value.blockPublicPolicy === true,
    restrictPublicBuckets: value.restrictPublicBuckets === true,
  };
}

/** Tags as query results give them (`[{ key, value }]`) or as items do (`{ key: value }`). */
function toTags(value: unknown): Record<string, string> {
  if (Array.isArray(value)) {
    return Object.fromEntries(value.filter((t): t is Json => isObject(t) && typeof t.key === 'string').map((t) => [t.key as string, String(t.value ?? '')]));
  }
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, String(v)]));
  return {};
}

export function toBucket(row: ConfigItemRow): AwsS3Bucket | undefined {
  if (!isObject(row.supplementaryConfiguration)) return undefined;
  const policy = supplementary(row, 'BucketPolicy');
  const parsed = AwsS3Bucket.safeParse({
    name: row.resourceName || row.resourceId,
    accountId: row.accountId,
    region: row.awsRegion,
    publicAccessBlock: toPublicAccessBlock(supplementary(row, 'PublicAccessBlockConfiguration')),
    // No BucketPolicy entry at all: Config did not say, so the status is unknown (null), not "no policy".
    policyIsPublic: isObject(policy) ? policyIsPublic(policy.policyText) : null,
    tags: toTags(row.tags),
  });
  return parsed.success ? parsed.data : undefined;
}

export function toSecurityGroup(row: ConfigItemRow): AwsSecurityGroup | undefined {
  const configuration = row.configuration;
  if (!isObject(configuration) || !Array.isArray(configuration.ipPermissions)) return undefined;
  const parsed = AwsSecurityGroup.safeParse({
    id: configuration.groupId ?? row.resourceId,
    name: configuration.groupName ?? row.resourceName ?? '',
    accountId: row.accountId,
    region: row.awsRegion,
    vpcId: typeof configuration.vpcId === 'string' ? configuration.vpcId : null,
    ingress: configuration.ipPermissions.map(toIngress),
  });
  return parsed.success ? parsed.data : undefined;
}

function toIngress(permission: unknown): Partial<AwsIngressPermission> {
  if (!isObject(permission)) return {};
  const list = (value: unknown) => (Array.isArray(value) ? value : []);
  const port = (value: unknown) => (typeof value === 'number' ? value : null);
  // `ipRanges` (strings) is the older field beside `ipv4Ranges` (objects); both may be present.
  const ipv4 = [...list(permission.ipRanges).map((r) => (isObject(r) ? r.cidrIp : r)), ...list(permission.ipv4Ranges).map((r) => (isObject(r) ? r.cidrIp : r))];
  const ipv6 = list(permission.ipv6Ranges).map((r) => (isObject(r) ? r.cidrIpv6 : r));
  return {
    protocol: permission.ipProtocol === undefined ? undefined : String(permission.ipProtocol),
    fromPort: port(permission.fromPort),
    toPort: port(permission.toPort),
    ipv4Ranges: [...new Set(ipv4.filter((c): c is string => typeof c === 'string'))],
    ipv6Ranges: [...new Set(ipv6.filter((c): c is string => typeof c === 'string'))],
  } as Partial<AwsIngressPermission>;
}

/** The account-level block of one AWS::S3::AccountPublicAccessBlock item. */
export function toAccountBlock(row: ConfigItemRow): { accountId: string; block: AwsPublicAccessBlock } | undefined {
  if (!/^\d{12}$/.test(row.accountId ?? '') || !isObject(row.configuration)) return undefined;
  return { accountId: row.accountId as string, block: toPublicAccessBlock(row.configuration) as AwsPublicAccessBlock };
}

/**
 * Config records the account-level block in every region it records; the items should agree. If
 * they do not, a flag counts as on only where every item says so.
 */
export function mergeBlocks(blocks: readonly AwsPublicAccessBlock[]): AwsPublicAccessBlock | null {
  if (blocks.length === 0) return null;
  const all = (key: keyof AwsPublicAccessBlock) => blocks.every((b) => b[key]);
  return { blockPublicAcls: all('blockPublicAcls'), ignorePublicAcls: all('ignorePublicAcls'), blockPublicPolicy: all('blockPublicPolicy'), restrictPublicBuckets: all('restrictPublicBuckets') };
}
