/**
 * Canonical JSON: object keys sorted, no insignificant whitespace, so the same value always has the
 * same bytes and therefore the same SHA-256 (the idea of RFC 8785, for the plain JSON Evident writes:
 * strings, finite numbers, booleans, null, arrays and objects).
 */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(sortKeys(value));
}

/** The same ordering, indented for people who open the file; parsing it back gives the same value. */
export function prettyCanonicalJson(value: unknown): string {
  return `${JSON.stringify(sortKeys(value), null, 2)}\n`;
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) {
      const child = (value as Record<string, unknown>)[key];
      if (child !== undefined) out[key] = sortKeys(child);
    }
    return out;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) throw new Error(`cannot write ${value} into evidence`);
  return value;
}
