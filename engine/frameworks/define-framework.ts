/** A criterion of a framework and the Evident controls that test it (mappings point one way: STYLE.md 6). */
export interface Criterion {
  id: string;
  title: string;
  /** Evident control ids; a test fails on an id the catalog does not have. */
  controls: readonly string[];
}

export interface Framework {
  id: 'soc2' | 'iso27001';
  name: string;
  /** Label prefix on GitHub issues: `soc2:CC6.1`, `iso27001:A.8.5`. */
  labelPrefix: string;
  criteria: readonly Criterion[];
  /**
   * Older identifiers accepted in configuration and reports, resolved to current criteria:
   * ISO/IEC 27001:2013 `A.9.4.2` → 2022 `A.8.5`, clause `A.9` → every 2022 control it became.
   */
  aliases: Readonly<Record<string, readonly string[]>>;
}

export function defineFramework(framework: Framework): Framework {
  const ids = new Set<string>();
  for (const criterion of framework.criteria) {
    if (ids.has(criterion.id)) throw new Error(`${framework.id} lists criterion ${criterion.id} twice`);
    ids.add(criterion.id);
  }
  for (const [alias, targets] of Object.entries(framework.aliases)) {
    for (const target of targets) {
      if (!ids.has(target)) throw new Error(`${framework.id} alias ${alias} points at unknown criterion ${target}`);
    }
  }
  return framework;
}
