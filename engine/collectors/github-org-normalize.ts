/**
 * GitHub's JSON for the organization collector, reduced to the snapshot schema (engine/snapshots/github-org.ts).
 * Where GitHub leaves a field out, the reading is the one that cannot pass by accident: a missing
 * approval count is 0, a missing force-push or deletion setting is "allowed", a missing secret
 * scanning status is null (not visible).
 */
import {
  GithubBranchRule,
  type GithubClassicProtection,
  type GithubRepository,
  type GithubSecretScanning,
} from '../snapshots/github-org.ts';
import { describeZodError } from '../zod-issues.ts';

type Status = { status?: string } | null | undefined;

/** The fields of a `minimal-repository` (GET /orgs/{org}/repos) the collector reads. */
export interface RepositoryItem {
  name: string;
  full_name: string;
  private: boolean;
  archived?: boolean;
  fork: boolean;
  visibility?: string;
  default_branch?: string;
  security_and_analysis?: {
    secret_scanning?: Status;
    secret_scanning_push_protection?: Status;
  } | null;
}

/** The fields of GET /repos/{owner}/{repo}/branches/{branch}/protection the controls test. */
export interface ProtectionItem {
  required_pull_request_reviews?: {
    required_approving_review_count?: number;
    dismiss_stale_reviews?: boolean;
    require_code_owner_reviews?: boolean;
  } | null;
  enforce_admins?: { enabled?: boolean } | null;
  allow_force_pushes?: { enabled?: boolean } | null;
  allow_deletions?: { enabled?: boolean } | null;
}

const VISIBILITIES = new Set<GithubRepository['visibility']>(['public', 'private', 'internal']);

export function visibilityOf(item: RepositoryItem): GithubRepository['visibility'] {
  const visibility = item.visibility as GithubRepository['visibility'] | undefined;
  if (visibility !== undefined && VISIBILITIES.has(visibility)) return visibility;
  return item.private ? 'private' : 'public';
}

const enabled = (setting: Status): boolean | null =>
  setting?.status === 'enabled' ? true : setting?.status === 'disabled' ? false : null;

/** `security_and_analysis`, which GitHub shows only to admins of the repository (or security managers). */
export function secretScanningOf(item: RepositoryItem): GithubSecretScanning {
  const settings = item.security_and_analysis;
  return { enabled: enabled(settings?.secret_scanning), pushProtection: enabled(settings?.secret_scanning_push_protection) };
}

export function classicProtectionOf(item: ProtectionItem): GithubClassicProtection {
  const reviews = item.required_pull_request_reviews;
  return {
    requiredPullRequestReviews:
      reviews == null
        ? null
        : {
            requiredApprovingReviewCount: reviews.required_approving_review_count ?? 0,
            dismissStaleReviews: reviews.dismiss_stale_reviews ?? false,
            requireCodeOwnerReviews: reviews.require_code_owner_reviews ?? false,
          },
    enforceAdmins: item.enforce_admins?.enabled ?? false,
    allowForcePushes: item.allow_force_pushes?.enabled ?? true,
    allowDeletions: item.allow_deletions?.enabled ?? true,
  };
}

/** The items of GET /repos/{owner}/{repo}/rules/branches/{branch}, checked one by one; one unreadable item fails the read. */
export function rulesOf(items: readonly unknown[]): { ok: true; rules: GithubBranchRule[] } | { ok: false; reason: string } {
  const rules: GithubBranchRule[] = [];
  for (const [index, item] of items.entries()) {
    const parsed = GithubBranchRule.safeParse(item);
    if (!parsed.success) return { ok: false, reason: `rule ${index + 1} is unreadable (${describeZodError(parsed.error)})` };
    const { type, parameters, ruleset_source_type, ruleset_source, ruleset_id } = parsed.data;
    rules.push({ type, ...(parameters === undefined ? {} : { parameters }), ruleset_source_type, ruleset_source, ruleset_id });
  }
  return { ok: true, rules };
}
