import type { z } from 'zod';
import type { Control, EvidenceArea, Outcome, Severity, SourceSpec } from '../model.ts';

/** A control as its author writes it: typed against its source's data and its own parameters. */
export interface ControlDefinition<Data extends z.ZodType, Params extends z.ZodObject> {
  id: string;
  title: string;
  source: SourceSpec<Data>;
  needs: readonly string[];
  area: EvidenceArea;
  severity: Severity;
  risk: string;
  remediation: readonly string[];
  summary: { noun: readonly [singular: string, plural: string]; failing: string };
  params: Params;
  evaluate(data: z.output<Data>, params: z.output<Params>, now: Date): Outcome[];
}

/**
 * Declares a control (STYLE.md 1). The declaration holds the prose for people (risk, remediation)
 * next to the test itself; the framework mappings live in engine/frameworks/ and point at the id.
 */
export function defineControl<Data extends z.ZodType, Params extends z.ZodObject>(
  definition: ControlDefinition<Data, Params>,
): Control {
  for (const part of definition.needs) {
    if (!definition.source.parts.includes(part)) {
      throw new Error(`control ${definition.id} needs part "${part}", which source ${definition.source.id} does not report`);
    }
  }
  return {
    ...definition,
    // The engine validates data and params against these very schemas before calling evaluate.
    evaluate: (data, params, now) =>
      definition.evaluate(data as z.output<Data>, params as z.output<Params>, now),
  };
}
