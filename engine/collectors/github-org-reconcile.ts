/**
 * The repository listing reconciled with GitHub's own counts. GET /orgs/{org} gives `public_repos`
 * to anyone and `total_private_repos` to owners (https://docs.github.com/rest/orgs/orgs#get-an-organization);
 * GET /orgs/{org}/repos pages with `Link: rel="next"`
 * (https://docs.github.com/rest/using-the-rest-api/using-pagination-in-the-rest-api). A listing that
 * ended without error but holds fewer repositories than GitHub counts did not reach its last page
 * (a Link header that went missing), or the token cannot see them all (a GitHub App installed on
 * selected repositories): either way the repositories it left out are never tested, so the listing
 * is incomplete, never whole. More than the count is fine: a repository may be created between the
 * two answers, and whether `total_private_repos` counts internal repositories is not documented.
 */
import type { RepositoryItem } from './github-org-normalize.ts';

/** The counts GET /orgs/{org} gives; `total_private_repos` only for an owner's token. */
export interface OrgRepositoryCounts {
  public_repos?: number | null;
  total_private_repos?: number | null;
}

/** Why the listing is short of GitHub's count, or undefined when it is not. */
export function repositoryShortfall(items: readonly Pick<RepositoryItem, 'private'>[], counts: OrgRepositoryCounts): string | undefined {
  const shortfalls: string[] = [];
  const publicListed = items.filter((item) => !item.private).length;
  const privateListed = items.length - publicListed;
  if (typeof counts.public_repos === 'number' && publicListed < counts.public_repos) {
    shortfalls.push(`${publicListed} public of the ${counts.public_repos} GitHub counts (public_repos)`);
  }
  if (typeof counts.total_private_repos === 'number' && privateListed < counts.total_private_repos) {
    shortfalls.push(`${privateListed} private of the ${counts.total_private_repos} GitHub counts (total_private_repos)`);
  }
  if (shortfalls.length === 0) return undefined;
  return (
    `the repository listing ended with ${shortfalls.join(' and ')}: it stopped before its last page, ` +
    'or the token cannot see every repository (a GitHub App must be installed on all repositories)'
  );
}
