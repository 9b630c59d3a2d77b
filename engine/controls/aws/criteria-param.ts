/**
 * Criterion identifiers in control parameters (`rules: { restricted-ssh: [CC6.6, A.8.20] }`),
 * checked against the frameworks so a typo fails validation instead of mapping a rule to nothing.
 */
import { z } from 'zod';
import { resolveCriterion } from '../../frameworks/index.ts';
import type { Criteria } from '../../model.ts';

/** A SOC 2 or ISO/IEC 27001 criterion id as users write it; ISO 27001:2013 aliases are accepted. */
export const CriterionId = z.string().refine((id) => resolveCriterion(id) !== undefined, {
  error: (issue) =>
    `unknown criterion "${String(issue.input)}": ids look like CC6.1 (SOC 2) or A.8.20 (ISO/IEC 27001:2022)`,
});

/** The current criteria the ids resolve to, per framework, without duplicates; unknown ids are dropped. */
export function resolveCriteria(ids: readonly string[]): Criteria {
  const criteria: Criteria = { soc2: [], iso27001: [] };
  for (const id of ids) {
    const resolved = resolveCriterion(id);
    if (resolved === undefined) continue;
    for (const current of resolved.ids) {
      if (!criteria[resolved.framework].includes(current)) criteria[resolved.framework].push(current);
    }
  }
  return criteria;
}
