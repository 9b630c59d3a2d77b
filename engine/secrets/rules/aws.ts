/**
 * AWS credentials.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/security-creds.html#sec-access-keys-and-secret-access-keys
 * Access key ids are 20 characters: a 4-character prefix saying what they are (AKIA long-term,
 * ASIA temporary, ABIA STS service bearer, ACCA context-specific) and 16 base32 characters.
 */
import { defineSecretRule } from '../rule.ts';
import { sample } from './sample.ts';

export const awsAccessKeyId = defineSecretRule({
  id: 'aws-access-key-id',
  title: 'AWS access key ID',
  docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_identifiers.html#identifiers-unique-ids',
  keywords: ['AKIA', 'ASIA', 'ABIA', 'ACCA'],
  pattern: /(?<![A-Za-z0-9])(?<secret>(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16})(?![A-Za-z0-9])/,
  entropy: 3,
  samples: {
    truePositives: [
      sample('aws_access_key_id = ', 'AKIA', 'Z6QRCU2LPKWA7FNY'),
      sample('export AWS_ACCESS_KEY_ID="', 'ASIA', 'Y3TKBNQ5VR7WXHMD', '"'),
      sample('{"AccessKeyId": "', 'AKIA', 'QW4RT5YU6IO7PAS2', '"}'),
    ],
    falsePositives: [
      'aws_access_key_id = AKIAIOSFODNN7EXAMPLE',
      'const id = "AKIA" + suffix;',
      sample('AKIA', 'z6qrcu2lpkwa7fny'),
      sample('AKIA', 'Z6QRCU2LPKWA7FNYQQ', ' is too long'),
    ],
  },
});

export const awsSecretAccessKey = defineSecretRule({
  id: 'aws-secret-access-key',
  title: 'AWS secret access key',
  docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/security-creds.html',
  keywords: ['secret_access_key', 'secretaccesskey', 'secret-access-key', 'aws_secret', 'aws-secret', 'awssecret'],
  pattern: /(?:secret[_-]?access[_-]?key|aws[_-]?secret(?:[_-]?key)?)["'`]?\s*(?:=|:|=>|:=)\s*["'`]?(?<secret>[A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/i,
  entropy: 4,
  samples: {
    truePositives: [
      sample('aws_secret_access_key = ', 'q8Xv2mT9LkR4pW7nZ3bC6yH1sD5fG0jK', 'aE4uI2oP'),
      sample('AWS_SECRET_ACCESS_KEY: "', 'Bn7Kx2Pq9Rt4Vw6Yz1Ac3De5Fg8Hj0Lm', 'Np2Qr4St"'),
      sample('"SecretAccessKey": "', 'Hq3nR8vL2kT9pX5mW7cB4zJ6yF1dG0sA', 'eU8iO6/+"'),
    ],
    falsePositives: [
      'aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY',
      'aws_secret_access_key = ${{ secrets.AWS_SECRET_ACCESS_KEY }}',
      'AWS_SECRET_ACCESS_KEY: ${AWS_SECRET_ACCESS_KEY}',
      'secret_access_key = aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa',
    ],
  },
});
