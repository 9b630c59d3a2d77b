import type { Snapshot } from '../../model.ts';
import { sampleAwsSnapshots } from './aws.ts';
import { sampleGithubOrgSnapshots } from './github-org.ts';
import { samplePullRequestSnapshots } from './github-pull-requests.ts';
import { sampleOktaSnapshots } from './okta.ts';

/** Every snapshot of the sample organization "Acme", as collectors would have produced them at `collectedAt`. */
export function sampleOrganization(collectedAt: Date): Record<string, Snapshot[]> {
  return {
    'github-org': sampleGithubOrgSnapshots(collectedAt),
    'github-pull-requests': samplePullRequestSnapshots(collectedAt),
    okta: sampleOktaSnapshots(collectedAt),
    aws: sampleAwsSnapshots(collectedAt),
  };
}
