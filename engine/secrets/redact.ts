/**
 * What Evident may show of a secret: at most its first 4 characters, and never more than a quarter
 * of it, followed by `…`. A short password keeps 2 characters; an AWS key id keeps `AKIA`.
 */
export function redactSecret(secret: string): string {
  const chars = [...secret];
  const keep = Math.min(4, Math.floor(chars.length / 4));
  return `${chars.slice(0, keep).join('')}…`;
}
