/**
 * The control catalog: every control Evident runs, listed explicitly (STYLE.md 2). No file-system
 * scanning and no registration by side effect. A control's id equals its file name; a test checks it.
 */
import type { Control } from '../model.ts';
import { control as awsConfigRulesCompliant } from './aws/aws-config-rules-compliant.ts';
import { control as awsS3PublicAccessBlocked } from './aws/aws-s3-public-access-blocked.ts';
import { control as awsSgNoOpenIngress } from './aws/aws-sg-no-open-ingress.ts';
import { control as githubDefaultBranchProtected } from './github-org/github-default-branch-protected.ts';
import { control as githubOrg2faRequired } from './github-org/github-org-2fa-required.ts';
import { control as githubOutsideCollaboratorsNoAdmin } from './github-org/github-outside-collaborators-no-admin.ts';
import { control as githubSecretScanningEnabled } from './github-org/github-secret-scanning-enabled.ts';
import { control as prApproved } from './github-pr/pr-approved.ts';
import { control as prNoSecrets } from './github-pr/pr-no-secrets.ts';
import { control as prTicketLinked } from './github-pr/pr-ticket-linked.ts';
import { control as oktaAdminMfa } from './okta/okta-admin-mfa.ts';
import { control as oktaInactiveUsers } from './okta/okta-inactive-users.ts';
import { control as oktaMfaEnrolled } from './okta/okta-mfa-enrolled.ts';

export const catalog: readonly Control[] = [
  // Change management: every pull request, as it happens (the GitHub App).
  prApproved,
  prNoSecrets,
  prTicketLinked,
  // The GitHub organization.
  githubOrg2faRequired,
  githubDefaultBranchProtected,
  githubOutsideCollaboratorsNoAdmin,
  githubSecretScanningEnabled,
  // Identity.
  oktaMfaEnrolled,
  oktaAdminMfa,
  oktaInactiveUsers,
  // Cloud.
  awsConfigRulesCompliant,
  awsS3PublicAccessBlocked,
  awsSgNoOpenIngress,
];

export function findControl(id: string): Control | undefined {
  return catalog.find((control) => control.id === id);
}
