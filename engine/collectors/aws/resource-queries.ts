/**
 * S3 buckets, the S3 account-level block and security groups, read from AWS Config's resource
 * inventory with its SQL, all pages (at most 100 results each), so Evident's own controls test
 * them whether or not the matching managed Config rule is deployed.
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
  await Promise.all([
    query(select, QUERIES.buckets, 'AWS::S3::Bucket', where, inScope, parts.buckets, toBucket),
    query(select, QUERIES.accountBlocks, 'AWS::S3::AccountPublicAccessBlock', where, inScope, parts.accountBlocks, toAccountBlock),
    query(select, QUERIES.securityGroups, 'AWS::EC2::SecurityGroup', where, inScope, parts.securityGroups, toSecurityGroup),
  ]);
}

async function query<T>(
  select: SelectPage,
  expression: string,
  type: string,
  where: string,
  inScope: (accountId: string, region: string) => boolean,
  part: PartReader<T>,
  map: (row: ConfigItemRow) => T | undefined,
): Promise<void> {
  let unreadable = 0;
  try {
    await readPages(
      part,
      (nextToken) => select(expression, nextToken),
      (page) => {
        for (const text of page.Results ?? []) {
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
  }
  // e.g. configurationItemStatus ResourceNotRecorded: the resource exists but its settings are unknown.
  if (unreadable > 0) part.errors.push(`${unreadable} ${type} configuration item${unreadable === 1 ? '' : 's'} in ${where} had no readable configuration`);
}
