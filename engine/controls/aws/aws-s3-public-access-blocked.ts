import { z } from 'zod';
import type { Outcome } from '../../model.ts';
import type { AwsPublicAccessBlock, AwsS3Bucket } from '../../snapshots/aws.ts';
import { awsSource } from '../../snapshots/aws.ts';
import { defineControl } from '../define-control.ts';
import { effectiveBlock, flagsIn, flagsOff } from './public-access-block.ts';

const Params = z.strictObject({
  /** Buckets meant to be public (static websites); recorded as skipped with the reason, not hidden. */
  exemptBuckets: z.array(z.string()).default([]),
  /** Tag keys that classify a bucket's data; compared without regard to case. */
  sensitiveTagKeys: z.array(z.string()).default(['data-classification']),
  /** Values of those tags that mark sensitive data: the outcome gets `details.sensitive = true` for triage. */
  sensitiveTagValues: z.array(z.string()).default(['confidential', 'restricted', 'secret', 'pii']),
});
type Params = z.output<typeof Params>;

export const control = defineControl({
  id: 'aws-s3-public-access-blocked',
  title: 'S3 Block Public Access is on for every account and every bucket',
  source: awsSource,
  needs: ['s3Account', 'buckets'],
  area: 'data-protection',
  severity: 'high',
  risk:
    'A bucket policy or ACL that grants public access exposes every object in the bucket to anyone on the internet; ' +
    'the four Block Public Access settings stop such grants whatever policy or ACL a later change adds.',
  remediation: [
    'Turn on all four Block Public Access settings at the account level (S3 console > Block Public Access settings for this account, or `aws s3control put-public-access-block`).',
    'For each listed bucket, turn on all four settings at the bucket level (`aws s3api put-public-access-block`) and remove public statements from its bucket policy.',
    'Serve public websites through CloudFront with origin access control instead of a public bucket.',
    'If a bucket must stay public (a static website), list it under exemptBuckets with the reason.',
  ],
  summary: { noun: ['account or bucket', 'accounts and buckets'], failing: 'without full public access block' },
  params: Params,
  evaluate(data, params) {
    const accountBlocks = new Map(data.s3Account.map((a) => [a.accountId, a.publicAccessBlock]));
    const exempt = data.buckets.filter((b) => params.exemptBuckets.includes(b.name));
    const outcomes: Outcome[] = [];

    for (const account of data.s3Account) {
      outcomes.push(accountOutcome(account.accountId, account.publicAccessBlock, exempt.filter((b) => b.accountId === account.accountId)));
    }
    // Buckets of an account whose account-level setting was not collected: say so once per account.
    const uncollected = [...new Set(data.buckets.map((b) => b.accountId))].filter((id) => !accountBlocks.has(id));
    for (const accountId of uncollected) {
      outcomes.push({
        status: 'error',
        resource: `s3-account:${accountId}`,
        message: `Account ${accountId} has buckets in scope but its account-level S3 public access block was not collected.`,
        details: { accountId },
      });
    }

    for (const bucket of data.buckets) {
      outcomes.push(bucketOutcome(bucket, accountBlocks.get(bucket.accountId), params));
    }
    return outcomes;
  },
});

function accountOutcome(accountId: string, block: AwsPublicAccessBlock | null, exemptBuckets: readonly AwsS3Bucket[]): Outcome {
  const resource = `s3-account:${accountId}`;
  const off = flagsOff(block);
  const details = { accountId, publicAccessBlock: block, flagsOff: off };
  if (off.length === 0) {
    return { status: 'pass', resource, message: `Account ${accountId} has all four account-level S3 Block Public Access settings on.`, details };
  }
  const state = block === null ? 'has no account-level S3 public access block' : `leaves ${off.join(', ')} off at the account level (${4 - off.length} of 4 on)`;
  if (exemptBuckets.length > 0) {
    // Turning the account level on would break the exempt public buckets; each bucket is tested on its own.
    return {
      status: 'skipped',
      resource,
      message: `Account ${accountId} ${state}, which its exempt public buckets ${exemptBuckets.map((b) => b.name).join(', ')} need; every other bucket is tested on its own.`,
      details,
    };
  }
  return { status: 'fail', resource, message: `Account ${accountId} ${state}; any bucket without its own block can be made public.`, details };
}

function bucketOutcome(
  bucket: AwsS3Bucket,
  accountBlock: AwsPublicAccessBlock | null | undefined,
  params: Params,
): Outcome {
  const resource = bucket.name;
  const label = `Bucket ${bucket.name} (${bucket.accountId}/${bucket.region})`;
  const effective = effectiveBlock(accountBlock, bucket.publicAccessBlock);
  const off = flagsIn(effective, 'off');
  const unknown = flagsIn(effective, 'unknown');
  const sensitiveTag = findSensitiveTag(bucket.tags, params.sensitiveTagKeys, params.sensitiveTagValues);
  const details = {
    accountId: bucket.accountId,
    region: bucket.region,
    accountBlock: accountBlock ?? null,
    accountBlockCollected: accountBlock !== undefined,
    bucketBlock: bucket.publicAccessBlock,
    effective,
    policyIsPublic: bucket.policyIsPublic,
    sensitive: sensitiveTag !== undefined,
    ...(sensitiveTag === undefined ? {} : { sensitiveTag }),
  };
  const tagNote = sensitiveTag === undefined ? '' : `; it is tagged ${sensitiveTag.key}=${sensitiveTag.value}`;

  if (params.exemptBuckets.includes(bucket.name)) {
    const state = off.length + unknown.length === 0 ? 'all four settings on' : `${[...off, ...unknown].join(', ')} not in effect`;
    return { status: 'skipped', resource, message: `${label} is exempt from the public access test by configuration (${state}; ${policyNote(bucket.policyIsPublic)}).`, details };
  }
  if (off.length > 0) {
    return {
      status: 'fail',
      resource,
      message: `${label} is not fully blocked from public access: ${off.join(', ')} off at both account and bucket level; ${policyNote(bucket.policyIsPublic)}${tagNote}.`,
      details,
    };
  }
  if (unknown.length > 0) {
    return {
      status: 'error',
      resource,
      message: `${label} leaves ${unknown.join(', ')} off at the bucket level and account ${bucket.accountId}'s account-level block was not collected, so whether they are in effect is unknown${tagNote}.`,
      details,
    };
  }
  // RestrictPublicBuckets (in effect here) limits a public policy to AWS services and the bucket owner's account.
  const neutralized = bucket.policyIsPublic === true ? '; its bucket policy is public but RestrictPublicBuckets keeps it from taking effect' : '';
  return { status: 'pass', resource, message: `${label} has all four Block Public Access settings in effect (${sourceOf(accountBlock, bucket.publicAccessBlock)})${neutralized}.`, details };
}

function policyNote(policyIsPublic: boolean | null): string {
  if (policyIsPublic === true) return 'its bucket policy is public';
  if (policyIsPublic === false) return 'its bucket policy is not public';
  return 'whether its bucket policy is public is unknown';
}

/** Which level supplies the flags in effect: "account level", "bucket level", or both. */
function sourceOf(account: AwsPublicAccessBlock | null | undefined, bucket: AwsPublicAccessBlock | null): string {
  const fromAccount = account !== undefined && flagsOff(account).length === 0;
  const fromBucket = flagsOff(bucket).length === 0;
  if (fromAccount && fromBucket) return 'account and bucket level';
  if (fromAccount) return 'account level';
  if (fromBucket) return 'bucket level';
  return 'account and bucket levels combined';
}

/** The first tag whose key and value mark sensitive data, compared without regard to case. */
function findSensitiveTag(
  tags: Readonly<Record<string, string>>,
  keys: readonly string[],
  values: readonly string[],
): { key: string; value: string } | undefined {
  const wantedKeys = new Set(keys.map((k) => k.toLowerCase()));
  const wantedValues = new Set(values.map((v) => v.trim().toLowerCase()));
  for (const [key, value] of Object.entries(tags)) {
    if (wantedKeys.has(key.toLowerCase()) && wantedValues.has(value.trim().toLowerCase())) return { key, value };
  }
  return undefined;
}
