/**
 * The filter expressions the loopback Okta understands: `attr op "value"` clauses joined by `and`
 * or `or` (no parentheses), with the operators eq, sw, co, gt, ge, lt, le
 * (https://developer.okta.com/docs/api/#filter). An expression it cannot parse is a 400, as Okta
 * answers, so a client that sends a wrong filter fails instead of reading everything.
 */
export type Attribute = (name: string) => string | null | undefined;

const CLAUSE = /^\s*([A-Za-z_.]+)\s+(eq|sw|co|gt|ge|lt|le)\s+"([^"]*)"\s*$/;

export function parseFilter(expression: string): ((attribute: Attribute) => boolean) | undefined {
  const disjuncts = expression.split(/\s+or\s+/);
  const parsed: [string, string, string][][] = [];
  for (const disjunct of disjuncts) {
    const clauses: [string, string, string][] = [];
    for (const clause of disjunct.split(/\s+and\s+/)) {
      const match = CLAUSE.exec(clause);
      if (match === null) return undefined;
      clauses.push([match[1] as string, match[2] as string, match[3] as string]);
    }
    parsed.push(clauses);
  }
  return (attribute) =>
    parsed.some((clauses) =>
      clauses.every(([name, op, value]) => {
        const actual = attribute(name);
        if (actual === null || actual === undefined) return false;
        switch (op) {
          case 'eq':
            return actual === value;
          case 'sw':
            return actual.startsWith(value);
          case 'co':
            return actual.includes(value);
          case 'gt':
            return actual > value;
          case 'ge':
            return actual >= value;
          case 'lt':
            return actual < value;
          default:
            return actual <= value;
        }
      }),
    );
}
