/**
 * compliance.yml: the zod schema is the truth (STYLE.md 8). Types come from `z.infer`; the JSON
 * Schema for editors (compliance.schema.json) is generated from it by `npm run build`; every
 * description below reaches the editor as hover text.
 */
import { z } from 'zod';
import { catalog } from '../controls/index.ts';
import type { Control } from '../model.ts';
import { Severity } from '../model.ts';

const s3BucketName = /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/;
const awsRegion = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
const envName = z.string().regex(/^[A-Z_][A-Z0-9_]*$/, 'expected an environment variable name such as OKTA_TOKEN');

export const FilesystemEvidence = z
  .strictObject({
    store: z.literal('filesystem'),
    path: z.string().min(1).default('evidence').describe('Folder for the evidence archive, relative to compliance.yml.'),
  })
  .describe('A local folder. Records are written once and made read-only; commit them or sync them somewhere immutable.');

export const S3Evidence = z
  .strictObject({
    store: z.literal('s3'),
    bucket: z.string().regex(s3BucketName, 'expected an S3 bucket name (3–63 lowercase letters, digits, dots, hyphens)').describe('The evidence bucket. Create it with Object Lock enabled.'),
    prefix: z
      .string()
      .regex(/^$|^[^/].*\/$/, 'expected a key prefix ending in "/" and not starting with one, such as "evident/"')
      .default('')
      .describe('Key prefix inside the bucket, ending in "/".'),
    region: z.string().regex(awsRegion, 'expected an AWS region such as us-east-1').optional().describe('Bucket region; defaults to the standard AWS provider chain.'),
    endpoint: z.url().optional().describe('An S3-compatible endpoint (MinIO, Ceph); leave unset for AWS.'),
    forcePathStyle: z.boolean().default(false).describe('Path-style addressing, needed by most S3-compatible servers.'),
    objectLock: z
      .strictObject({
        mode: z.enum(['COMPLIANCE', 'GOVERNANCE']).default('COMPLIANCE').describe('COMPLIANCE: nobody, root included, can delete a record before its retention date.'),
        retainDays: z.number().int().min(1).max(36_500).describe('Days each record is retained; cover your audit period plus the auditor’s look-back (400 is common).'),
      })
      .optional()
      .describe('Object Lock retention applied to every record and seal.'),
  })
  .describe('Amazon S3 (or compatible) with write-once keys and optional Object Lock.');

export const EvidenceConfig = z.discriminatedUnion('store', [FilesystemEvidence, S3Evidence]).describe('Where evidence is archived.');

export const SourcesConfig = z
  .strictObject({
    github: z
      .strictObject({
        org: z.string().min(1).describe('The GitHub organization login.'),
        complianceRepo: z.string().min(1).default('compliance').describe('Repository where findings become issues.'),
        apiUrl: z.url().optional().describe('GitHub Enterprise Server API URL; leave unset for github.com.'),
      })
      .optional(),
    okta: z
      .strictObject({
        orgUrl: z
          .url({ protocol: /^https?$/, error: 'expected the Okta org URL, such as https://acme.okta.com' })
          // http only to a server on this machine (a local test double), never across a network.
          .refine((url) => url.startsWith('https://') || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:\d+)?(\/|$)/.test(url), 'expected an https:// Okta org URL, such as https://acme.okta.com')
          .describe('The Okta org URL.'),
        tokenEnv: envName.default('OKTA_TOKEN').describe('Environment variable holding the API token (read-only, unless remediation acts).'),
        fullScanHours: z
          .number()
          .int()
          .positive()
          .default(24)
          .describe('Hours between full reads of every user; runs in between read the System Log and re-read only the users it names.'),
      })
      .optional(),
    aws: z
      .strictObject({
        regions: z.array(z.string().regex(awsRegion, 'expected an AWS region such as us-east-1')).min(1).describe('Regions in scope; Config must record in each.'),
        accountIds: z.array(z.string().regex(/^\d{12}$/, 'expected a 12-digit AWS account id')).optional().describe('Accounts in scope when reading through an aggregator.'),
        aggregator: z
          .strictObject({ name: z.string().min(1), region: z.string().regex(awsRegion, 'expected an AWS region such as us-east-1') })
          .optional()
          .describe('An AWS Config aggregator to read many accounts and regions at once.'),
      })
      .optional(),
  })
  .describe('The systems Evident reads. A control runs only when its source is configured.');

/** The per-control block: `enabled`, `severity`, and the control's own parameters. */
export function controlSettingsSchema(control: Control) {
  for (const reserved of ['enabled', 'severity']) {
    if (reserved in control.params.shape) throw new Error(`control ${control.id} may not name a parameter "${reserved}"`);
  }
  return z
    .strictObject({
      enabled: z.boolean().default(true).describe('Set false to stop running this control (the change itself is visible in Git history).'),
      severity: Severity.optional().describe(`Overrides the default severity (${control.severity}).`),
      ...control.params.shape,
    })
    .describe(`${control.title}.`);
}

export const ControlsConfig = z
  .strictObject(Object.fromEntries(catalog.map((control) => [control.id, controlSettingsSchema(control).optional()])))
  .describe('Per-control settings, keyed by control id.');

const hours = (fallback: number) => z.number().int().positive().default(fallback);

export const TriageConfig = z
  .strictObject({
    sla: z
      .strictObject({ critical: hours(24), high: hours(72), medium: hours(168), low: hours(720) })
      .default({ critical: 24, high: 72, medium: 168, low: 720 })
      .describe('Hours to remediate a finding, per severity.'),
    openai: z
      .strictObject({
        model: z.string().min(1).default('gpt-4o'),
        baseURL: z.url().optional().describe('An OpenAI-compatible endpoint.'),
        apiKeyEnv: envName.default('OPENAI_API_KEY'),
      })
      .optional()
      .describe('Optional AI triage; rules always set the floor.'),
  })
  .describe('How findings are prioritized.');

export const AlertsConfig = z
  .strictObject({
    pagerduty: z
      .strictObject({
        severities: z.array(Severity).default(['critical']).describe('Findings of these severities open a PagerDuty incident, resolved when the control passes.'),
        routingKeyEnv: envName.default('PAGERDUTY_ROUTING_KEY'),
        region: z
          .enum(['us', 'eu'])
          .default('us')
          .describe('Your PagerDuty account\'s service region: `eu` (an app.eu.pagerduty.com account) sends events to events.eu.pagerduty.com.'),
      })
      .optional(),
    slack: z
      .strictObject({
        severities: z.array(Severity).default(['critical', 'high']).describe('Findings of these severities are announced when they open, reopen or close.'),
        webhookUrlEnv: envName.default('SLACK_WEBHOOK_URL'),
        summary: z.boolean().default(false).describe('Also post a summary of every scheduled run (counts, new and closed findings).'),
      })
      .optional(),
  })
  .describe('Where new findings are announced.');

export const RemediationConfig = z
  .strictObject({
    'okta-inactive-users': z
      .strictObject({
        mode: z.enum(['dry-run', 'suspend', 'deactivate']).default('dry-run').describe('dry-run only reports what it would do.'),
        afterDays: z.number().int().positive().default(120),
        maxUsers: z.number().int().positive().default(10).describe('Abort the whole batch when more users would be changed.'),
        maxPercent: z.number().positive().max(100).default(5).describe('Abort when more than this share of users would be changed.'),
        exempt: z
          .strictObject({ users: z.array(z.string()).default([]), groups: z.array(z.string()).default([]) })
          .default({ users: [], groups: [] }),
      })
      .optional(),
  })
  .describe('Automatic fixes; each is opt-in and dry-run by default.');

export const SecretsConfig = z
  .strictObject({
    fingerprintKeyEnv: envName
      .default('EVIDENT_FINGERPRINT_KEY')
      .describe('Environment variable holding the key of the HMAC that fingerprints found secrets: stable across runs, not reversible without the key.'),
    maxFileBytes: z.number().int().positive().default(1024 * 1024).describe('Files (or a diff\'s added text per file) larger than this are reported as not scanned.'),
  })
  .describe('The secret scanner behind pr-no-secrets and `evident scan`.');

export const AppConfig = z
  .strictObject({
    checkName: z.string().min(1).max(100).default('Evident / change management').describe('The check run branch protection can require.'),
    mode: z
      .enum(['enforce', 'advisory'])
      .default('enforce')
      .describe('enforce: a failing pull request gets a failing check; advisory: a neutral check that says what failed.'),
    repositories: z
      .strictObject({
        include: z.array(z.string().min(1)).default(['*']).describe('Repositories the app checks: names or owner/name, `*` as a wildcard.'),
        exclude: z.array(z.string().min(1)).default([]).describe('Repositories it leaves alone, even when included.'),
      })
      .default({ include: ['*'], exclude: [] }),
  })
  .describe('The GitHub App that checks every pull request.');

export const ScheduleConfig = z
  .strictObject({
    everyHours: z
      .number()
      .int()
      .positive()
      .max(168)
      .default(1)
      .describe('Hours between scheduled runs, as set by the workflow’s cron. A longer silence in the evidence is reported as a gap in the monthly report, the dashboard and the audit package.'),
  })
  .describe('How often the scheduled Action runs.');

export const ComplianceConfig = z
  .strictObject({
    $schema: z.string().optional().describe('Editor hint; ignored by Evident.'),
    version: z.literal(1).describe('The compliance.yml format version.'),
    organization: z.string().min(1).describe('Your organization’s name, as it appears in reports.'),
    evidence: EvidenceConfig.default({ store: 'filesystem', path: 'evidence' }),
    sources: SourcesConfig.default({}),
    controls: ControlsConfig.default({}),
    triage: TriageConfig.default({ sla: { critical: 24, high: 72, medium: 168, low: 720 } }),
    alerts: AlertsConfig.default({}),
    remediation: RemediationConfig.default({}),
    secrets: SecretsConfig.default({ fingerprintKeyEnv: 'EVIDENT_FINGERPRINT_KEY', maxFileBytes: 1024 * 1024 }),
    app: AppConfig.default({ checkName: 'Evident / change management', mode: 'enforce', repositories: { include: ['*'], exclude: [] } }),
    schedule: ScheduleConfig.default({ everyHours: 1 }),
  })
  .describe('Evident compliance configuration (compliance.yml).');

export type ComplianceConfig = z.infer<typeof ComplianceConfig>;
export type EvidenceConfig = z.infer<typeof EvidenceConfig>;
