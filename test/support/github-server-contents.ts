/**
 * Repository files and the repository itself in the GitHub test server:
 * `GET /repos/{owner}/{repo}` (https://docs.github.com/rest/repos/repos#get-a-repository) and
 * `GET /repos/{owner}/{repo}/contents/{path}` (https://docs.github.com/rest/repos/contents#get-repository-content):
 * base64 JSON with the git blob SHA, a directory listing for a directory, or the bytes as they are
 * with `Accept: application/vnd.github.raw` (what `context.config()` in Probot asks for).
 *
 * Branches are modelled as layers: a ref sees the default branch's files with the files seeded at
 * that ref on top. A pull request's head ref and head SHA are the same layer, as are its base's.
 */
import { createHash } from 'node:crypto';
import { mediaTypeHeaders, wantsMediaType, type Route, type RouteContext } from './github-server-handler.ts';
import type { Urls } from './github-server-json.ts';
import { renderRepository } from './github-server-repo-json.ts';
import { GitHubApiError, notFound, type Repository } from './github-server-store.ts';

export interface StoredFile {
  ref: string;
  path: string;
  text: string;
}

/** Files over 1 MB come without content (https://docs.github.com/rest/repos/contents#size-limits). */
const MAX_INLINE_BYTES = 1024 * 1024;

/** Git's blob id: SHA-1 of `blob <size>\0<bytes>`. */
export const blobSha = (text: string) => {
  const bytes = Buffer.from(text, 'utf8');
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
};

/** GitHub wraps base64 content at 60 characters, each line ending in a newline. */
const wrappedBase64 = (text: string) => (Buffer.from(text, 'utf8').toString('base64').match(/.{1,60}/g) ?? []).map((line) => `${line}\n`).join('');

export function seedFile(repo: Repository, path: string, text: string, ref = repo.defaultBranch): void {
  const clean = path.replace(/^\/+|\/+$/g, '');
  repo.files = repo.files.filter((f) => !(f.ref === ref && f.path === clean));
  repo.files.push({ ref, path: clean, text });
}

/** The names a ref goes by: itself, and a pull request's branch name and SHA for each other. */
function aliases(repo: Repository, ref: string): Set<string> {
  const names = new Set([ref.replace(/^refs\/heads\//, '')]);
  for (const pull of repo.pulls) {
    for (const side of [pull.head, pull.base]) if (names.has(side.ref) || names.has(side.sha)) names.add(side.ref).add(side.sha);
  }
  return names;
}

/** The files visible at a ref, or undefined when GitHub would not know the ref. */
function filesAt(repo: Repository, ref: string): Map<string, string> | undefined {
  const names = aliases(repo, ref);
  const known = names.has(repo.defaultBranch) || names.size > 1 || repo.files.some((f) => names.has(f.ref));
  if (!known) return undefined;
  const files = new Map<string, string>();
  for (const f of repo.files) if (f.ref === repo.defaultBranch) files.set(f.path, f.text);
  for (const f of repo.files) if (f.ref !== repo.defaultBranch && names.has(f.ref)) files.set(f.path, f.text);
  return files;
}

function entry(repo: Repository, urls: Urls, ref: string, path: string, type: 'file' | 'dir', text: string | undefined) {
  const api = `${urls.api}/repos/${repo.owner}/${repo.name}`;
  const encoded = path.split('/').map(encodeURIComponent).join('/');
  const sha = type === 'file' ? blobSha(text ?? '') : createHash('sha1').update(`tree ${ref}:${path}`).digest('hex');
  const url = `${api}/contents/${encoded}?ref=${encodeURIComponent(ref)}`;
  const gitUrl = `${api}/git/${type === 'file' ? 'blobs' : 'trees'}/${sha}`;
  const htmlUrl = `${urls.html}/${repo.owner}/${repo.name}/${type === 'file' ? 'blob' : 'tree'}/${ref}/${encoded}`;
  return {
    type,
    size: type === 'file' ? Buffer.byteLength(text ?? '', 'utf8') : 0,
    name: path.split('/').at(-1) ?? path,
    path,
    sha,
    url,
    git_url: gitUrl,
    html_url: htmlUrl,
    download_url: type === 'file' ? `https://raw.githubusercontent.com/${repo.owner}/${repo.name}/${ref}/${encoded}` : null,
    _links: { self: url, git: gitUrl, html: htmlUrl },
  };
}

function getContent(c: RouteContext) {
  const ref = c.query.get('ref') ?? c.repo.defaultBranch;
  const files = filesAt(c.repo, ref);
  if (files === undefined) throw new GitHubApiError(404, `No commit found for the ref ${ref}`);
  const path = (c.params.path ?? '').replace(/\/+$/, '');
  const text = files.get(path);
  if (text !== undefined) {
    if (wantsMediaType(c.accept, 'raw')) return { status: 200, text, headers: mediaTypeHeaders(c.accept, 'raw') };
    const large = Buffer.byteLength(text, 'utf8') > MAX_INLINE_BYTES;
    return { status: 200, body: { ...entry(c.repo, c.urls, ref, path, 'file', text), content: large ? '' : wrappedBase64(text), encoding: large ? 'none' : 'base64' } };
  }
  const children = new Map<string, 'file' | 'dir'>();
  for (const name of files.keys()) {
    if (!name.startsWith(`${path}/`)) continue;
    const [child = '', ...deeper] = name.slice(path.length + 1).split('/');
    children.set(`${path}/${child}`, deeper.length > 0 ? 'dir' : 'file');
  }
  if (children.size === 0) throw notFound();
  // A directory is listed as JSON, by name, whatever the Accept header.
  const listing = [...children.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([p, type]) => entry(c.repo, c.urls, ref, p, type, files.get(p)));
  return { status: 200, body: listing };
}

export const CONTENT_ROUTES: Route[] = [
  {
    method: 'GET',
    rest: '',
    issueEndpoint: false,
    permission: ['metadata', 'read'],
    handle: (c) => ({ status: 200, body: renderRepository(c.repo, c.urls, true) }),
  },
  {
    method: 'GET',
    rest: '/contents/{path}',
    issueEndpoint: false,
    permission: ['contents', 'read'],
    handle: getContent,
  },
];
