/**
 * Text people wrote (a pull request title, a branch name, a tag, a resource name) that reads like
 * instructions to a model. The fence (pseudonymize.ts) tells the model such text is data, but a
 * fence is advice a model may not follow: an attacker who can open a pull request could word a
 * title to push the severity up (and page someone) or down. So a finding whose fenced text reads
 * like instructions is not sent at all; the rules decide alone, and the issue says why.
 *
 * The patterns aim at text addressed to a model or to the triage itself (OWASP LLM01, prompt
 * injection: https://genai.owasp.org/llmrisk/llm01-prompt-injection/), not at ordinary words: a
 * pull request titled "Raise the log level" is still sent. A false positive only costs the model's
 * opinion on that finding; the rules' floor applies either way.
 */
import { FENCE_CLOSE, FENCE_OPEN, type TriageInput } from './pseudonymize.ts';

const LEVEL = '(?:critical|high|medium|low|informational|info|none|p[0-4])';

const PATTERNS: readonly { what: string; pattern: RegExp }[] = [
  {
    what: 'an instruction to ignore or replace instructions',
    pattern: /\b(?:ignore|disregard|forget|override|bypass)\b.{0,40}\b(?:instructions?|prompts?|directions|directives|system message|(?:the |everything |all of the )above|(?:previous|prior|above|earlier|preceding) (?:text|context|content|messages?))\b/iu,
  },
  { what: 'new instructions', pattern: /\b(?:new|updated|real|actual|additional|hidden)\s+(?:instructions?|directives?|system prompt)\b/iu },
  {
    what: 'a role or prompt marker',
    pattern: /(?:^|[\s"'([{<|])(?:system|assistant|developer)\s*(?:prompt|message)?\s*:|<\|?im_(?:start|end|sep)\|?>|\[\/?INST\]|<<\/?SYS>>|<\/?(?:system|instructions?|prompt)>/iu,
  },
  { what: "a field of the model's answer", pattern: /["'`]?\b(?:severity|sla_hours|needs_manual_approval|remediation_steps|rationale)\b["'`]?\s*[:=]/iu },
  {
    what: 'a severity or SLA to set',
    pattern: new RegExp(`\\b(?:severity|sla|priority|risk)\\b\\s*(?:(?:level\\s*)?(?:to|as|=|:|is|should be|must be|must remain|stays?)\\s*)?["'\`]?${LEVEL}\\b`, 'iu'),
  },
  {
    what: 'words addressed to a model',
    pattern: /\b(?:you are (?:now |an? |the )|you must\b|act as\b|pretend (?:to be|you)|as an ai\b|(?:dear|hey|hi|attention|note (?:to|for)(?: the)?) (?:ai|model|assistant|llm|gpt|chatgpt|claude|triage|reviewer bot|evident)\b|(?:ai|llm|model|assistant)s?\s*(?:reading|processing) this)/iu,
  },
];

const FENCED = new RegExp(`${escape(FENCE_OPEN)} ([\\s\\S]*?) ${escape(FENCE_CLOSE)}`, 'g');

export interface InstructionLikeText {
  /** Where it was found: the facts' keys (`title`, `branch`, `sensitiveTag.value`), `resource` or `summary`. */
  fields: string[];
  /** Which patterns matched, in words. */
  what: string[];
}

/** Fenced text in the model's input that reads like instructions, or undefined when none does. */
export function instructionLikeText(input: TriageInput): InstructionLikeText | undefined {
  const fields = new Set<string>();
  const what = new Set<string>();
  const visit = (value: unknown, path: string) => {
    if (typeof value === 'string') {
      for (const match of value.matchAll(FENCED)) {
        // NFKC: fullwidth and other compatibility letters ("ｉｇｎｏｒｅ") read as the ASCII they imitate.
        const text = (match[1] ?? '').normalize('NFKC');
        for (const { what: kind, pattern } of PATTERNS) {
          if (!pattern.test(text)) continue;
          fields.add(path);
          what.add(kind);
        }
      }
    } else if (Array.isArray(value)) {
      for (const item of value) visit(item, path);
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) visit(item, path === '' || path === 'facts' ? key : `${path}.${key}`);
    }
  };
  // `notice` is Evident's own sentence about the fence; everything else may hold fenced text.
  const { notice: _notice, failing, ...rest } = input;
  visit(rest, '');
  for (const item of failing) {
    visit(item.resource, 'resource');
    visit(item.facts, 'facts');
  }
  return fields.size === 0 ? undefined : { fields: [...fields].sort(), what: [...what] };
}

/** The decision's fallback reason: names the fields, never quotes them (the issue would repeat the attack). */
export function instructionLikeReason(found: InstructionLikeText): string {
  return `text people wrote in the finding (${found.fields.join(', ')}) reads like instructions to a model (${found.what.join('; ')}), so no model was asked and the rules decide alone`;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\<>]/g, '\\$&');
}
