/**
 * GitLab tokens.
 * https://docs.gitlab.com/security/tokens/#token-prefixes
 * Legacy tokens are a prefix and 20 characters of [0-9A-Za-z_-]. Routable tokens (personal access
 * tokens since GitLab 17.x, runner tokens) are `<prefix><base64url payload>.<version>.<length><crc>`:
 * the last 7 characters are the CRC-32 of everything before them in base36, zero-padded
 * (gitlab-org/gitlab lib/authn/token_field/generator/routable_token.rb; the unversioned form of
 * 2024-11 to 2025-04 has no `<version>.`).
 */
import { defineSecretRule } from '../rule.ts';
import { crc32, hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

const DOCS = 'https://docs.gitlab.com/security/tokens/#token-prefixes';

/** A routable token's CRC checks; a legacy one (no `.`) is not typed by hand. */
function validGitlabToken(prefix: string): (secret: string) => boolean {
  return (secret) => {
    if (!secret.includes('.')) return !hasTypedRun(secret.slice(prefix.length));
    return crc32(secret.slice(0, -7)).toString(36).padStart(7, '0') === secret.slice(-7);
  };
}

export const gitlabPersonalAccessToken = defineSecretRule({
  id: 'gitlab-personal-access-token',
  title: 'GitLab personal access token',
  docs: DOCS,
  keywords: ['glpat-'],
  pattern: /(?<![A-Za-z0-9_-])(?<secret>glpat-(?:[A-Za-z0-9_-]{27,300}\.(?:[0-9a-z]{2}\.)?[0-9a-z]{9}|[A-Za-z0-9_-]{20}))(?![A-Za-z0-9_-])/,
  entropy: 3.5,
  validate: validGitlabToken('glpat-'),
  samples: {
    truePositives: [
      sample('GITLAB_TOKEN=', 'glpat-', 'vn2Lj-cI_i2ef4VPSims'),
      sample('git remote add origin https://oauth2:', 'glpat-', 'X_aSTJhgc8RQB4mO_eLd', '@gitlab.com/acme/platform.git'),
      sample('  PRIVATE-TOKEN: ', 'glpat-', 'YzoxCm86bmRhZgp1OjRubGRpBHQJHXeTUKeH3RmDdf_8ZBA', '.01.1b0itj6xq'),
      sample('gitlab_token = "', 'glpat-', 'bzo0M2NmCnU6MTlrbGRi8D3Hr5XuW--Qhlm_hIuJEA', '.01.161iep2g5"'),
    ],
    falsePositives: [
      'GITLAB_TOKEN=glpat-xxxxxxxxxxxxxxxxxxxx',
      'GITLAB_TOKEN=glpat-12345678901234567890',
      // A routable shape whose last characters are not its CRC.
      sample('  PRIVATE-TOKEN: ', 'glpat-', 'YzoxCm86bmRhZgp1OjRubGRpBHQJHXeTUKeH3RmDdf_8ZBA', '.01.1b0itj6xr'),
      sample('GITLAB_TOKEN=', 'glpat-', 'vn2Lj-cI_i2ef4VPSi', ' # 18 characters'),
    ],
  },
});

export const gitlabDeployToken = defineSecretRule({
  id: 'gitlab-deploy-token',
  title: 'GitLab deploy token',
  docs: 'https://docs.gitlab.com/user/project/deploy_tokens/',
  keywords: ['gldt-'],
  pattern: /(?<![A-Za-z0-9_-])(?<secret>gldt-[A-Za-z0-9_-]{20})(?![A-Za-z0-9_-])/,
  entropy: 3.5,
  validate: validGitlabToken('gldt-'),
  samples: {
    truePositives: [
      sample('CI_DEPLOY_PASSWORD=', 'gldt-', 'pBv4iB3zHH0M26RLe3ox'),
      sample('docker login registry.gitlab.com -u gitlab+deploy-token-42 -p ', 'gldt-', 'gbpySLKZaU7yEqC7kjOf'),
      sample('      password: "', 'gldt-', 'iNiTTts3oEF_sJ_8GaGx', '"'),
    ],
    falsePositives: [
      '      password: "gldt-<deploy token>"',
      'CI_DEPLOY_PASSWORD=gldt-aaaaaaaaaaaaaaaaaaaa',
      sample('CI_DEPLOY_PASSWORD=', 'gldt-', 'pBv4iB3zHH0M26RLe3oxQ9', ' # 22 characters'),
    ],
  },
});

export const gitlabRunnerToken = defineSecretRule({
  id: 'gitlab-runner-token',
  title: 'GitLab runner authentication token',
  docs: 'https://docs.gitlab.com/ci/runners/new_creation_workflow/',
  keywords: ['glrt-'],
  pattern: /(?<![A-Za-z0-9_-])(?<secret>glrt-(?:[A-Za-z0-9_-]{27,300}\.(?:[0-9a-z]{2}\.)?[0-9a-z]{9}|[A-Za-z0-9_-]{20}))(?![A-Za-z0-9_-])/,
  entropy: 3.5,
  validate: validGitlabToken('glrt-'),
  samples: {
    truePositives: [
      sample('  token = "', 'glrt-', 'EO2pt7gwVXRIel1CMpJW', '"'),
      sample('gitlab-runner register --non-interactive --url https://gitlab.com --token ', 'glrt-', 't1_YzoxCm86MjV1eWsKdTo1dG41eYLX4YOlohKRXjLMJLPhe-AQ', '.01.1c0fdkx7n'),
      sample('RUNNER_TOKEN=', 'glrt-', 'nJWHKhUTftM5WO29K1Tj'),
    ],
    falsePositives: [
      '  token = "glrt-REPLACE_WITH_RUNNER_TOKEN"',
      sample('  token = "', 'glrt-', 't1_YzoxCm86MjV1eWsKdTo1dG41eYLX4YOlohKRXjLMJLPhe-AQ', '.01.1c0fdkx7m"'),
      'RUNNER_TOKEN=glrt-abcdefghijklmnopqrst',
    ],
  },
});

export const gitlabPipelineTriggerToken = defineSecretRule({
  id: 'gitlab-pipeline-trigger-token',
  title: 'GitLab pipeline trigger token',
  docs: 'https://docs.gitlab.com/ci/triggers/',
  keywords: ['glptt-'],
  // 40 hexadecimal characters (the documented form), or 20 of [0-9A-Za-z_-] like the other prefixes.
  pattern: /(?<![A-Za-z0-9_-])(?<secret>glptt-(?:[0-9a-f]{40}|[A-Za-z0-9_-]{20}))(?![A-Za-z0-9_-])/,
  entropy: 3.3,
  validate: validGitlabToken('glptt-'),
  samples: {
    truePositives: [
      sample('curl -X POST --fail -F token=', 'glptt-', 'e7190eeca998796060764dc46c904c780ae217fa', ' -F ref=main https://gitlab.com/api/v4/projects/42/trigger/pipeline'),
      sample('TRIGGER_TOKEN: "', 'glptt-', 'Fp4lQzqAQfCaTqSdPWCc', '"'),
      sample('  trigger_token = "', 'glptt-', '9f8f6a5116e8604b11eda23b7222e4b3fb4f51c1', '"'),
    ],
    falsePositives: [
      '  -F token=glptt-$TRIGGER_TOKEN',
      sample('TRIGGER_TOKEN: "', 'glptt-', '0123456789abcdef0123456789abcdef01234567', '"'),
      sample('TRIGGER_TOKEN: "', 'glptt-', 'e7190eeca998796060764dc46c904c780ae2', '"'),
    ],
  },
});

export const gitlabRunnerRegistrationToken = defineSecretRule({
  id: 'gitlab-runner-registration-token',
  title: 'GitLab runner registration token',
  docs: 'https://docs.gitlab.com/ci/runners/new_creation_workflow/',
  keywords: ['GR1348941'],
  pattern: /(?<![A-Za-z0-9_-])(?<secret>GR1348941[A-Za-z0-9_-]{20})(?![A-Za-z0-9_-])/,
  entropy: 3.5,
  validate: (secret) => !hasTypedRun(secret.slice(9)),
  samples: {
    truePositives: [
      sample('REGISTRATION_TOKEN=', 'GR1348941', 'niGMd0F9kSwJmFOV7dsU'),
      sample('gitlab-runner register --url https://gitlab.example.org --registration-token ', 'GR1348941', 'oW1JvwtzoeVdgOteaYoJ'),
      sample('  runnerRegistrationToken: "', 'GR1348941', 'Ox177dZxlNAT0FDaRwUt', '"'),
    ],
    falsePositives: [
      '  runnerRegistrationToken: "GR1348941<token>"',
      'REGISTRATION_TOKEN=GR1348941aaaaaaaaaaaaaaaaaaaa',
      'Registration tokens start with GR1348941 and are deprecated.',
    ],
  },
});

export const gitlabRules = [
  gitlabPersonalAccessToken,
  gitlabDeployToken,
  gitlabRunnerToken,
  gitlabPipelineTriggerToken,
  gitlabRunnerRegistrationToken,
] as const;
