/**
 * Reading GitHub lists and single resources for the organization collector, with failures kept as
 * part errors that name the status, GitHub's message and the request, never turned into empty lists.
 */
import type { GitHubClient } from '../issues/github-client.ts';

/** GitHub's largest page (https://docs.github.com/en/rest/using-the-rest-api/using-pagination-in-the-rest-api). */
export const PER_PAGE = 100;

interface RequestFailure {
  status?: number;
  message?: string;
  request?: { method?: string; url?: string; request?: { retryCount?: number } };
}

/** HTTP status of a failed call, or undefined for a network error or a bug. */
export function statusOf(error: unknown): number | undefined {
  const status = (error as RequestFailure | undefined)?.status;
  return typeof status === 'number' ? status : undefined;
}

/** GitHub's message without the documentation link octokit appends. */
export function messageOf(error: unknown): string {
  const message = (error as RequestFailure | undefined)?.message ?? String(error);
  return message.replace(/ - https?:\/\/\S+$/, '');
}

/** `403 Only owners can use this filter. on GET /orgs/acme/members?filter=2fa_disabled&per_page=100`. */
export function describeFailure(error: unknown): string {
  const failure = error as RequestFailure | undefined;
  const status = statusOf(error);
  const request = failure?.request;
  let where = '';
  if (request?.url !== undefined) {
    let path = request.url;
    try {
      const url = new URL(request.url);
      path = decodeURIComponent(`${url.pathname}${url.search}`);
    } catch {
      // Not a URL: keep it as it is.
    }
    where = ` on ${request.method ?? 'GET'} ${path}`;
  }
  // octokit's retry plugin retries server errors only; it leaves `retryCount` set on others too.
  const retries = status !== undefined && status >= 500 ? (request?.request?.retryCount ?? 0) : 0;
  const after = retries > 0 ? ` after ${retries} ${retries === 1 ? 'retry' : 'retries'}` : '';
  return `${status === undefined ? '' : `${status} `}${messageOf(error)}${where}${after}`;
}

export interface PagesRead<T> {
  items: T[];
  pages: number;
  /** Why reading stopped before the last page; the items read until then are kept. */
  error?: string;
}

/**
 * Every page of a list, 100 at a time, following GitHub's Link headers. A page that fails ends the
 * read with the items so far and the reason: the caller decides what a partial list means.
 */
export async function readPages<T>(client: GitHubClient, route: string, parameters: Record<string, unknown>): Promise<PagesRead<T>> {
  const items: T[] = [];
  let pages = 0;
  const iterate = client.paginate.iterator as unknown as (route: string, parameters: Record<string, unknown>) => AsyncIterable<{ data: unknown }>;
  try {
    for await (const response of iterate(route, { ...parameters, per_page: PER_PAGE })) {
      pages += 1;
      if (!Array.isArray(response.data)) throw new Error(`${route} did not answer a list`);
      items.push(...(response.data as T[]));
    }
  } catch (error) {
    return { items, pages, error: describeFailure(error) };
  }
  return { items, pages };
}

export type Read<T> = { ok: true; value: T } | { ok: false; error: unknown };

/** One GET, its failure kept as a value. */
export async function readOne<T>(client: GitHubClient, route: string, parameters: Record<string, unknown>): Promise<Read<T>> {
  const request = client.request as unknown as (route: string, parameters: Record<string, unknown>) => Promise<{ data: unknown }>;
  try {
    return { ok: true, value: (await request(route, parameters)).data as T };
  } catch (error) {
    return { ok: false, error };
  }
}
