/**
 * Runs one control on one snapshot and turns its outcomes into a Result.
 *
 * This is where "never a false pass" is enforced: a part of the source the control needs that was
 * not read in full, data that does not match the source's schema, or an exception in the control
 * all give `error` with the reason, whatever the outcomes say.
 */
import type { Control, Outcome, OutcomeCounts, Result, Severity, Snapshot, SnapshotPart } from './model.ts';
import { Outcome as OutcomeSchema } from './model.ts';
import { redactSecretsDeep, redactSecretsInText } from './secrets/redact-text.ts';
import { describeZodError } from './zod-issues.ts';

export interface ControlSettings {
  /** Overrides the control's default severity. */
  severity?: Severity | undefined;
  /** The control's parameters as configured; defaults are applied here. */
  params?: Record<string, unknown> | undefined;
}

export function evaluateControl(control: Control, snapshot: Snapshot, settings: ControlSettings = {}): Result {
  if (snapshot.source !== control.source.id) {
    throw new Error(`control ${control.id} reads ${control.source.id}, not a ${snapshot.source} snapshot`);
  }
  const base = {
    controlId: control.id,
    title: control.title,
    source: control.source.id,
    scope: snapshot.scope,
    severity: settings.severity ?? control.severity,
    effectiveAt: snapshot.collectedAt,
  };
  const completeness = completenessFor(control, snapshot.parts);

  const params = control.params.safeParse(settings.params ?? {});
  if (!params.success) {
    return errorResult(base, completeness, {}, `invalid parameters: ${describeZodError(params.error)}`);
  }
  const data = parseData(control, snapshot);
  if (!data.success) {
    return errorResult(base, completeness, params.data, `the ${control.source.title} snapshot is malformed: ${describeZodError(data.error)}`);
  }

  let outcomes: Outcome[];
  try {
    // The clock is the snapshot's: a result describes the moment its data was collected.
    // What a control quotes from its source (a pull request's title, a rule's annotation) is
    // recorded, issued and prompted as it is: detected secrets are redacted here, once for all.
    outcomes = control.evaluate(data.data, params.data, new Date(snapshot.collectedAt)).map((o) => OutcomeSchema.parse(withoutSecrets(o)));
  } catch (error) {
    return errorResult(base, completeness, params.data, `the control failed to evaluate: ${(error as Error).message}`);
  }

  const counts = countOutcomes(outcomes);
  const population = outcomes.length;
  const [singular, plural] = control.summary.noun;
  const noun = population === 1 ? singular : plural;
  let status: Result['status'];
  let summary: string;
  let reason: string | undefined;
  if (!completeness.complete) {
    status = 'error';
    reason = `incomplete source: ${completeness.missing.join('; ')}`;
    summary = `Could not test all ${plural}: ${completeness.missing.join('; ')}`;
  } else if (counts.fail > 0) {
    status = 'fail';
    // A result about one resource (a pull request) names it rather than counting to one.
    summary = population === 1 ? `${outcomes[0]?.resource} ${control.summary.failing}` : `${counts.fail} of ${population} ${noun} ${control.summary.failing}`;
  } else if (counts.error > 0) {
    status = 'error';
    reason = `${counts.error} of ${population} ${noun} could not be tested`;
    summary = `${reason}`;
  } else if (counts.pass > 0) {
    status = 'pass';
    summary = population === 1 ? `${outcomes[0]?.resource} passes` : `${counts.pass} of ${population} ${noun} pass`;
  } else {
    status = 'skipped';
    reason = population === 0 ? `no ${plural} in scope` : `all ${population} ${noun} exempt or not applicable`;
    summary = reason;
  }
  return {
    ...base,
    status,
    summary,
    outcomes,
    counts,
    population,
    completeness,
    params: params.data,
    ...(reason === undefined ? {} : { reason }),
  };
}

/**
 * The snapshot's data checked against its source's schema, once per snapshot: the controls of one
 * source share the parse (50,000 AWS resources are validated once, not three times).
 */
const parsedData = new WeakMap<Snapshot, ReturnType<Control['source']['data']['safeParse']>>();

function parseData(control: Control, snapshot: Snapshot): ReturnType<Control['source']['data']['safeParse']> {
  const cached = parsedData.get(snapshot);
  if (cached !== undefined) return cached;
  const parsed = control.source.data.safeParse(snapshot.data);
  parsedData.set(snapshot, parsed);
  return parsed;
}

function completenessFor(control: Control, parts: Record<string, SnapshotPart>): Result['completeness'] {
  const needed: Record<string, SnapshotPart> = {};
  const missing: string[] = [];
  for (const name of control.needs) {
    const part = parts[name];
    if (part === undefined) {
      missing.push(`${name} were not collected`);
      continue;
    }
    needed[name] = part;
    if (!part.complete) missing.push(`${name} read only in part (${part.count} read${part.error ? `; ${part.error}` : ''})`);
  }
  return { complete: missing.length === 0, parts: needed, missing };
}

/** The outcome with detected secrets taken out of its sentence and details (secrets/redact-text.ts). */
function withoutSecrets(outcome: Outcome): Outcome {
  const message = redactSecretsInText(outcome.message);
  const details = redactSecretsDeep(outcome.details);
  return message === outcome.message && details === outcome.details ? outcome : { ...outcome, message, ...(details === undefined ? {} : { details }) };
}

function countOutcomes(outcomes: readonly Outcome[]): OutcomeCounts {
  const counts: OutcomeCounts = { pass: 0, fail: 0, error: 0, skipped: 0 };
  for (const outcome of outcomes) counts[outcome.status] += 1;
  return counts;
}

function errorResult(
  base: Pick<Result, 'controlId' | 'title' | 'source' | 'scope' | 'severity' | 'effectiveAt'>,
  completeness: Result['completeness'],
  params: Record<string, unknown>,
  reason: string,
): Result {
  // An exception's message may quote the data it choked on.
  const said = redactSecretsInText(reason);
  return {
    ...base,
    status: 'error',
    summary: `Could not test: ${said}`,
    outcomes: [],
    counts: { pass: 0, fail: 0, error: 0, skipped: 0 },
    population: 0,
    completeness,
    params,
    reason: said,
  };
}
