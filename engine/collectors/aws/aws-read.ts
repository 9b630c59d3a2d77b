/**
 * What one collection mode (one account, or an aggregator) read, assembled into the AWS snapshot's
 * data and parts. Duplicates are dropped (an item listed twice by overlapping pages or regions),
 * and the account-level S3 block is one entry per account.
 */
import type { SnapshotPart } from '../../model.ts';
import type { AwsConfigRuleResult, AwsData, AwsPublicAccessBlock, AwsRecorderCoverage, AwsS3AccountSettings, AwsS3Bucket, AwsSecurityGroup } from '../../snapshots/aws.ts';
import { mergeBlocks } from './configuration-items.ts';
import { type PartReader, toSnapshotPart } from './part-reader.ts';

export interface AwsRead {
  /** `aws:<accountId>` or `aws:aggregator/<name>`. */
  scope: string;
  parameters: Record<string, unknown>;
  parts: Record<string, SnapshotPart>;
  data: AwsData;
}

export interface ReadParts {
  /** Accounts in scope: each gets an account-level S3 entry when its block was read. */
  accounts: readonly string[];
  recorders: PartReader<AwsRecorderCoverage>;
  rules: PartReader<AwsConfigRuleResult>;
  resources: {
    buckets: PartReader<AwsS3Bucket>;
    accountBlocks: PartReader<{ accountId: string; block: AwsPublicAccessBlock }>;
    securityGroups: PartReader<AwsSecurityGroup>;
  };
}

export function assembleData(read: ReadParts): Pick<AwsRead, 'parts' | 'data'> {
  const buckets = unique(read.resources.buckets, (b) => `${b.accountId}/${b.name}`);
  const securityGroups = unique(read.resources.securityGroups, (g) => `${g.accountId}/${g.region}/${g.id}`);
  const blocks = read.resources.accountBlocks;
  const s3Account: AwsS3AccountSettings[] = [];
  for (const accountId of new Set([...read.accounts, ...blocks.items.map((b) => b.accountId)])) {
    const found = blocks.items.filter((b) => b.accountId === accountId).map((b) => b.block);
    // No item and every query answered: the account has no block (null). No item and a query
    // failed: unknown, so no entry, and the control says the block was not collected.
    if (found.length > 0 || blocks.errors.length === 0) s3Account.push({ accountId, publicAccessBlock: mergeBlocks(found) });
  }
  const data: AwsData = { recorders: read.recorders.items, configRules: read.rules.items, s3Account, buckets: buckets.items, securityGroups: securityGroups.items };
  return {
    data,
    parts: {
      recorders: toSnapshotPart(read.recorders),
      configRules: toSnapshotPart(read.rules),
      s3Account: toSnapshotPart({ items: s3Account, pages: blocks.pages, errors: blocks.errors }),
      buckets: toSnapshotPart(buckets),
      securityGroups: toSnapshotPart(securityGroups),
    },
  };
}

function unique<T>(part: PartReader<T>, key: (item: T) => string): PartReader<T> {
  const seen = new Set<string>();
  return { ...part, items: part.items.filter((item) => !seen.has(key(item)) && (seen.add(key(item)), true)) };
}
