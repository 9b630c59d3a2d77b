/**
 * The repository patterns of `excludeRepositories`: `acme/*-sandbox`, `*-sandbox`, `acme/api` or `api`.
 *
 * `*` matches any run of characters except `/`, as in GitHub's own fnmatch patterns for rulesets
 * (https://docs.github.com/en/repositories/configuring-branches-and-merges-in-your-repository/managing-rulesets/creating-rulesets-for-a-repository#using-fnmatch-syntax);
 * every other character matches itself. A pattern with a `/` is compared with the full name
 * (`owner/name`), one without with the repository name alone. Comparison ignores case, because
 * GitHub treats owner and repository names case-insensitively.
 */
export function matchesRepositoryPattern(pattern: string, repository: { name: string; fullName: string }): boolean {
  const target = pattern.includes('/') ? repository.fullName : repository.name;
  return patternToRegExp(pattern).test(target);
}

/** The first pattern that matches, to name it in the outcome; undefined when none does. */
export function firstMatchingPattern(
  patterns: readonly string[],
  repository: { name: string; fullName: string },
): string | undefined {
  return patterns.find((pattern) => matchesRepositoryPattern(pattern, repository));
}

function patternToRegExp(pattern: string): RegExp {
  const source = pattern
    .split('*')
    .map((literal) => literal.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'))
    .join('[^/]*');
  return new RegExp(`^${source}$`, 'i');
}
