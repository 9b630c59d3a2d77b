/**
 * GitHub tokens.
 * https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats
 * https://github.blog/2021-04-05-behind-githubs-new-authentication-token-formats/
 * A prefix names the type (`ghp_`, `gho_`, `ghu_`, `ghs_`, `ghr_`); the 36 characters after it are
 * 30 random base62 characters and a checksum: their CRC-32 in base62 (0-9A-Za-z), zero-padded to 6.
 * The checksum drops made-up tokens in tests and docs; checked against GitHub's published examples.
 * Installation tokens (`ghs_`) are moving to a stateless `ghs_<app id>_<JWT>` form of ~520 characters
 * (https://github.blog/changelog/2026-05-15-github-app-installation-tokens-per-request-override-header/).
 */
import { defineSecretRule } from '../rule.ts';
import { crc32, decodeDigits, decodeJsonSegment, hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

const DOCS = 'https://docs.github.com/en/authentication/keeping-your-account-and-data-secure/about-authentication-to-github#githubs-token-formats';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `ghX_` + 30 random characters + base62(CRC-32 of those 30), 6 characters. */
function hasValidChecksum(token: string): boolean {
  const body = token.slice(4);
  return body.length === 36 && decodeDigits(body.slice(30), BASE62) === crc32(body.slice(0, 30));
}

export const githubPatClassic = defineSecretRule({
  id: 'github-pat-classic',
  title: 'GitHub personal access token (classic)',
  docs: DOCS,
  keywords: ['ghp_'],
  pattern: /(?<![A-Za-z0-9_])(?<secret>ghp_[A-Za-z0-9]{36})(?![A-Za-z0-9_])/,
  entropy: 4,
  validate: hasValidChecksum,
  samples: {
    truePositives: [
      sample('GITHUB_TOKEN=', 'ghp_', 'N99W3mLkl96tM0u7GKVyBSbOxLhyZB0CjjVO'),
      sample('git clone https://x-access-token:', 'ghp_', 'vCd2qn1pppCCU617isvDQwUXOeqA0t21RoUx', '@github.com/acme/infra.git'),
      sample('//npm.pkg.github.com/:_authToken=', 'ghp_', '7Z1XKpUuBMLOBfmWnLEH1UiBNjznMQ1W56Wo'),
    ],
    falsePositives: [
      'GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      // Made up for a test: the last six characters are not the checksum of the first thirty.
      sample("const token = '", 'ghp_', 'N99W3mLkl96tM0u7GKVyBSbOxLhyZB0CjjVP', "';"),
      'const CLASSIC_PAT = /^ghp_[A-Za-z0-9]{36}$/;',
      sample('token: ', 'ghp_', 'N99W3mLkl96tM0u7GKVyBSbOxLhyZB0CjjVOq3', ' # 38 characters, not a token'),
    ],
  },
});

export const githubFineGrainedPat = defineSecretRule({
  id: 'github-fine-grained-pat',
  title: 'GitHub fine-grained personal access token',
  docs: DOCS,
  keywords: ['github_pat_'],
  pattern: /(?<![A-Za-z0-9_])(?<secret>github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})(?![A-Za-z0-9_])/,
  entropy: 4,
  validate: (secret) => !hasTypedRun(secret.slice(11)),
  samples: {
    truePositives: [
      sample('GH_TOKEN=', 'github_pat_', 'oGUFIhZkDQ1cUDPVxDA88O_NYkdddFachcs7LjmpwskVSXvKro0Hpqnjt30XpjdYZIs7RsrfqJHTccaiNY'),
      sample('  token = "', 'github_pat_', 'kc8suM8ZoK0h5DrSUfbtSe_H2skRWtaA1vlbi0UF3ICTuVQv7o4li9YaMoiCEeDg0NWmRRIrIZEEPmjgNS', '"'),
      sample("echo '", 'github_pat_', '2Z0VR4OtsyeDXkpdoijrI6_FtyzfK5YkbDD9ubCJOyJ60SCqKBWnAoe6rt1OsBXDhY1vbQPM2uPZz96pBr', "' | gh auth login --with-token"),
    ],
    falsePositives: [
      'GH_TOKEN=github_pat_<your-fine-grained-token>',
      sample('GH_TOKEN=', 'github_pat_', '11ABCDEFG0123456789012_abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456'),
      'if (token.startsWith("github_pat_")) kind = "fine-grained";',
      sample('GH_TOKEN=', 'github_pat_', 'oGUFIhZkDQ1cUDPVxDA88O', ' # the first part only'),
    ],
  },
});

export const githubOauthToken = defineSecretRule({
  id: 'github-oauth-token',
  title: 'GitHub OAuth access token',
  docs: DOCS,
  keywords: ['gho_'],
  pattern: /(?<![A-Za-z0-9_])(?<secret>gho_[A-Za-z0-9]{36})(?![A-Za-z0-9_])/,
  entropy: 4,
  validate: hasValidChecksum,
  samples: {
    truePositives: [
      sample('{"access_token":"', 'gho_', 'aPlbyx2AoHtcJjKEDKr4IpREXHTzBM3EimGA', '","token_type":"bearer","scope":"repo"}'),
      sample('    oauth_token: ', 'gho_', 'zDzUdGwEORyCNM1l2UeaZFodwedH8F1sC80q'),
      sample('curl -H "Authorization: token ', 'gho_', 'D19g6w871073iuNbDOEky5B17rDUbv2OX2BF', '" https://api.github.com/user'),
    ],
    falsePositives: [
      '    oauth_token: gho_****************************************',
      sample('    oauth_token: ', 'gho_', 'zDzUdGwEORyCNM1l2UeaZFodwedH8F1sC80Q'),
      sample('    oauth_token: ', 'gho_', 'zDzUdGwEORyCNM1l2UeaZFodwedH8F1sC80qWx9'),
      'const OAUTH_PREFIX = "gho_"; // GitHub OAuth app tokens',
    ],
  },
});

export const githubUserToServerToken = defineSecretRule({
  id: 'github-user-to-server-token',
  title: 'GitHub App user access token',
  docs: DOCS,
  keywords: ['ghu_'],
  pattern: /(?<![A-Za-z0-9_])(?<secret>ghu_[A-Za-z0-9]{36})(?![A-Za-z0-9_])/,
  entropy: 4,
  validate: hasValidChecksum,
  samples: {
    truePositives: [
      sample('access_token=', 'ghu_', 'tYlL6T5oEf9s89tbBmhF8YMucJLzoK1e70iq', '&expires_in=28800&refresh_token_expires_in=15811200&token_type=bearer'),
      sample('GITHUB_USER_TOKEN="', 'ghu_', 'x4Ddyd0t8G4zIT2260X8jhLsS1A75N03FgZg', '"'),
      sample("octokit = new Octokit({ auth: '", 'ghu_', 'ktXDlc2b60Z9tdVoMg5gwSbT6kBXvk4bnCv0', "' });"),
    ],
    falsePositives: [
      'GITHUB_USER_TOKEN="ghu_${USER_TOKEN}"',
      sample('GITHUB_USER_TOKEN="', 'ghu_', 'x4Ddyd0t8G4zIT2260X8jhLsS1A75N03FgZh', '"'),
      sample('GITHUB_USER_TOKEN="', 'ghu_', '1234567890abcdefghijklmnopqrstuvwxyz', '"'),
      'user tokens start with ghu_ and expire after eight hours',
    ],
  },
});

export const githubServerToServerToken = defineSecretRule({
  id: 'github-server-to-server-token',
  title: 'GitHub App installation access token',
  docs: 'https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/generating-an-installation-access-token-for-a-github-app',
  keywords: ['ghs_'],
  // The 40-character form, or the stateless `ghs_<app id>_<JWT>` one. The JWT rule leaves the latter
  // alone: it does not match a JWT right after `_`.
  pattern:
    /(?<![A-Za-z0-9_])(?<secret>ghs_(?:[A-Za-z0-9]{36}|[A-Za-z0-9]{1,40}_eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,}))(?![A-Za-z0-9_.-])/,
  entropy: 4,
  validate: (secret) => {
    if (!secret.includes('.')) return hasValidChecksum(secret);
    const header = decodeJsonSegment(secret.slice(secret.indexOf('_', 4) + 1, secret.indexOf('.')));
    return typeof header?.alg === 'string';
  },
  samples: {
    truePositives: [
      sample('{"token":"', 'ghs_', 'TF19GdssiNbywI9gGziikt9BluyJQW2gRSH6', '","expires_at":"2025-03-04T17:10:51Z","permissions":{"contents":"read"}}'),
      sample('      GITHUB_TOKEN: ', 'ghs_', 'aIgXUt29LyRpjiHodPGHBbbydwE2sy1xuV0S'),
      sample(
        'export GH_TOKEN=',
        'ghs_',
        '1573136_eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9.eyJpc3MiOiJnaXRodWIiLCJpbnMiOjE0NTk3MzY3LCJhcHAiOjM3ODMyOSwiZXhwIjoxNzY3MzA2MTIwLCJqdGkiOiJVNlJmZm1BbGt2d0hTd0JDIn0',
        '.iXC4ba_FqC1UnRbSqrFX98iTz5XXeeGjdXweEk4Qycc6hlShQRlgvtPdiCIBnHwMi4gWeoZQeLCJsDUBSmaFPQ',
      ),
    ],
    falsePositives: [
      '      GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}',
      sample('      GITHUB_TOKEN: ', 'ghs_', 'aIgXUt29LyRpjiHodPGHBbbydwE2sy1xuV0s'),
      'const INSTALLATION_TOKEN = /^ghs_[A-Za-z0-9._]{36,}$/;',
      sample('      GITHUB_TOKEN: ', 'ghs_', '1573136_eyJub3RKc29uIjp0cnVlfQ', '.eyJpc3MiOiJnaXRodWIifQ.c2lnbmF0dXJlLW5vdC1yZWFs'),
    ],
  },
});

export const githubRefreshToken = defineSecretRule({
  id: 'github-refresh-token',
  title: 'GitHub App refresh token',
  docs: 'https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens',
  keywords: ['ghr_'],
  pattern: /(?<![A-Za-z0-9_])(?<secret>ghr_[A-Za-z0-9]{76})(?![A-Za-z0-9_])/,
  entropy: 4.5,
  validate: (secret) => !hasTypedRun(secret.slice(4)),
  samples: {
    truePositives: [
      sample('{"refresh_token":"', 'ghr_', '8HYJYVNUZHLGG88faLtfmVH1ypi9ZQWVaHrKkTzGPdSMAU2wcqxQ7vYl8Bt9z28akicbKTIHS631', '","refresh_token_expires_in":15811200}'),
      sample('GITHUB_REFRESH_TOKEN=', 'ghr_', 'z0cDGsWpDXUIqEfB5yWevCAd9W1oYrNnwgJMlpISVM12FWt9AA4VS2lspf94vGaElmUxiJKSabOQ'),
      sample('refresh_token=', 'ghr_', 'lhXzkau5GZPUQyYsGVgRxgrBxbMGkVDVh5SSZwXPtXnJOtaPrbLQRGHBo4rmLzX9pSPtCSVIgd3d', '&grant_type=refresh_token'),
    ],
    falsePositives: [
      'GITHUB_REFRESH_TOKEN=ghr_<refresh token from the callback>',
      sample('GITHUB_REFRESH_TOKEN=', 'ghr_', 'z0cDGsWpDXUIqEfB5yWevCAd9W1oYrNnwgJM', ' # 36 characters: not a refresh token'),
      sample('GITHUB_REFRESH_TOKEN=', 'ghr_', 'z0cDGsWpDXUIqEfB5yWevCAd9W1oYrNnwgJMlpISVM12FWt9AA4VS2ls', '00000000000000000000'),
      'const REFRESH_PREFIX = "ghr_";',
    ],
  },
});

export const githubRules = [
  githubPatClassic,
  githubFineGrainedPat,
  githubOauthToken,
  githubUserToServerToken,
  githubServerToServerToken,
  githubRefreshToken,
] as const;
