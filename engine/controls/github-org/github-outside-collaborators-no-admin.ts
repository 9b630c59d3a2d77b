import { z } from 'zod';
import type { Outcome } from '../../model.ts';
import { githubOrgSource } from '../../snapshots/github-org.ts';
import { defineControl } from '../define-control.ts';

export const control = defineControl({
  id: 'github-outside-collaborators-no-admin',
  title: 'No outside collaborator has admin access to a repository',
  source: githubOrgSource,
  // `collaborators` holds who administers each repository; one repository whose collaborators could
  // not be read makes it incomplete, and the result `error`: an unread list is not an empty one.
  needs: ['repositories', 'collaborators'],
  area: 'access-control',
  severity: 'high',
  risk:
    'An outside collaborator is not an organization member, so the organization\'s 2FA, SSO and offboarding do not reach them the same way; ' +
    'with admin they can change branch protection, add people, make the repository public, transfer or delete it.',
  remediation: [
    'For each listed repository, open Settings > Collaborators and teams and lower the outside collaborator\'s role to Write or Maintain (or remove them if they no longer need access).',
    'If the person needs admin, make them an organization member under SSO and grant admin through a team, so access reviews and offboarding cover them.',
    'If an outside admin is approved (a vendor under contract), list their login under `allowed` and keep the approval with the evidence.',
    'In the organization settings, under Member privileges, consider turning off "Allow repository administrators to invite outside collaborators".',
  ],
  summary: { noun: ['repository', 'repositories'], failing: 'with an outside collaborator as admin' },
  params: z.strictObject({
    /** Outside collaborators allowed to hold admin (logins, compared without case), such as a contracted vendor. */
    allowed: z.array(z.string().min(1)).default([]),
  }),
  evaluate(data, params) {
    const allowed = new Set(params.allowed.map((login) => login.toLowerCase()));
    // Every repository, archived ones included: an admin can unarchive, publish, transfer or delete them.
    return data.repositories.map((repository): Outcome => {
      const resource = repository.fullName;
      const approved = repository.outsideAdmins.filter((login) => allowed.has(login.toLowerCase()));
      const unapproved = repository.outsideAdmins.filter((login) => !allowed.has(login.toLowerCase()));
      // Logins sit under `login`, the key the triage pseudonymizer knows, so none reaches a model.
      const details = {
        archived: repository.archived,
        visibility: repository.visibility,
        outsideAdmins: unapproved.map((login) => ({ login })),
        allowedOutsideAdmins: approved.map((login) => ({ login })),
      };
      const allowedNote = approved.length === 0 ? '' : `; admin held by ${approved.join(', ')} is allowed by configuration`;
      if (unapproved.length > 0) {
        return {
          status: 'fail',
          resource,
          message:
            `Repository ${resource} (${repository.visibility}${repository.archived ? ', archived' : ''}) grants admin to ` +
            `${unapproved.length === 1 ? 'outside collaborator' : `${unapproved.length} outside collaborators`} ${unapproved.join(', ')}, ` +
            `who ${unapproved.length === 1 ? 'is' : 'are'} not in \`allowed\`${allowedNote}.`,
          details,
        };
      }
      return {
        status: 'pass',
        resource,
        message: `Repository ${resource} grants admin to no outside collaborator${approved.length === 0 ? '' : ' outside `allowed`'}${allowedNote}.`,
        details,
      };
    });
  },
});
