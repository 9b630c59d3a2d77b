/**
 * S3 buckets, the S3 account-level block and security groups, read from AWS Config's resource
 * inventory with its SQL, all pages (at most 100 results each), so Evident's own controls test
 * them whether or not the matching managed Config rule is deployed.
 *
 * Each listing is reconciled with AWS Config's own count, from one more query of the same engine on
 * the same scope (`SELECT resourceType, COUNT(*) … GROUP BY resourceType`,
 * https://docs.aws.amazon.com/config/latest/developerguide/query-components.html): a listing that
 * ended without error but with fewer rows than the count (a NextToken that went missing) is
 * incomplete, never whole, and so is one whose count could not be read. More rows than the count
 * is fine (a resource recorded between the two answers).
 * https://docs.aws.amazon.com/config/latest/developerguide/querying-AWS-resources.html
 * https://docs.aws.amazon.com/config/latest/APIReference/API_SelectResourceConfig.html
 * https://docs.aws.amazon.com/config/latest/APIReference/API_SelectAggregateResourceConfig.html
 */
import type { AwsPublicAccessBlock, AwsS3Bucket, AwsSecurityGroup } from '../../snapshots/aws.ts';
import { type ConfigItemRow, toAccountBlock, toBucket, toSecurityGroup } from './configuration-items.ts';
import { describeAwsError, newPart, type PartReader, readPages } from './part-reader.ts';

/** The largest page both SELECT operations allow. */
export const SELECT_LIMIT = 100;

export const QUERIES = {
  buckets:
    'SELECT resourceId, resourceName, awsRegion, accountId, configuration, supplementaryConfiguration, tags, configurationItemStatus ' +
    "WHERE resourceType = 'AWS::S3::Bucket'",
  accountBlocks: "SELECT resourceId, awsRegion, accountId, configuration, configurationItemStatus WHERE resourceType = 'AWS::S3::AccountPublicAccessBlock'",
  securityGroups:
    "SELECT resourceId, resourceName, awsRegion, accountId, configuration, configurationItemStatus WHERE resourceType = 'AWS::EC2::SecurityGroup'",
} as const;

/** The resource types the listings read, with AWS Config's count of each in one query. */
const RESOURCE_TYPES = { buckets: 'AWS::S3::Bucket', accountBlocks: 'AWS::S3::AccountPublicAccessBlock', securityGroups: 'AWS::EC2::SecurityGroup' } as const;

export const COUNT_QUERY = `SELECT resourceType, COUNT(*) WHERE resourceType IN (${Object.values(RESOURCE_TYPES)
  .map((type) => `'${type}'`)
  .join(', ')}) GROUP BY resourceType`;

/** Items of resources that no longer exist; the inventory may still hold them. */
const DELETED = new Set(['ResourceDeleted', 'ResourceDeletedNotRecorded']);

/** One page of a SELECT: SelectResourceConfig in a region, or SelectAggregateResourceConfig. */
export type SelectPage = (expression: string, nextToken: string | undefined) => Promise<{ Results?: string[] | undefined; NextToken?: string | undefined }>;

export interface ResourceParts {
  buckets: PartReader<AwsS3Bucket>;
  accountBlocks: PartReader<{ accountId: string; block: AwsPublicAccessBlock }>;
  securityGroups: PartReader<AwsSecurityGroup>;
}

export function newResourceParts(): ResourceParts {
  return { buckets: newPart(), accountBlocks: newPart(), securityGroups: newPart() };
}

/** Runs the three queries; `where` names the region or aggregator in errors; items outside `inScope` are dropped. */
export async function readResources(select: SelectPage, where: string, inScope: (accountId: string, region: string) => boolean, parts: ResourceParts): Promise<void> {
  const [counted, ...listed] = await Promise.all([
    countResources(select).then(
      (counts) => ({ counts }),
      (error: unknown) => ({ error: describeAwsError(error, where) }),
    ),
    query(select, QUERIES.buckets, RESOURCE_TYPES.buckets, where, inScope, parts.buckets, toBucket),
    query(select, QUERIES.accountBlocks, RESOURCE_TYPES.accountBlocks, where, inScope, parts.accountBlocks, toAccountBlock),
    query(select, QUERIES.securityGroups, RESOURCE_TYPES.securityGroups, where, inScope, parts.securityGroups, toSecurityGroup),
  ]);
  const reads = [
    { type: RESOURCE_TYPES.buckets, part: parts.buckets, rows: listed[0] },
    { type: RESOURCE_TYPES.accountBlocks, part: parts.accountBlocks, rows: listed[1] },
    { type: RESOURCE_TYPES.securityGroups, part: parts.securityGroups, rows: listed[2] },
  ];
  for (const { type, part, rows } of reads) {
    // A listing that failed says so already.
    if (rows === undefined) continue;
    if ('error' in counted) {
      part.errors.push(`could not count ${type} in ${where} to confirm the listing is whole: ${counted.error}`);
      continue;
    }
    const expected = counted.counts.get(type) ?? 0;
    if (rows < expected) {
      part.errors.push(`the ${type} listing in ${where} ended after ${rows} of the ${expected} items AWS Config counts (SELECT COUNT(*)): it did not reach its last page`);
    }
  }
}

/** AWS Config's count of each resource type (types without items have no row: 0). */
async function countResources(select: SelectPage): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  await readPages(
    { pages: 0 },
    (nextToken) => select(COUNT_QUERY, nextToken),
    (page) => {
      for (const text of page.Results ?? []) {
        const row = JSON.parse(text) as Record<string, unknown>;
        const count = Object.entries(row).find(([key]) => /^count\(\*\)$/i.test(key))?.[1];
        if (typeof row.resourceType !== 'string' || typeof count !== 'number') throw new Error(`AWS Config answered the count query with a row this collector does not understand: ${text.slice(0, 200)}`);
        counts.set(row.resourceType, (counts.get(row.resourceType) ?? 0) + count);
      }
    },
  );
  return counts;
}

async function query<T>(
  select: SelectPage,
  expression: string,
  type: string,
  where: string,
  inScope: (accountId: string, region: string) => boolean,
  part: PartReader<T>,
  map: (row: ConfigItemRow) => T | undefined,
): Promise<number | undefined> {
  let unreadable = 0;
  // Every row answered, kept or not: what AWS Config's count counts.
  let rows = 0;
  let failed = false;
  try {
    await readPages(
      part,
      (nextToken) => select(expression, nextToken),
      (page) => {
        for (const text of page.Results ?? []) {
          rows += 1;
          let row: ConfigItemRow;
          try {
            row = JSON.parse(text) as ConfigItemRow;
          } catch {
            unreadable += 1;
            continue;
          }
          if (DELETED.has(row.configurationItemStatus ?? '')) continue;
          if (!inScope(row.accountId ?? '', row.awsRegion ?? '')) continue;
          const item = map(row);
          if (item === undefined) unreadable += 1;
          else part.items.push(item);
        }
      },
    );
  } catch (error) {
    part.errors.push(describeAwsError(error, where));
    failed = true;
  }
  // e.g. configurationItemStatus ResourceNotRecorded: the resource exists but its settings are unknown.
  if (unreadable > 0) part.errors.push(`${unreadable} ${type} configuration item${unreadable === 1 ? '' : 's'} in ${where} had no readable configuration`);
  return failed ? undefined : rows;
}
