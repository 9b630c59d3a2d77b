/**
 * The app reads its configuration from the organization's compliance repository: `compliance.yml`
 * on the default branch, never from the repository a pull request changes (a PR must not be able to
 * loosen its own checks). Kept per installation until a push to that repository changes it.
 * https://docs.github.com/en/rest/repos/contents#get-repository-content
 */
import { parseConfig, formatProblem, type ConfigProblem } from '../config/load-config.ts';
import type { ComplianceConfig } from '../config/schema.ts';
import { MAX_CONFIG_BYTES } from '../config/yaml-guards.ts';
import type { GitHubRequester } from '../collectors/github-pull-request.ts';

export const CONFIG_PATH = 'compliance.yml';

export type LoadedConfig =
  | { ok: true; config: ComplianceConfig; location: string }
  | { ok: false; reason: 'missing' | 'invalid'; problems: string[]; location: string };

export class ConfigCache {
  private readonly entries = new Map<number, Promise<LoadedConfig>>();
  /** The compliance repository's name in every organization this app is installed on. */
  readonly repository: string;

  constructor(repository = 'compliance') {
    this.repository = repository;
  }

  get(installationId: number, owner: string, client: GitHubRequester): Promise<LoadedConfig> {
    let entry = this.entries.get(installationId);
    if (entry === undefined) {
      entry = loadConfigFrom(client, owner, this.repository);
      // A failed read (network, 5xx) is not cached: the next event tries again.
      entry.catch(() => this.entries.delete(installationId));
      this.entries.set(installationId, entry);
    }
    return entry;
  }

  invalidate(installationId: number): void {
    this.entries.delete(installationId);
  }
}

export async function loadConfigFrom(client: GitHubRequester, owner: string, repo: string): Promise<LoadedConfig> {
  const location = `${owner}/${repo}/${CONFIG_PATH}`;
  let text: string;
  try {
    const response = await client.request('GET /repos/{owner}/{repo}/contents/{path}', { owner, repo, path: CONFIG_PATH });
    const file = response.data as { content?: string; encoding?: string; type?: string; size?: number };
    if (file.type !== 'file' || file.content === undefined) return { ok: false, reason: 'invalid', problems: [`${location} is not a file`], location };
    // Over 1 MB GitHub sends no content (`encoding: none`); say it is too large, not that it is empty.
    if (file.encoding === 'none' || (file.size ?? 0) > MAX_CONFIG_BYTES) {
      const size = file.size === undefined ? 'over 1 MB' : `${file.size.toLocaleString('en-US')} bytes`;
      return { ok: false, reason: 'invalid', problems: [`${location} is ${size}, over the 1 MiB limit for compliance.yml, so it was not read: a complete one is a few kilobytes`], location };
    }
    text = Buffer.from(file.content, 'base64').toString('utf8');
  } catch (error) {
    if ((error as { status?: number }).status === 404) {
      return { ok: false, reason: 'missing', problems: [`${location} does not exist: create it from Evident's template (evident init) to turn the checks on`], location };
    }
    throw error;
  }
  const parsed = parseConfig(text);
  if (!parsed.ok) return { ok: false, reason: 'invalid', problems: parsed.problems.map((problem: ConfigProblem) => formatProblem(location, problem)), location };
  return { ok: true, config: parsed.config, location };
}
