/**
 * Sentry auth tokens.
 * https://docs.sentry.io/account/auth-tokens/
 * Organization tokens are `sntrys_`, base64 of a JSON object (issued-at time, Sentry URL, region
 * and organization: `{"iat":…`, so `eyJpYXQiO…`), `_`, then a 43-character secret; the JSON part is
 * decoded and checked. User tokens are `sntryu_` and 64 hexadecimal digits. A DSN (the public key
 * in `https://<key>@o1.ingest.sentry.io/2`) is meant to ship in client code and is not reported.
 */
import { defineSecretRule } from '../rule.ts';
import { hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

/** The JSON an organization token carries: an object with an issued-at time. */
function carriesClaims(secret: string): boolean {
  try {
    const claims: unknown = JSON.parse(Buffer.from(secret.slice(7, secret.lastIndexOf('_')), 'base64').toString('utf8'));
    return typeof claims === 'object' && claims !== null && 'iat' in claims;
  } catch {
    return false;
  }
}

export const sentryOrgToken = defineSecretRule({
  id: 'sentry-org-token',
  title: 'Sentry organization auth token',
  docs: 'https://docs.sentry.io/account/auth-tokens/#organization-tokens',
  keywords: ['sntrys_'],
  pattern: /(?<![A-Za-z0-9_])(?<secret>sntrys_eyJ[A-Za-z0-9+/]{20,400}={0,2}_[A-Za-z0-9+/]{43})(?![A-Za-z0-9_+/=])/,
  entropy: 4,
  validate: (secret) => carriesClaims(secret) && !hasTypedRun(secret.slice(secret.lastIndexOf('_') + 1)),
  samples: {
    truePositives: [
      sample(
        'SENTRY_AUTH_TOKEN=',
        'sntrys_',
        'eyJpYXQiOjE3NDg4MTIzNTAuMTM1OTk4LCJ1cmwiOiJodHRwczovL3NlbnRyeS5pbyIsInJlZ2lvbl91cmwiOiJodHRwczovL3VzLnNlbnRyeS5pbyIsIm9yZyI6ImFjbWUifQ==',
        '_9d+Pg2in7T+FS0oNAZFUa3vcHRc4EEtDFDIyemCJCqc',
      ),
      sample(
        '  authToken: "',
        'sntrys_',
        'eyJpYXQiOjE3NDc4MzE3MDQuMDM5NTU0LCJ1cmwiOiJodHRwczovL3NlbnRyeS5pbyIsInJlZ2lvbl91cmwiOiJodHRwczovL3VzLnNlbnRyeS5pbyIsIm9yZyI6Imdsb2JleCJ9',
        '_qj7UubaPKKP01IWCew1CApEeEV1nd9owpwxCcq1lZAM",',
      ),
      sample(
        'sentry-cli --auth-token ',
        'sntrys_',
        'eyJpYXQiOjE3NDg2MTUxMDMuMTcxOTQxOCwidXJsIjoiaHR0cHM6Ly9zZW50cnkuaW8iLCJyZWdpb25fdXJsIjoiaHR0cHM6Ly91cy5zZW50cnkuaW8iLCJvcmciOiJpbml0ZWNoIn0=',
        '_GeFbo7JUb7qbsOk4JRGgqDaHJHuUjyz5RwkFCKdVLyo sourcemaps upload ./dist',
      ),
    ],
    falsePositives: [
      'SENTRY_AUTH_TOKEN=sntrys_...',
      'NEXT_PUBLIC_SENTRY_DSN=https://4b645bc4659af5588f2b42399efa5867@o450123.ingest.sentry.io/5501234',
      sample('SENTRY_AUTH_TOKEN=', 'sntrys_', 'eyJ0aGlzIGlzIG5vdCBqc29uIGF0IGFsbCwgaXQgaXMgcHJvc2U', '_9d+Pg2in7T+FS0oNAZFUa3vcHRc4EEtDFDIyemCJCqc'),
    ],
  },
});

export const sentryUserToken = defineSecretRule({
  id: 'sentry-user-token',
  title: 'Sentry user auth token',
  docs: 'https://docs.sentry.io/account/auth-tokens/#user-auth-tokens',
  keywords: ['sntryu_'],
  pattern: /(?<![A-Za-z0-9_])(?<secret>sntryu_[a-f0-9]{64})(?![A-Za-z0-9_])/,
  entropy: 3.5,
  validate: (secret) => !hasTypedRun(secret.slice(7)),
  samples: {
    truePositives: [
      sample('SENTRY_AUTH_TOKEN=', 'sntryu_', '0d8d9702a57d8dd074a289d7ba7c83bcbd831cc4d9df46c49fb1b2c34e4e3761'),
      sample('[auth]\ntoken=', 'sntryu_', '4b645bc4659af5588f2b42399efa58677ecac75764267a041ae3a7789511d9e3'),
      sample('curl https://sentry.io/api/0/projects/ -H "Authorization: Bearer ', 'sntryu_', 'ae4121d2e7be54569c4293f0083318d9faa5f69c258041dcccfcf577d846eb85"'),
    ],
    falsePositives: [
      'SENTRY_AUTH_TOKEN=sntryu_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'SENTRY_AUTH_TOKEN=sntryu_<your user token>',
      '# user tokens (sntryu_) act as you in every organization you belong to',
    ],
  },
});
