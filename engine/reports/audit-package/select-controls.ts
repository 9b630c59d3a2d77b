/**
 * What `--controls` asks for: Evident control ids (`okta-mfa-enrolled`), criteria (`CC6.1`,
 * `A.8.5`), or ISO/IEC 27001:2013 identifiers (`A.9.4.2`, `A.9`) that resolve to 2022 criteria.
 * A criterion brings in every control mapped to it; the package then reports that criterion.
 */
import { catalog, findControl } from '../../controls/index.ts';
import { ConfigurationError } from '../../errors.ts';
import { frameworks, resolveCriterion, type Framework } from '../../frameworks/index.ts';
import type { Control } from '../../model.ts';

export interface SelectedCriterion {
  framework: Framework['id'];
  id: string;
  title: string;
  /** Mapped controls in the package. */
  controls: string[];
  /** Mapped controls left out by `--controls`: the criterion is then only partly tested here. */
  excluded: string[];
}

export interface ControlSelection {
  /** In catalog order. */
  controls: Control[];
  /** In the frameworks' order. */
  criteria: SelectedCriterion[];
  /** The identifiers as given, or undefined for the whole catalog. */
  requested?: string[];
}

export function selectControls(requested?: readonly string[]): ControlSelection {
  const items = (requested ?? []).map((item) => item.trim()).filter((item) => item !== '');
  if (items.length === 0) return selection(new Set(catalog.map((c) => c.id)), undefined, undefined);
  const controlIds = new Set<string>();
  const named = new Set<string>();
  const problems: string[] = [];
  for (const item of items) {
    const control = findControl(item.toLowerCase());
    if (control !== undefined) {
      controlIds.add(control.id);
      continue;
    }
    const resolved = resolveCriterion(item);
    if (resolved === undefined) {
      problems.push(`${item} is neither an Evident control id nor a SOC 2 or ISO/IEC 27001 criterion; use one of ${catalog.map((c) => c.id).join(', ')}, or a criterion such as CC6.1, A.8.5 or A.9.4.2`);
      continue;
    }
    const framework = frameworks.find((f) => f.id === resolved.framework);
    const tested = (framework?.criteria ?? []).filter((c) => resolved.ids.includes(c.id) && c.controls.length > 0);
    if (tested.length === 0) {
      problems.push(`${item}${resolved.alias === undefined ? '' : ` (now ${resolved.ids.join(', ')})`} is not tested by any Evident control; leave it out, or name a criterion Evident tests, such as CC6.1 or A.8.5`);
      continue;
    }
    for (const criterion of tested) {
      named.add(`${resolved.framework}:${criterion.id}`);
      for (const id of criterion.controls) controlIds.add(id);
    }
  }
  if (problems.length > 0) throw new ConfigurationError('--controls names what Evident does not test:', problems);
  return selection(controlIds, named, items);
}

function selection(controlIds: ReadonlySet<string>, named: ReadonlySet<string> | undefined, requested: string[] | undefined): ControlSelection {
  const controls = catalog.filter((control) => controlIds.has(control.id));
  // Named criteria are reported as asked; a control named by id also brings the criteria it maps to.
  const byId = new Set(requested?.map((item) => item.toLowerCase()).filter((item) => findControl(item) !== undefined));
  const criteria: SelectedCriterion[] = [];
  for (const framework of frameworks) {
    for (const criterion of framework.criteria) {
      const inPackage = criterion.controls.filter((id) => controlIds.has(id));
      if (inPackage.length === 0) continue;
      const wanted = named === undefined || named.has(`${framework.id}:${criterion.id}`) || criterion.controls.some((id) => byId.has(id));
      if (!wanted) continue;
      criteria.push({
        framework: framework.id,
        id: criterion.id,
        title: criterion.title,
        controls: inPackage,
        excluded: criterion.controls.filter((id) => !controlIds.has(id)),
      });
    }
  }
  return { controls, criteria, ...(requested === undefined ? {} : { requested }) };
}
