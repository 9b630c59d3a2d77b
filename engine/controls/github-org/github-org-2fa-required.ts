import { z } from 'zod';
import type { Outcome } from '../../model.ts';
import { githubOrgSource } from '../../snapshots/github-org.ts';
import { defineControl } from '../define-control.ts';

export const control = defineControl({
  id: 'github-org-2fa-required',
  title: 'The GitHub organization requires two-factor authentication',
  source: githubOrgSource,
  // Only `org` decides the result; `members2fa` is corroboration and does not block it.
  // - Requirement off or not visible: the result is fail or error whatever the member list says.
  // - Requirement on: GitHub itself removes members, billing managers and outside collaborators who do
  //   not enable 2FA (https://docs.github.com/en/organizations/keeping-your-organization-secure/managing-two-factor-authentication-for-your-organization/requiring-two-factor-authentication-in-your-organization),
  //   so the setting is the control being tested and an unreadable member list cannot make it false.
  // Members listed without 2FA are failures whenever the list is there, complete or not: a partial
  // list can only miss failures, never invent a pass. The organization's outcome says when the list
  // was unavailable, and the snapshot's parts stay in the evidence record.
  needs: ['org'],
  area: 'access-control',
  severity: 'high',
  risk:
    'A GitHub account protected by a password alone falls to phishing and password reuse, and it can push code, ' +
    'read private repositories and change settings; requiring 2FA for the organization keeps such accounts out.',
  remediation: [
    'In the organization settings, under Authentication security, enable "Require two-factor authentication for everyone".',
    'Before enabling it, ask each listed member to enable 2FA (a security key or passkey preferred); GitHub removes members who have not.',
    'If a listed member remains after the requirement is on, remove them from the organization and ask GitHub Support why they were not removed.',
  ],
  summary: { noun: ['account', 'accounts'], failing: 'without two-factor authentication required or enabled' },
  params: z.strictObject({}),
  evaluate(data) {
    const { login, twoFactorRequirementEnabled: required } = data.org;
    const members = data.membersWithout2fa;
    const details = { twoFactorRequirementEnabled: required, membersWithout2fa: members };
    const outcomes: Outcome[] = [];

    if (required === null) {
      outcomes.push({
        status: 'error',
        resource: login,
        message:
          `The two-factor requirement of organization ${login} is not visible: the token needs the org owner's admin:org read ` +
          '(GET /orgs/{org} returned no two_factor_requirement_enabled).',
        details,
      });
    } else if (required) {
      const note =
        members === null
          ? '; the list of members without 2FA could not be read, so this relies on GitHub removing members who do not enable it'
          : `; ${members.length} member${members.length === 1 ? '' : 's'} listed without 2FA`;
      outcomes.push({
        status: 'pass',
        resource: login,
        message: `Organization ${login} requires two-factor authentication (two_factor_requirement_enabled: true)${note}.`,
        details,
      });
    } else {
      outcomes.push({
        status: 'fail',
        resource: login,
        message:
          `Organization ${login} does not require two-factor authentication (two_factor_requirement_enabled: false)` +
          (members === null ? '.' : `; ${members.length} member${members.length === 1 ? ' has' : 's have'} no 2FA.`),
        details,
      });
    }

    for (const member of members ?? []) {
      const why =
        required === true
          ? `although organization ${login} requires it; GitHub normally removes such members, so check why this one remains`
          : `in organization ${login}`;
      outcomes.push({
        status: 'fail',
        resource: member,
        message: `Member ${member} has no two-factor authentication enabled ${why}.`,
        details: { organization: login, twoFactorRequirementEnabled: required },
      });
    }
    return outcomes;
  },
});
