/**
 * Square access tokens and application secrets.
 * https://developer.squareup.com/docs/build-basics/access-tokens
 * Access tokens (personal and OAuth) are `EAAA` and 60 base64url characters; older ones were
 * `sq0atp-` and 22. OAuth application secrets are `sq0csp-` and 43.
 */
import { defineSecretRule } from '../rule.ts';
import { hasTypedRun } from './checks.ts';
import { sample } from './sample.ts';

export const squareAccessToken = defineSecretRule({
  id: 'square-access-token',
  title: 'Square access token',
  docs: 'https://developer.squareup.com/docs/build-basics/access-tokens',
  keywords: ['EAAA', 'sq0atp-'],
  pattern: /(?<![A-Za-z0-9_-])(?<secret>EAAA[A-Za-z0-9_-]{60}|sq0atp-[A-Za-z0-9_-]{22})(?![A-Za-z0-9_-])/,
  entropy: 3.5,
  validate: (secret) => /[0-9]/.test(secret) && !hasTypedRun(secret.slice(4)),
  samples: {
    truePositives: [
      sample('SQUARE_ACCESS_TOKEN=', 'EAAA', 'LbsBTMCmaQUKVp9GAZmsEMZmaWs7ZOBSTORRzLiCq_SAEeM-0dnM_Sc_uuyp'),
      sample("const client = new SquareClient({ token: '", 'EAAA', "tOP1s-vxJ09LMPOieF_0oLgX4z-zh4JMiHnFs99MxQglxZ23aE-N4H30iLY5', environment: SquareEnvironment.Production });"),
      sample('  square_token: ', 'sq0atp-', 'waJoXx0WpQVQa4LrJ8kcET'),
    ],
    falsePositives: [
      'aws-cli@sha256:eaaa7b11777babe28e6133a8b19ff71cea687e0d7f05158dee95a71f76ce3d00',
      'SQUARE_ACCESS_TOKEN=EAAAxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx',
      'SQUARE_ACCESS_TOKEN=sq0atp-<token>',
    ],
  },
});

export const squareApplicationSecret = defineSecretRule({
  id: 'square-application-secret',
  title: 'Square OAuth application secret',
  docs: 'https://developer.squareup.com/docs/oauth-api/overview',
  keywords: ['sq0csp-'],
  pattern: /(?<![A-Za-z0-9_-])(?<secret>sq0csp-[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/,
  entropy: 4,
  validate: (secret) => !hasTypedRun(secret.slice(7)),
  samples: {
    truePositives: [
      sample('SQUARE_APPLICATION_SECRET=', 'sq0csp-', 'Ca39SfI1ah66zD4V1OO2mJYTANbA76qiNYwhVhpMg_p'),
      sample('  "client_secret": "', 'sq0csp-', 'PvxQSYiAK2pyUdWuZeEGCrnEzuH_x3PN5c6xLx4A1Xf",'),
      sample("square_oauth = OAuth(client_id='sq0idp-Zm92Z5hOfCcVCoz_ulKqR6', client_secret='", 'sq0csp-', "506x-2MHZwX37MmZ07EdrrlqJByo16PGdM13Llf7Ir9')"),
    ],
    falsePositives: [
      'SQUARE_APPLICATION_SECRET=sq0csp-...',
      'SQUARE_APPLICATION_ID=sq0idp-Zm92Z5hOfCcVCoz_ulKqR6',
      'SQUARE_APPLICATION_SECRET=sq0csp-XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX',
    ],
  },
});
