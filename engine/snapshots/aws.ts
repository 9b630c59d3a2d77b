/**
 * The AWS snapshot: AWS Config recorder status and rule compliance, S3 public access settings and
 * EC2 security group ingress, for one account or for many accounts and regions behind a Config
 * aggregator. Every item carries its `accountId` and `region` so one snapshot can describe an
 * organization; the S3 account-level block carries only `accountId` because it is account-wide.
 *
 * Normalized from:
 * https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConfigurationRecorderStatus.html
 * https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeConfigurationRecorders.html
 * https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeComplianceByConfigRule.html
 * https://docs.aws.amazon.com/config/latest/APIReference/API_DescribeAggregateComplianceByConfigRules.html
 * https://docs.aws.amazon.com/config/latest/APIReference/API_GetComplianceDetailsByConfigRule.html
 * https://docs.aws.amazon.com/config/latest/APIReference/API_SelectResourceConfig.html
 * https://docs.aws.amazon.com/config/latest/APIReference/API_SelectAggregateResourceConfig.html
 * (resource types AWS::S3::Bucket, AWS::S3::AccountPublicAccessBlock, AWS::EC2::SecurityGroup)
 */
import { z } from 'zod';
import { defineSource } from './define-source.ts';

const dateTime = z.iso.datetime({ offset: true });

/** A 12-digit AWS account id, kept as a string: leading zeros are significant. */
export const AwsAccountId = z.string().regex(/^\d{12}$/, 'an AWS account id is 12 digits');

/** `us-east-1`, `eu-west-1`, `ap-southeast-2`, `us-gov-west-1`, … */
export const AwsRegion = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d+$/, 'a region looks like us-east-1');

/**
 * https://docs.aws.amazon.com/config/latest/APIReference/API_ConfigurationRecorderStatus.html
 * (`lastStatus`: the latest recording event processed by the recorder).
 */
export const AwsRecorderLastStatus = z.enum(['Pending', 'Success', 'Failure', 'NotApplicable']);
export type AwsRecorderLastStatus = z.infer<typeof AwsRecorderLastStatus>;

export const AwsConfigRecorder = z.object({
  name: z.string(),
  recording: z.boolean(),
  /** null when the recorder has not processed any recording event yet. */
  lastStatus: AwsRecorderLastStatus.nullable(),
  lastErrorCode: z.string().optional(),
  lastErrorMessage: z.string().optional(),
  lastStartTime: dateTime.nullable().optional(),
  lastStopTime: dateTime.nullable().optional(),
  lastStatusChangeTime: dateTime.nullable().optional(),
  /**
   * `recordingGroup.allSupported`: every supported resource type is recorded, new ones included.
   * https://docs.aws.amazon.com/config/latest/APIReference/API_RecordingGroup.html
   */
  /** null when it cannot be seen (through an aggregator, which reports only whether a source succeeded). */
  allSupported: z.boolean().nullable(),
  /** `recordingGroup.resourceTypes`: the types recorded when allSupported is false (empty otherwise). */
  resourceTypes: z.array(z.string()),
});
export type AwsConfigRecorder = z.infer<typeof AwsConfigRecorder>;

/**
 * Part `recorders`: one entry per account and region in scope (the regions the collector was told
 * to cover, or the aggregator's sources), whether or not a recorder exists there. A missing
 * recorder is `recorder: null`, never a missing entry, so a coverage gap cannot go unseen.
 */
export const AwsRecorderCoverage = z.object({
  accountId: AwsAccountId,
  region: AwsRegion,
  recorder: AwsConfigRecorder.nullable(),
});
export type AwsRecorderCoverage = z.infer<typeof AwsRecorderCoverage>;

/** https://docs.aws.amazon.com/config/latest/APIReference/API_Compliance.html (`ComplianceType`). */
export const AwsComplianceType = z.enum(['COMPLIANT', 'NON_COMPLIANT', 'NOT_APPLICABLE', 'INSUFFICIENT_DATA']);
export type AwsComplianceType = z.infer<typeof AwsComplianceType>;

/**
 * One resource a rule evaluated as NON_COMPLIANT.
 * https://docs.aws.amazon.com/config/latest/APIReference/API_EvaluationResult.html
 */
export const AwsNonCompliantResource = z.object({
  /** `AWS::EC2::SecurityGroup`, `AWS::S3::Bucket`, … */
  type: z.string(),
  id: z.string(),
  /** The rule's explanation, when it gives one. */
  annotation: z.string().optional(),
});
export type AwsNonCompliantResource = z.infer<typeof AwsNonCompliantResource>;

/** Part `configRules`: one entry per rule per account and region where it is deployed. */
export const AwsConfigRuleResult = z.object({
  /** `ConfigRuleName`, e.g. `restricted-ssh` or a conformance pack's `restricted-ssh-conformance-pack-x1y2`. */
  name: z.string().min(1),
  accountId: AwsAccountId,
  region: AwsRegion,
  compliance: AwsComplianceType,
  /** Every NON_COMPLIANT evaluation of the rule (GetComplianceDetailsByConfigRule, all pages); empty otherwise. */
  nonCompliantResources: z.array(AwsNonCompliantResource),
});
export type AwsConfigRuleResult = z.infer<typeof AwsConfigRuleResult>;

/**
 * The four S3 Block Public Access settings.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_PublicAccessBlockConfiguration.html
 * https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-control-block-public-access.html
 */
export const AwsPublicAccessBlock = z.object({
  blockPublicAcls: z.boolean(),
  ignorePublicAcls: z.boolean(),
  blockPublicPolicy: z.boolean(),
  restrictPublicBuckets: z.boolean(),
});
export type AwsPublicAccessBlock = z.infer<typeof AwsPublicAccessBlock>;

/**
 * Part `s3Account`: the account-level block of each account in scope (S3 Control
 * GetPublicAccessBlock, or Config's AWS::S3::AccountPublicAccessBlock), null when none is set.
 * One entry per account: the setting applies to every region, so it carries no region; a
 * collector reading it from several regions keeps one entry.
 * https://docs.aws.amazon.com/AmazonS3/latest/API/API_control_GetPublicAccessBlock.html
 */
export const AwsS3AccountSettings = z.object({
  accountId: AwsAccountId,
  publicAccessBlock: AwsPublicAccessBlock.nullable(),
});
export type AwsS3AccountSettings = z.infer<typeof AwsS3AccountSettings>;

/** Part `buckets`: every bucket in scope (Config AWS::S3::Bucket with its supplementary configuration). */
export const AwsS3Bucket = z.object({
  name: z.string().min(1),
  accountId: AwsAccountId,
  region: AwsRegion,
  /** The bucket-level block (GetPublicAccessBlock), null when none is set. */
  publicAccessBlock: AwsPublicAccessBlock.nullable(),
  /**
   * `PolicyStatus.IsPublic` (GetBucketPolicyStatus); false when the bucket has no policy; null when
   * the status could not be determined.
   * https://docs.aws.amazon.com/AmazonS3/latest/API/API_GetBucketPolicyStatus.html
   */
  policyIsPublic: z.boolean().nullable(),
  tags: z.record(z.string(), z.string()),
});
export type AwsS3Bucket = z.infer<typeof AwsS3Bucket>;

/**
 * One ingress permission of a security group, as DescribeSecurityGroups / Config report it.
 * https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_IpPermission.html
 */
export const AwsIngressPermission = z.object({
  /** `-1` (all protocols), `tcp`, `udp`, `icmp`, `icmpv6`, or an IANA protocol number such as `6` or `50`. */
  protocol: z.string().min(1),
  /** Start of the port range for tcp/udp (ICMP type for icmp); null when the protocol has no ports (`-1`). */
  fromPort: z.number().int().nullable(),
  toPort: z.number().int().nullable(),
  /** IPv4 CIDRs: `0.0.0.0/0`, `10.0.0.0/8`. */
  ipv4Ranges: z.array(z.string()),
  /** IPv6 CIDRs: `::/0`, `2001:db8::/32`. */
  ipv6Ranges: z.array(z.string()),
});
export type AwsIngressPermission = z.infer<typeof AwsIngressPermission>;

/** Part `securityGroups`. https://docs.aws.amazon.com/AWSEC2/latest/APIReference/API_SecurityGroup.html */
export const AwsSecurityGroup = z.object({
  id: z.string().min(1),
  name: z.string(),
  accountId: AwsAccountId,
  region: AwsRegion,
  vpcId: z.string().nullable(),
  ingress: z.array(AwsIngressPermission),
});
export type AwsSecurityGroup = z.infer<typeof AwsSecurityGroup>;

export const AwsData = z
  .object({
    recorders: z.array(AwsRecorderCoverage),
    configRules: z.array(AwsConfigRuleResult),
    s3Account: z.array(AwsS3AccountSettings),
    buckets: z.array(AwsS3Bucket),
    securityGroups: z.array(AwsSecurityGroup),
  })
  .superRefine((data, ctx) => {
    // Two different account-level settings for one account cannot both be true; refuse to guess.
    const seen = new Set<string>();
    data.s3Account.forEach((entry, index) => {
      if (seen.has(entry.accountId)) {
        ctx.addIssue({
          code: 'custom',
          path: ['s3Account', index, 'accountId'],
          message: `account ${entry.accountId} is listed twice; keep one account-level public access block per account`,
        });
      }
      seen.add(entry.accountId);
    });
  });
export type AwsData = z.infer<typeof AwsData>;

export const awsSource = defineSource({
  id: 'aws',
  title: 'AWS',
  parts: ['recorders', 'configRules', 's3Account', 'buckets', 'securityGroups'],
  data: AwsData,
});
