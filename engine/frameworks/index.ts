import type { Criteria } from '../model.ts';
import type { Framework } from './define-framework.ts';
import { iso27001 } from './iso27001.ts';
import { soc2 } from './soc2.ts';

export type { Criterion, Framework } from './define-framework.ts';
export { iso27001 } from './iso27001.ts';
export { soc2 } from './soc2.ts';

export const frameworks: readonly Framework[] = [soc2, iso27001];

/** The criteria of both frameworks that list a control, in the frameworks' own order. */
export function criteriaFor(controlId: string): Criteria {
  const ids = (framework: Framework) => framework.criteria.filter((c) => c.controls.includes(controlId)).map((c) => c.id);
  return { soc2: ids(soc2), iso27001: ids(iso27001) };
}

export interface ResolvedCriterion {
  framework: Framework['id'];
  /** Current identifiers: one for a current id, possibly several for an old clause. */
  ids: string[];
  /** The identifier as given, when it was an alias. */
  alias?: string;
}

/**
 * Resolves a criterion identifier as users write it (`CC6.1`, `cc6.1`, `A.8.5`, `A.9.4.2`, `A.12`,
 * with or without an `soc2:`/`iso27001:` prefix) to current criteria, or undefined when unknown.
 */
export function resolveCriterion(input: string): ResolvedCriterion | undefined {
  const raw = input.trim().replace(/^(soc2|iso27001|iso):/i, '');
  const id = raw.toUpperCase();
  for (const framework of frameworks) {
    if (framework.criteria.some((c) => c.id === id)) return { framework: framework.id, ids: [id] };
    const targets = framework.aliases[id];
    if (targets !== undefined) return { framework: framework.id, ids: [...targets], alias: id };
  }
  return undefined;
}

export function criterionTitle(framework: Framework['id'], id: string): string | undefined {
  return frameworks.find((f) => f.id === framework)?.criteria.find((c) => c.id === id)?.title;
}
