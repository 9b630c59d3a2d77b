/**
 * Google Cloud credentials.
 * API keys: https://cloud.google.com/docs/authentication/api-keys (`AIza` + 35 characters).
 * OAuth client secrets: https://developers.google.com/identity/protocols/oauth2 (`GOCSPX-` + 28 characters).
 * Service-account keys: https://cloud.google.com/iam/docs/keys-create-delete (a JSON file whose
 * `private_key` is a PKCS#8 PEM with `\n` escapes). That key is this rule's finding, not
 * `private-key-pkcs8`'s: both share the PEM pattern, this one requires and that one refuses the
 * service-account fields after the key (`SERVICE_ACCOUNT_TAIL`), so a key file gives one finding.
 */
import { defineSecretRule } from '../rule.ts';
import { hasTypedRun } from './checks.ts';
import { bodyAtLeast, PKCS8_BEGIN, PKCS8_BODY, PKCS8_END, pemBlock, pemEscaped, SERVICE_ACCOUNT_TAIL } from './private-keys.ts';
import { sample } from './sample.ts';

export const googleApiKey = defineSecretRule({
  id: 'google-api-key',
  title: 'Google API key',
  docs: 'https://cloud.google.com/docs/authentication/api-keys',
  keywords: ['AIza'],
  pattern: /(?<![A-Za-z0-9_-])(?<secret>AIza[A-Za-z0-9_-]{35})(?![A-Za-z0-9_-])/,
  entropy: 4,
  validate: (secret) => !hasTypedRun(secret.slice(4)),
  samples: {
    truePositives: [
      sample('GOOGLE_MAPS_API_KEY=', 'AIza', 'ZQ0nwaRzi12LnGWX5iYSZuWUiPvhDE4q1tS'),
      sample('    <string name="google_api_key">', 'AIza', '5s-Hm-yaSfTLqVhhMo-ib5hSxMBbiaRDi-S', '</string>'),
      sample('fetch(`https://maps.googleapis.com/maps/api/geocode/json?address=${q}&key=', 'AIza', '2Fen2y_wrYIqdbnAU2aQQE1QlfXVcF-yiOt', '`)'),
    ],
    falsePositives: [
      'GOOGLE_MAPS_API_KEY=AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
      sample('GOOGLE_MAPS_API_KEY=', 'AIza', 'ZQ0nwaRzi12LnGWX5iYSZuWUiPvhDE', ' # 34 characters'),
      sample('  apiKey: "', 'AIza', 'ZQ0nwaRzi12LnGWX5iYSZuWUiPvhDE4q1tSk7', '",  // 41: not a key'),
      "if (!key.startsWith('AIza')) throw new Error('not a Google API key');",
    ],
  },
});

export const googleOauthClientSecret = defineSecretRule({
  id: 'google-oauth-client-secret',
  title: 'Google OAuth client secret',
  docs: 'https://developers.google.com/identity/protocols/oauth2',
  keywords: ['GOCSPX-'],
  pattern: /(?<![A-Za-z0-9_-])(?<secret>GOCSPX-[A-Za-z0-9_-]{28})(?![A-Za-z0-9_-])/,
  entropy: 4,
  validate: (secret) => !hasTypedRun(secret.slice(7)),
  samples: {
    truePositives: [
      sample('GOOGLE_CLIENT_SECRET=', 'GOCSPX-', 'OhgfGu0uksepfSJhwhAdkBKqlF8i'),
      sample(
        '{"installed":{"client_id":"840213377185-3k1q9vno4c2hmt7r8b5d6e0fjl1a2s3d.apps.googleusercontent.com","project_id":"acme-sso","client_secret":"',
        'GOCSPX-',
        'yNKJO1cTFjaUnrJFfAPFAIm1F83Q',
        '","redirect_uris":["http://localhost"]}}',
      ),
      sample('    clientSecret: ', 'GOCSPX-', 'Q_gNBHGcMHt64VZH2AYjnEjsW5iv'),
    ],
    falsePositives: [
      'GOOGLE_CLIENT_SECRET=GOCSPX-<client secret>',
      sample('GOOGLE_CLIENT_SECRET=', 'GOCSPX-', 'OhgfGu0uksepfSJhwhAdk', ' # 21 characters'),
      "const isNewFormat = secret.startsWith('GOCSPX-');",
    ],
  },
});

const SERVICE_ACCOUNT_FIELDS = '"project_id": "acme-analytics-prod",\n  "private_key_id": "3a84d3a0a0d2b133746b51d9fb6699967482edc8",\n';
const SERVICE_ACCOUNT_EMAIL = 'etl-runner@acme-analytics-prod.iam.gserviceaccount.com';

export const googleServiceAccountKey = defineSecretRule({
  id: 'google-service-account-key',
  title: 'Google Cloud service-account key',
  docs: 'https://cloud.google.com/iam/docs/keys-create-delete',
  keywords: ['begin private key', 'begin encrypted private key'],
  pattern: pemBlock(PKCS8_BEGIN, PKCS8_END, `(?=${SERVICE_ACCOUNT_TAIL})`),
  multiline: true,
  entropy: 4.5,
  validate: bodyAtLeast(60),
  samples: {
    truePositives: [
      // The file as Google writes it.
      sample(
        '{\n  "type": "service_account",\n  ',
        SERVICE_ACCOUNT_FIELDS,
        '  "private_key": "',
        pemEscaped('PRIVATE KEY', PKCS8_BODY),
        `",\n  "client_email": "${SERVICE_ACCOUNT_EMAIL}",\n  "client_id": "8418201797449256579112",\n`,
        '  "auth_uri": "https://accounts.google.com/o/oauth2/auth",\n  "token_uri": "https://oauth2.googleapis.com/token"\n}\n',
      ),
      // Minified into an environment variable.
      sample(
        `GOOGLE_CREDENTIALS='{"type":"service_account","project_id":"acme-analytics-prod","private_key":"`,
        pemEscaped('PRIVATE KEY', PKCS8_BODY),
        `","client_email":"${SERVICE_ACCOUNT_EMAIL}"}'`,
      ),
      // Keys sorted (jq -S, json.dumps(sort_keys=True)): `type` comes after the key.
      sample(
        '{"client_id": "8418201797449256579112", "private_key": "',
        pemEscaped('PRIVATE KEY', PKCS8_BODY),
        '", "project_id": "acme-analytics-prod", "type": "service_account"}',
      ),
    ],
    falsePositives: [
      sample(
        '{\n  "type": "service_account",\n  ',
        SERVICE_ACCOUNT_FIELDS,
        '  "private_key": "-----BEGIN PRIVATE KEY-----\\n...\\n-----END PRIVATE KEY-----\\n",\n',
        `  "client_email": "${SERVICE_ACCOUNT_EMAIL}"\n}\n`,
      ),
      `{"type": "service_account", "private_key": "\${GCP_PRIVATE_KEY}", "client_email": "${SERVICE_ACCOUNT_EMAIL}"}`,
      '{"type": "external_account", "audience": "//iam.googleapis.com/projects/42/locations/global/workloadIdentityPools/github/providers/acme"}',
    ],
  },
});

export const googleRules = [googleApiKey, googleOauthClientSecret, googleServiceAccountKey] as const;
