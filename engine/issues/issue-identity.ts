/**
 * Reading back what render-issue.ts writes: the scope a finding's issue is about (its body's first
 * line, "**title** fails on `scope`: …", else the title's trailing "(scope)") and the control id in
 * its title ("CC6.1 okta-mfa-enrolled: …"). Used when an issue history is exported from issues.
 */
export function scopeOfIssue(body: string, title: string): string {
  const fromBody = /fails on `([^`]+)`/.exec(body)?.[1];
  if (fromBody !== undefined) return fromBody;
  return /\(([^()]+)\)$/.exec(title)?.[1] ?? '';
}

/** `CC6.1 okta-mfa-enrolled: …` → `okta-mfa-enrolled`. */
export function controlOfIssueTitle(title: string): string | undefined {
  return /(?:^|\s)([a-z0-9]+(?:-[a-z0-9]+)+): /.exec(title)?.[1];
}
