/**
 * Signed JSON Web Tokens: base64url header, payload and signature, joined by dots.
 * https://www.rfc-editor.org/rfc/rfc7519 (JWT), https://www.rfc-editor.org/rfc/rfc7515#section-7.1 (compact form)
 * A header and a payload are JSON objects, so both start `eyJ` (`{"`). A token counts when its header
 * decodes to JSON naming a signing algorithm and its signature is there: an unsigned token
 * (`"alg": "none"`, nothing after the last dot) grants nothing by itself. A JWT right after `_` is
 * part of a longer token (GitHub's `ghs_<app>_<JWT>`), which its own rule reports.
 */
import { defineSecretRule } from '../rule.ts';
import { decodeJsonSegment } from './checks.ts';
import { sample } from './sample.ts';

/** The example on jwt.io and in countless tutorials: `{"sub":"1234567890","name":"John Doe","iat":1516239022}`. */
function isDocumentedExample(payload: Record<string, unknown>): boolean {
  return payload.iat === 1516239022 && payload.name === 'John Doe';
}

export const jsonWebToken = defineSecretRule({
  id: 'jwt',
  title: 'JSON Web Token',
  docs: 'https://www.rfc-editor.org/rfc/rfc7519',
  keywords: ['eyJ'],
  pattern: /(?<![A-Za-z0-9_.-])(?<secret>eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,})(?![A-Za-z0-9_-])(?!\.[A-Za-z0-9_-])/,
  entropy: 4,
  validate: (secret) => {
    const [header, payload] = secret.split('.').map(decodeJsonSegment);
    if (header === undefined || payload === undefined) return false;
    return typeof header.alg === 'string' && header.alg.toLowerCase() !== 'none' && !isDocumentedExample(payload);
  },
  samples: {
    truePositives: [
      sample(
        'Authorization: Bearer ',
        'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJLTURkS0o0ZlNGIiwiaXNzIjoiaHR0cHM6Ly9hdXRoLmludGVybmFsLmFjbWUuZGV2IiwiaWF0IjoxNzM1ODEwNDQ1LCJleHAiOjE3Njc1MDE1MDUsInNjb3BlIjoicmVhZDpyZXBvcnRzIn0',
        '.Z40mUuY1lLNdUcvsNTDUnrSSEUk05xePujbmb1V4HgA',
      ),
      sample(
        'REPORTS_SERVICE_JWT=',
        'eyJhbGciOiJSUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJzWnV4UkZ2QW5iIiwiaXNzIjoiaHR0cHM6Ly9hdXRoLmludGVybmFsLmFjbWUuZGV2IiwiaWF0IjoxNzM1ODI2Nzc3LCJleHAiOjE3Njc1MDkwNTEsInNjb3BlIjoicmVhZDpyZXBvcnRzIn0.',
        '3_osQv9WRpVDZgXMYzcIvsRE24YERaDuL6XVLbbIPQHC4awREv90owi73vP1fCvGpwjCfP8lEXgG0YsFfIJNYizHspIrebgTkpMky6V3GDQRycDJmhvZX9iYUmxNl3kCbjVmo-poAtJ_7TJNFBK7I98mjB6Na6dTWcsu1zJ0kEPrHBDtoFIr3diHcRybDdaoUnfmsaeLmE0lCOV6dzJwubiZJgQpu9Z26DFe7IYcTJjfZGXw8BIfuX1Ny0XN8EEzQ6F98NeI5J8ywFJ7Px4OcHttQYeRVCmSKbRMWp2DYKhMiX5GCRxpuBaY-kFabDSAYRpXFnU8ClxaYDfXy6NbqQ',
      ),
      sample(
        '  const session = { token: "',
        'eyJhbGciOiJFUzI1NiIsInR5cCI6IkpXVCJ9',
        '.eyJzdWIiOiJuYm9GakR3SFdMIiwiaXNzIjoiaHR0cHM6Ly9hdXRoLmludGVybmFsLmFjbWUuZGV2IiwiaWF0IjoxNzM2NTU4MDQ2LCJleHAiOjE3Njc1ODQzMTAsInNjb3BlIjoicmVhZDpyZXBvcnRzIn0.Bd9NFW4Jh2sLcwkquwnTvnOgpRMnuoXIdpRK3hzTvJj0QsaQsFJPHnTnalqWvkyB8tkUtLBm5SjxHrDiPlFpyg',
        '" };',
      ),
    ],
    falsePositives: [
      // Unsigned: `{"alg":"none"}` and no signature.
      'const unsigned = "eyJhbGciOiJub25lIn0.eyJzdWIiOiJzdmMtcmVwb3J0cyIsInNjb3BlIjoiYWRtaW4ifQ.";',
      // The jwt.io example.
      sample('Authorization: Bearer ', 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9', '.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c'),
      // A header without `alg`.
      sample('token: ', 'eyJ0eXAiOiJKV1QifQ', '.eyJzdWIiOiJzdmMtcmVwb3J0cyIsInNjb3BlIjoiYWRtaW4ifQ.Z40mUuY1lLNdUcvsNTDUnrSSEUk05xeP'),
      'Authorization: Bearer eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJ...',
    ],
  },
});

export const jwtRules = [jsonWebToken] as const;
