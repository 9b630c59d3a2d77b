/**
 * A `fetch` that alters some answers on their way back, as a misbehaving proxy or a truncated
 * response would, for clients that take an injected fetch (octokit, Evident's Okta executor):
 *
 * - `drop-next-link`: the `Link` header loses its `rel="next"` (and `rel="last"`) entry, so a
 *   paginated listing looks as if it ended on that page (RFC 8288; GitHub and Okta page this way:
 *   https://docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api,
 *   https://developer.okta.com/docs/api/#pagination);
 * - `truncate-body`: status 200, but the JSON body cut in half, as a connection dropped mid-answer.
 *
 * The server still sees and logs the request; only the answer changes. Each tamper applies to the
 * next `times` matching answers (default 1), and `applied` lists the URLs it changed, so a test can
 * assert that the fault it set up did happen.
 */

export type Tamper = {
  /** Which answers: tested against the request URL. */
  url: RegExp;
  action: 'drop-next-link' | 'truncate-body';
  times?: number;
};

export interface TamperingFetch {
  fetch: typeof fetch;
  /** URLs whose answers were altered, in order. */
  applied: string[];
}

/** `<a>; rel="next", <b>; rel="last"` without the entries whose rel is in `drop`. */
export function withoutRels(link: string, drop: readonly string[]): string {
  return link
    .split(/,(?=\s*<)/)
    .filter((entry) => {
      const rel = /;\s*rel="([^"]+)"/.exec(entry)?.[1] ?? '';
      return !rel.split(/\s+/).some((name) => drop.includes(name));
    })
    .map((entry) => entry.trim())
    .join(', ');
}

export function tamperingFetch(base: typeof fetch, tampers: Tamper[]): TamperingFetch {
  const pending = tampers.map((tamper) => ({ ...tamper, left: tamper.times ?? 1 }));
  const applied: string[] = [];
  const tampering: typeof fetch = async (input, init) => {
    const url = input instanceof Request ? input.url : String(input);
    const response = await base(input, init);
    const tamper = pending.find((t) => t.left > 0 && t.url.test(url));
    if (tamper === undefined || response.status !== 200) return response;
    tamper.left -= 1;
    applied.push(url);
    const headers = new Headers(response.headers);
    let body = await response.text();
    if (tamper.action === 'drop-next-link') {
      const link = headers.get('link');
      if (link !== null) headers.set('link', withoutRels(link, ['next', 'last']));
    } else {
      body = body.slice(0, Math.floor(body.length / 2));
      headers.delete('content-length');
      headers.delete('etag');
    }
    return new Response(body, { status: response.status, statusText: response.statusText, headers });
  };
  return { fetch: tampering, applied };
}
