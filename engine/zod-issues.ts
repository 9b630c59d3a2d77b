import type { z } from 'zod';

/** `controls.okta-mfa-enrolled.exemptUsers[2]`: the dotted path people see in messages. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out === '' ? '(top level)' : out;
}

/** One line per issue, path first, capped so a wholly wrong document does not flood a log. */
export function describeZodError(error: z.ZodError, maxIssues = 5): string {
  const lines = error.issues.slice(0, maxIssues).map((issue) => `${formatPath(issue.path)}: ${issue.message}`);
  const more = error.issues.length - maxIssues;
  if (more > 0) lines.push(`… and ${more} more`);
  return lines.join('; ');
}
