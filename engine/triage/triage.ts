/**
 * Triage of one finding: the rules set the floor; a model, when configured and when it answers
 * well, may raise the severity, shorten the SLA and suggest remediation steps (DESIGN.md, Triage).
 *
 * An unchanged finding (same input hash) keeps its previous decision, so the hourly run does not
 * ask the model again; the caller keeps that decision in the finding's issue and passes it back.
 */
import OpenAI from 'openai';
import type { ComplianceConfig } from '../config/schema.ts';
import type { Finding } from '../model.ts';
import { maxSeverity, type ModelTriage, type TriageDecision } from './decision.ts';
import { instructionLikeReason, instructionLikeText } from './instruction-like.ts';
import { askModel, MAX_RETRIES } from './openai-triage.ts';
import { pseudonymizeFinding, restoreOriginals } from './pseudonymize.ts';
import { ruleSeverity } from './rules.ts';

export const DEFAULT_TIMEOUT_MS = 20_000;

export interface ModelClient {
  client: OpenAI;
  model: string;
  timeoutMs?: number | undefined;
}

export interface TriageOptions {
  sla: ComplianceConfig['triage']['sla'];
  ai?: ModelClient | undefined;
  /** Why there is no `ai`, as the decision and the issue will say; "no OPENAI_API_KEY" by default. */
  noModelReason?: string | undefined;
  /** The decision kept in the finding's issue since the last run. */
  previous?: TriageDecision | undefined;
  now: Date;
}

export async function triageFinding(finding: Finding, options: TriageOptions): Promise<TriageDecision> {
  const floor = ruleSeverity(finding);
  const { input, mapping, inputHash } = pseudonymizeFinding(finding, { floor, sla: options.sla });
  const noModel = options.noModelReason ?? 'no OPENAI_API_KEY';
  // Text people wrote that reads like instructions to a model keeps the model out of this finding
  // (instruction-like.ts): the fence alone is advice the model may ignore, in either direction.
  const instructions = instructionLikeText(input);
  const injectionReason = instructions === undefined ? undefined : instructionLikeReason(instructions);

  const previous = options.previous;
  if (previous !== undefined && previous.fingerprint === finding.fingerprint && previous.inputHash === inputHash) {
    // A model's answer stands while the input is unchanged. A rules decision made because the model
    // failed (timeout, 5xx) is retried once a model is there; one made for lack of a model, or
    // because the input reads like instructions (the same input, the same verdict), stands.
    if (previous.decidedBy === 'ai' && injectionReason === undefined) return previous;
    if (options.ai === undefined && previous.fallbackReason === noModel) return previous;
    if (options.ai !== undefined && injectionReason !== undefined && previous.fallbackReason === injectionReason) return previous;
  }

  const base = {
    fingerprint: finding.fingerprint,
    inputHash,
    floor: floor.severity,
    ruleReasons: floor.reasons,
    decidedAt: options.now.toISOString(),
  };
  const byRules = (fallbackReason: string): TriageDecision => ({
    ...base,
    severity: floor.severity,
    slaHours: options.sla[floor.severity],
    decidedBy: 'rules',
    fallbackReason,
  });

  if (options.ai === undefined) return byRules(noModel);
  if (injectionReason !== undefined) return byRules(injectionReason);
  const { client, model } = options.ai;
  const answer = await askModel(input, { client, model, timeoutMs: options.ai.timeoutMs ?? DEFAULT_TIMEOUT_MS });
  if ('failure' in answer) return byRules(answer.failure);

  const severity = maxSeverity(floor.severity, answer.severity);
  // The policy table sets the SLA of the final severity; the model may only shorten it. (An SLA
  // outside the policy for the model's own severity never gets here: askModel refuses it.)
  const slaHours = Math.min(answer.sla_hours, options.sla[severity]);
  return { ...base, severity, slaHours, decidedBy: 'ai', model: { name: model, answer: withOriginals(answer, mapping) } };
}

/**
 * The OpenAI client for `triage.openai`, or undefined when AI triage is not configured or its API
 * key variable is unset: the rules then decide alone.
 */
export function createModelClient(
  config: ComplianceConfig['triage']['openai'],
  env: Readonly<Record<string, string | undefined>> = process.env,
): { client: OpenAI; model: string } | undefined {
  if (config === undefined) return undefined;
  const apiKey = env[config.apiKeyEnv]?.trim();
  if (!apiKey) return undefined;
  // maxRetries 1: the SDK retries 408/409/429/5xx once with backoff, never a storm of requests.
  const client = new OpenAI({ apiKey, baseURL: config.baseURL, maxRetries: MAX_RETRIES, timeout: DEFAULT_TIMEOUT_MS });
  return { client, model: config.model };
}

/** Why createModelClient gave no client, for `noModelReason`; undefined when it gives one. */
export function noModelReason(config: ComplianceConfig['triage']['openai'], env: Readonly<Record<string, string | undefined>> = process.env): string | undefined {
  if (config === undefined) return 'AI triage is not configured (triage.openai in compliance.yml)';
  return env[config.apiKeyEnv]?.trim() ? undefined : `no ${config.apiKeyEnv}`;
}

/** The model's text names pseudonyms; the issue names the real resources. Lengths stay within ModelTriage. */
function withOriginals(answer: ModelTriage, mapping: Readonly<Record<string, string>>): ModelTriage {
  const restore = (text: string, max: number) => {
    const restored = restoreOriginals(text, mapping);
    return restored.length > max ? `${restored.slice(0, max - 1)}…` : restored;
  };
  return { ...answer, remediation_steps: answer.remediation_steps.map((step) => restore(step, 500)), rationale: restore(answer.rationale, 2000) };
}
