import { z } from 'zod';
import type { Outcome } from '../../model.ts';
import { githubOrgSource, type GithubRepository } from '../../snapshots/github-org.ts';
import { defineControl } from '../define-control.ts';
import { firstMatchingPattern } from './repository-patterns.ts';

const onOff = (value: boolean) => (value ? 'enabled' : 'disabled');

export const control = defineControl({
  id: 'github-secret-scanning-enabled',
  title: 'Every repository has secret scanning and push protection enabled',
  source: githubOrgSource,
  // `repositories` is the population; `secretScanning` is read from the same listing. A setting GitHub
  // did not show (security_and_analysis needs admin on the repository) is an `error` outcome for that
  // repository: not visible is not disabled, and never a pass.
  needs: ['repositories', 'secretScanning'],
  area: 'data-protection',
  severity: 'medium',
  risk:
    'A credential committed to a repository can be used by anyone who can read it, and in Git history it outlives the commit that removes it. ' +
    'Secret scanning alerts on secrets already pushed; push protection blocks new ones before they land.',
  remediation: [
    'In the organization settings, under Advanced Security > Configurations, apply a security configuration with "Secret scanning" and "Push protection" enabled to all repositories (or enable both under each listed repository\'s Settings > Advanced Security).',
    'For private and internal repositories this needs GitHub Secret Protection (or Advanced Security) on the organization.',
    'Review the open secret scanning alerts of each listed repository: rotate every valid secret, then close the alert.',
    'If a listed repository is a sandbox holding no code worth scanning, list it under excludeRepositories.',
  ],
  summary: { noun: ['repository', 'repositories'], failing: 'without secret scanning or push protection' },
  params: z.strictObject({
    /** Also require push protection, which blocks a push that holds a detected secret. */
    requirePushProtection: z.boolean().default(true),
    /** Repositories not tested, recorded as skipped: `acme/*-sandbox`, `*-sandbox`, `acme/api` or `api` (`*` stops at `/`). */
    excludeRepositories: z.array(z.string().min(1)).default([]),
  }),
  evaluate(data, params) {
    return data.repositories.map((repository): Outcome => {
      const resource = repository.fullName;
      const { enabled, pushProtection } = repository.secretScanning;
      const details = {
        archived: repository.archived,
        fork: repository.fork,
        visibility: repository.visibility,
        secretScanning: enabled,
        pushProtection,
        requirePushProtection: params.requirePushProtection,
      };

      const excludedBy = firstMatchingPattern(params.excludeRepositories, repository);
      if (excludedBy !== undefined) {
        return skipped(repository, `is excluded from the secret scanning test by configuration (pattern ${excludedBy})`, details);
      }
      if (repository.archived) {
        return skipped(repository, 'is archived and read-only, so nothing new can be pushed to it', details);
      }

      const unseen = [
        ...(enabled === null ? ['secret_scanning'] : []),
        ...(params.requirePushProtection && pushProtection === null ? ['secret_scanning_push_protection'] : []),
      ];
      const missing = [
        ...(enabled === false ? ['secret scanning disabled'] : []),
        ...(params.requirePushProtection && pushProtection === false ? ['push protection disabled'] : []),
      ];
      if (missing.length > 0) {
        // A known gap fails even when the other setting could not be seen.
        const unknown = unseen.length > 0 ? `; ${unseen.join(' and ')} not visible` : '';
        return {
          status: 'fail',
          resource,
          message: `Repository ${resource} (${repository.visibility}): ${missing.join('; ')}${unknown}.`,
          details: { ...details, missing },
        };
      }
      if (unseen.length > 0) {
        return {
          status: 'error',
          resource,
          message:
            `Repository ${resource}: GitHub did not show its ${unseen.join(' and ')} setting (security_and_analysis is only returned to a token ` +
            'with admin on the repository or the security manager role), so it cannot be tested.',
          details,
        };
      }
      const push = pushProtection === null ? 'push protection not visible' : `push protection ${onOff(pushProtection)}`;
      return {
        status: 'pass',
        resource,
        message: `Repository ${resource} (${repository.visibility}): secret scanning enabled, ${push}${params.requirePushProtection ? '' : ' (not required)'}.`,
        details,
      };
    });
  },
});

function skipped(repository: GithubRepository, why: string, details: Record<string, unknown>): Outcome {
  return { status: 'skipped', resource: repository.fullName, message: `Repository ${repository.fullName} ${why}.`, details };
}
