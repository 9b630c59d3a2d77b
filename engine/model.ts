/**
 * The shapes every part of Evident agrees on: what a control test produces (Outcome, Result),
 * what becomes a GitHub issue (Finding), and what lands in the evidence archive (EvidenceRecord).
 *
 * These are zod schemas so that anything read back from disk, S3 or a snapshot directory is
 * validated before it is trusted; the TypeScript types come from `z.infer`.
 */
import { z } from 'zod';

/** `error` never counts as compliant and never closes an issue; `skipped` means not applicable. */
export const Status = z.enum(['pass', 'fail', 'error', 'skipped']);
export type Status = z.infer<typeof Status>;

export const Severity = z.enum(['critical', 'high', 'medium', 'low']);
export type Severity = z.infer<typeof Severity>;

/** Where a control's data comes from; each has its own snapshot schema in engine/snapshots/. */
export const SourceId = z.enum(['github-pull-request', 'github-org', 'okta', 'aws']);
export type SourceId = z.infer<typeof SourceId>;

/** The evidence archive's top-level areas (DESIGN.md, Evidence). */
export const EvidenceArea = z.enum(['access-control', 'change-management', 'infrastructure-security', 'data-protection']);
export type EvidenceArea = z.infer<typeof EvidenceArea>;

const isoDateTime = z.iso.datetime({ offset: true });

/** How much of one part of a source (Okta users, AWS security groups, …) the collector managed to read. */
export const SnapshotPart = z.strictObject({
  /** false when any page, region or item of this part could not be read. */
  complete: z.boolean(),
  /** How many items were read. */
  count: z.number().int().nonnegative(),
  /** Pages or API calls it took, when the collector counts them. */
  pages: z.number().int().nonnegative().optional(),
  /** Why the part is incomplete: the status code, the timeout, the page that failed. */
  error: z.string().optional(),
});
export type SnapshotPart = z.infer<typeof SnapshotPart>;

/**
 * What a collector hands to evaluation: the data plus how it was obtained and how complete it is.
 * `data` is validated against the source's own schema before any control sees it.
 */
export const Snapshot = z.strictObject({
  source: SourceId,
  /** The thing described: `acme.okta.com`, `aws:123456789012`, `github:acme`, `github:acme/api#42`. */
  scope: z.string().min(1),
  /** The moment the snapshot describes; becomes the results' `effectiveAt`. */
  collectedAt: isoDateTime,
  collector: z.strictObject({
    name: z.string(),
    version: z.string().optional(),
    /** The inputs that shaped the collection (regions, org URL, filters): part of the evidence. */
    parameters: z.record(z.string(), z.unknown()).default({}),
    apiCalls: z.number().int().nonnegative().optional(),
  }),
  parts: z.record(z.string(), SnapshotPart),
  data: z.unknown(),
});
export type Snapshot = z.infer<typeof Snapshot>;

/** The test of one resource: a user, a bucket, a pull request. */
export const Outcome = z.strictObject({
  status: Status,
  /** A stable identifier of the resource (user id, bucket name, `acme/api#42`). */
  resource: z.string().min(1),
  /** One sentence naming the resource and the values compared. */
  message: z.string().min(1),
  /** The structured values behind the sentence. */
  details: z.record(z.string(), z.unknown()).optional(),
});
export type Outcome = z.infer<typeof Outcome>;

export const OutcomeCounts = z.strictObject({
  pass: z.number().int().nonnegative(),
  fail: z.number().int().nonnegative(),
  error: z.number().int().nonnegative(),
  skipped: z.number().int().nonnegative(),
});
export type OutcomeCounts = z.infer<typeof OutcomeCounts>;

export const Completeness = z.strictObject({
  /** true only when every part the control needs was read in full. */
  complete: z.boolean(),
  /** The parts the control needs, as the collector reported them. */
  parts: z.record(z.string(), SnapshotPart),
  /** Sentences saying what could not be read. */
  missing: z.array(z.string()),
});
export type Completeness = z.infer<typeof Completeness>;

export const Criteria = z.strictObject({
  soc2: z.array(z.string()),
  iso27001: z.array(z.string()),
});
export type Criteria = z.infer<typeof Criteria>;

/** One control tested on one scope at one moment. */
export const Result = z.strictObject({
  controlId: z.string(),
  title: z.string(),
  source: SourceId,
  scope: z.string(),
  status: Status,
  severity: Severity,
  /** One sentence for tables and issue titles: "3 of 42 active users have no MFA factor". */
  summary: z.string(),
  outcomes: z.array(Outcome),
  counts: OutcomeCounts,
  /** How many resources were tested. */
  population: z.number().int().nonnegative(),
  completeness: Completeness,
  /** The moment the result describes (the snapshot's collection time). */
  effectiveAt: isoDateTime,
  /** The parameters the control ran with, after defaults. */
  params: z.record(z.string(), z.unknown()),
  /** Why the result is `error` or `skipped`. */
  reason: z.string().optional(),
});
export type Result = z.infer<typeof Result>;

/** A failed result as the issue tracker sees it: one per control and scope, found again by its fingerprint. */
export const Finding = z.strictObject({
  fingerprint: z.string().regex(/^[0-9a-f]{24}$/),
  controlId: z.string(),
  title: z.string(),
  scope: z.string(),
  severity: Severity,
  criteria: Criteria,
  summary: z.string(),
  source: SourceId,
  /** How many resources were tested; triage weighs the failing share. */
  population: z.number().int().nonnegative(),
  /** Only the failing outcomes. */
  failing: z.array(Outcome).min(1),
  effectiveAt: isoDateTime,
  /** Keys of the evidence records that show the failure. */
  evidence: z.array(z.string()),
});
export type Finding = z.infer<typeof Finding>;

/** The model's answer to a triage request, as the structured output it must match (zod-validated before use). */
export const ModelTriage = z.strictObject({
  severity: Severity,
  remediation_steps: z.array(z.string().min(1).max(500)).max(8),
  sla_hours: z.number().int().positive(),
  needs_manual_approval: z.boolean(),
  rationale: z.string().min(1).max(2000),
});
export type ModelTriage = z.infer<typeof ModelTriage>;

/**
 * What triage decided about a finding, and who decided it. The rules always set the floor; a model,
 * when one is configured and answers well, may raise the severity and suggest remediation steps,
 * never lower it.
 */
export const TriageDecision = z.strictObject({
  fingerprint: z.string(),
  /** SHA-256 of the (pseudonymized) triage input: an unchanged finding keeps its decision. */
  inputHash: z.string().regex(/^[0-9a-f]{64}$/),
  /** The severity the issue carries: the rules' floor, raised by the model when it did. */
  severity: Severity,
  /** Hours to remediate, from the policy table for `severity` (a model may only shorten it). */
  slaHours: z.number().int().positive(),
  decidedBy: z.enum(['rules', 'ai']),
  /** The rules' severity; the reasons say why (the control's default, raised by context). */
  floor: Severity,
  ruleReasons: z.array(z.string()),
  /** The model's validated answer, when one was used. */
  model: z.strictObject({ name: z.string(), answer: ModelTriage }).optional(),
  /** Why the rules decided alone: no API key, timeout, refusal, bad output… */
  fallbackReason: z.string().optional(),
  decidedAt: isoDateTime,
});
export type TriageDecision = z.infer<typeof TriageDecision>;

export const RECORD_SCHEMA = 'https://evident.dev/schemas/evidence-record/v1';

const RecordControl = z.strictObject({
  id: z.string(),
  title: z.string(),
  severity: Severity,
  criteria: Criteria,
});

/** The record of one result (kind `control-result`). */
export const ResultRecord = z.strictObject({
  schema: z.literal(RECORD_SCHEMA),
  kind: z.literal('control-result'),
  area: EvidenceArea,
  organization: z.string(),
  evidentVersion: z.string(),
  /** When the record was written; not part of the content hash (see above). */
  recordedAt: isoDateTime,
  /** The moment the record describes. */
  effectiveAt: isoDateTime,
  control: RecordControl,
  collector: z.strictObject({
    name: z.string(),
    version: z.string().optional(),
    source: SourceId,
    scope: z.string(),
    collectedAt: isoDateTime,
    parameters: z.record(z.string(), z.unknown()),
    parts: z.record(z.string(), SnapshotPart),
    apiCalls: z.number().int().nonnegative().optional(),
  }),
  result: Result,
});
export type ResultRecord = z.infer<typeof ResultRecord>;

/**
 * The record of one triage decision (kind `triage-decision`): what was sent to a model after
 * pseudonymization (nothing, when the rules decided alone), and what was decided, by whom.
 */
export const TriageRecord = z.strictObject({
  schema: z.literal(RECORD_SCHEMA),
  kind: z.literal('triage-decision'),
  area: EvidenceArea,
  organization: z.string(),
  evidentVersion: z.string(),
  recordedAt: isoDateTime,
  effectiveAt: isoDateTime,
  control: RecordControl,
  finding: z.strictObject({ fingerprint: z.string(), scope: z.string(), summary: z.string(), failing: z.number().int().nonnegative() }),
  /** The pseudonymized input a model saw, or would have seen; never personal data or secrets. */
  input: z.unknown(),
  decision: TriageDecision,
});
export type TriageRecord = z.infer<typeof TriageRecord>;

/**
 * One immutable evidence file. Everything but `recordedAt` is its content: the SHA-256 of the
 * canonical JSON of the content is in the file's key, so the same record written twice (a retry,
 * a redelivered webhook) lands on the same key and is not written again.
 */
/**
 * A collector's snapshot, kept so the next run can read only what changed (kind `snapshot`): a full
 * one, or a delta (`base` names the full snapshot it applies to; the data then holds only what
 * changed, in the source's delta shape). A snapshot is evidence of what was read, too.
 */
export const SnapshotRecord = z.strictObject({
  schema: z.literal(RECORD_SCHEMA),
  kind: z.literal('snapshot'),
  area: EvidenceArea,
  organization: z.string(),
  evidentVersion: z.string(),
  recordedAt: isoDateTime,
  effectiveAt: isoDateTime,
  source: SourceId,
  scope: z.string(),
  full: z.boolean(),
  base: z.string().optional(),
  snapshot: Snapshot,
});
export type SnapshotRecord = z.infer<typeof SnapshotRecord>;

/** Auto-remediation (kind `remediation`): the plan of a batch, and each change before and after it. */
/** A user as the remediation saw it: from the snapshot for the plan, re-read from Okta before and after a change. */
export const ObservedUser = z.strictObject({
  id: z.string(),
  login: z.string(),
  status: z.string(),
  lastLogin: isoDateTime.nullable(),
  /** lastLogin, else activated, else created: what inactivity is measured from. */
  since: isoDateTime,
  inactiveDays: z.number().int(),
  adminRoles: z.array(z.string()),
  groups: z.array(z.string()),
});
export type ObservedUser = z.infer<typeof ObservedUser>;

export const RemediationAction = z.enum(['suspend', 'deactivate']);
export type RemediationAction = z.infer<typeof RemediationAction>;

export const RemediationRecord = z.strictObject({
  schema: z.literal(RECORD_SCHEMA),
  kind: z.literal('remediation'),
  area: EvidenceArea,
  organization: z.string(),
  evidentVersion: z.string(),
  recordedAt: isoDateTime,
  effectiveAt: isoDateTime,
  remediation: z.strictObject({
    /** `okta-inactive-users`: the key under `remediation` in compliance.yml. */
    id: z.string(),
    controlId: z.string(),
    mode: z.enum(['dry-run', 'suspend', 'deactivate']),
    runId: z.string().regex(/^[0-9a-f]{16}$/),
    /** The finding whose issue records the fix. */
    fingerprint: z.string(),
    issue: z.number().int().positive().optional(),
  }),
  source: SourceId,
  scope: z.string(),
  /** The snapshot the batch was chosen from. */
  snapshotCollectedAt: isoDateTime,
  /** `skip`: a candidate left alone when read again just before the change (signed in, status or roles changed). */
  phase: z.enum(['plan', 'before', 'after', 'skip']),
  /** phase `plan`: the batch, the caps and what was decided. */
  plan: z
    .strictObject({
      afterDays: z.number().int().positive(),
      maxUsers: z.number().int().positive(),
      maxPercent: z.number().positive(),
      /** ACTIVE users in the snapshot: the base of `maxPercent`. */
      population: z.number().int().nonnegative(),
      candidates: z.array(ObservedUser),
      /** Inactive users left alone because they are admins or exempt, by reason. */
      excluded: z.array(z.strictObject({ id: z.string(), login: z.string(), reason: z.string() })),
      /** Why nobody was changed, when the batch broke a cap or the snapshot could not be trusted. */
      aborted: z.string().optional(),
    })
    .optional(),
  /** phases `before`, `after` and `skip`: one user and one change (made, or not made and why). */
  change: z
    .strictObject({
      action: RemediationAction,
      user: ObservedUser.nullable(),
      /** `after`: done, or failed with the reason; `skip`: skipped, with `reason`. */
      outcome: z.enum(['done', 'failed', 'skipped']).optional(),
      error: z.string().optional(),
      /** `skip` only: why the user was left alone. */
      reason: z.string().optional(),
    })
    .optional(),
});
export type RemediationRecord = z.infer<typeof RemediationRecord>;

export const EvidenceRecord = z.discriminatedUnion('kind', [ResultRecord, TriageRecord, SnapshotRecord, RemediationRecord]);
export type EvidenceRecord = z.infer<typeof EvidenceRecord>;

/**
 * A source's snapshot data schema and the parts a collector reports completeness for.
 * Declared once per source in engine/snapshots/.
 */
export interface SourceSpec<Data extends z.ZodType = z.ZodType> {
  id: SourceId;
  title: string;
  /** Named parts of the data whose completeness the collector reports (`users`, `factors`, …). */
  parts: readonly string[];
  data: Data;
}

/** A control as the engine uses it; written with `defineControl` (engine/controls/define-control.ts). */
export interface Control {
  /** Equal to the file name: `okta-mfa-enrolled`. */
  id: string;
  title: string;
  source: SourceSpec;
  /** The parts of the source the control reads; any of them incomplete makes the result `error`. */
  needs: readonly string[];
  area: EvidenceArea;
  /** Default severity; configuration may change it per control. */
  severity: Severity;
  /** Why it matters, in a sentence or two an auditor and an engineer both understand. */
  risk: string;
  /** The remediation checklist, one `- [ ]` item per entry. */
  remediation: readonly string[];
  /** How the summary counts resources: "3 of 42 active users without an MFA factor". */
  summary: { noun: readonly [singular: string, plural: string]; failing: string };
  /** The control's parameters with their defaults; configuration sets them under `controls.<id>`. */
  params: z.ZodObject;
  /** Pure and synchronous: no I/O, no clock but `now`. */
  evaluate(data: unknown, params: Record<string, unknown>, now: Date): Outcome[];
}
