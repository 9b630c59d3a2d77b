/**
 * DigitalOcean API tokens.
 * https://docs.digitalocean.com/reference/api/create-personal-access-token/ and
 * https://docs.digitalocean.com/reference/api/oauth/
 * `dop_v1_` personal access token, `doo_v1_` OAuth access token, `dor_v1_` OAuth refresh token,
 * each followed by 64 hexadecimal digits.
 */
import { defineSecretRule } from '../rule.ts';
import { hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

export const digitaloceanPersonalAccessToken = defineSecretRule({
  id: 'digitalocean-personal-access-token',
  title: 'DigitalOcean personal access token',
  docs: 'https://docs.digitalocean.com/reference/api/create-personal-access-token/',
  keywords: ['dop_v1_'],
  pattern: /(?<![A-Za-z0-9_])(?<secret>dop_v1_[a-f0-9]{64})(?![A-Za-z0-9_])/,
  entropy: 3.5,
  validate: (secret) => !hasTypedRun(secret.slice(7)),
  samples: {
    truePositives: [
      sample('DIGITALOCEAN_TOKEN=', 'dop_v1_', '1815ae82ef95e5e97c2fb1c250ca7680925a8451cca163d1472ec3124cdd4c6d'),
      sample('provider "digitalocean" { token = "', 'dop_v1_', 'd4ecf8e86ee3b5493cdf381e8e39475d70c15f19cd098fd226a2c279b453d872" }'),
      sample('doctl auth init --access-token ', 'dop_v1_', '1225e8a7b87e32482a468ffaa90552c46dc233a0a3edb8839b2b2efae1fe28ad'),
    ],
    falsePositives: [
      'DIGITALOCEAN_TOKEN=dop_v1_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'token = "dop_v1_${var.do_token_suffix}"',
      '# tokens made after 2021 carry the dop_v1_ prefix; rotate older ones',
    ],
  },
});

export const digitaloceanOauthToken = defineSecretRule({
  id: 'digitalocean-oauth-token',
  title: 'DigitalOcean OAuth access or refresh token',
  docs: 'https://docs.digitalocean.com/reference/api/oauth/',
  keywords: ['doo_v1_', 'dor_v1_'],
  pattern: /(?<![A-Za-z0-9_])(?<secret>do[or]_v1_[a-f0-9]{64})(?![A-Za-z0-9_])/,
  entropy: 3.5,
  validate: (secret) => !hasTypedRun(secret.slice(7)),
  samples: {
    truePositives: [
      sample('{"access_token": "', 'doo_v1_', 'b7f1f18108e906a47781a17d71de126143d023d216c8939966971e746f6bf553", "token_type": "bearer"}'),
      sample('DO_REFRESH_TOKEN=', 'dor_v1_', '8f0df50e3159de3c9d359124a652fc6d83cade4a20ddfd7757b2ee063a772ffa'),
      sample('curl -X GET -H "Authorization: Bearer ', 'doo_v1_', '2f4c06b4d123cabd4b9cf4b4eefdb37921a3a4571959d285c422a127682c7612" https://api.digitalocean.com/v2/account'),
    ],
    falsePositives: [
      '{"access_token": "doo_v1_...", "refresh_token": "dor_v1_..."}',
      'DO_REFRESH_TOKEN=dor_v1_0000000000000000000000000000000000000000000000000000000000000000',
      'OAuth tokens begin with doo_v1_ and refresh tokens with dor_v1_',
    ],
  },
});
