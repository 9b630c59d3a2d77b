/**
 * S3 Block Public Access: four flags, set at the account level, the bucket level, or both. S3
 * applies the most restrictive combination, so a flag is in effect for a bucket when either level
 * turns it on.
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PublicAccessBlockConfiguration.html
 */
import type { AwsPublicAccessBlock } from '../../snapshots/aws.ts';

export type PublicAccessFlag = keyof AwsPublicAccessBlock;

/** The flags in the order the S3 console and API list them, with their API names for messages. */
export const PUBLIC_ACCESS_FLAGS: readonly { key: PublicAccessFlag; name: string }[] = [
  { key: 'blockPublicAcls', name: 'BlockPublicAcls' },
  { key: 'ignorePublicAcls', name: 'IgnorePublicAcls' },
  { key: 'blockPublicPolicy', name: 'BlockPublicPolicy' },
  { key: 'restrictPublicBuckets', name: 'RestrictPublicBuckets' },
];

/** Per flag: on, off, or unknown (the level that could turn it on was not collected). */
export type FlagState = 'on' | 'off' | 'unknown';
export type EffectiveBlock = Record<PublicAccessFlag, FlagState>;

/**
 * The block in effect for a bucket. `account` is undefined when the account-level setting was not
 * collected (unknown), null when the account has none.
 */
export function effectiveBlock(account: AwsPublicAccessBlock | null | undefined, bucket: AwsPublicAccessBlock | null): EffectiveBlock {
  const state = (key: PublicAccessFlag): FlagState => {
    if (bucket?.[key] === true || account?.[key] === true) return 'on';
    return account === undefined ? 'unknown' : 'off';
  };
  return {
    blockPublicAcls: state('blockPublicAcls'),
    ignorePublicAcls: state('ignorePublicAcls'),
    blockPublicPolicy: state('blockPublicPolicy'),
    restrictPublicBuckets: state('restrictPublicBuckets'),
  };
}

/** The API names of the flags in a given state: `['BlockPublicPolicy', 'RestrictPublicBuckets']`. */
export function flagsIn(block: EffectiveBlock, state: FlagState): string[] {
  return PUBLIC_ACCESS_FLAGS.filter(({ key }) => block[key] === state).map(({ name }) => name);
}

/** The API names of the flags a single level leaves off (all four when the level has no block). */
export function flagsOff(block: AwsPublicAccessBlock | null): string[] {
  return PUBLIC_ACCESS_FLAGS.filter(({ key }) => block?.[key] !== true).map(({ name }) => name);
}
