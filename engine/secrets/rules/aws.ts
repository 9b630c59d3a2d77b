/**
 * AWS credentials.
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/security-creds.html#sec-access-keys-and-secret-access-keys
 * Access key ids are 20 characters: a 4-character prefix saying what they are (AKIA long-term,
 * ASIA temporary, ABIA STS service bearer, ACCA context-specific) and 16 base32 characters.
 * Session tokens of temporary credentials are long base64 strings whose first bytes are fixed:
 * `IQoJb3JpZ2luX2Vj` today, `FwoGZXIvYXdz` / `FQoGZXIvYXdz` / `AQoDYXdz` in older ones.
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

export const awsSessionToken = defineSecretRule({
  id: 'aws-session-token',
  title: 'AWS session token',
  docs: 'https://docs.aws.amazon.com/IAM/latest/UserGuide/id_credentials_temp_use-resources.html',
  keywords: ['IQoJb3JpZ2luX2Vj', 'FwoGZXIvYXdz', 'FQoGZXIvYXdz', 'AQoDYXdz'],
  pattern: /(?<![A-Za-z0-9+/])(?<secret>(?:IQoJb3JpZ2luX2Vj|FwoGZXIvYXdz|FQoGZXIvYXdz|AQoDYXdz)[A-Za-z0-9+/]{100,}={0,2})(?![A-Za-z0-9+/=])/,
  entropy: 4.5,
  samples: {
    truePositives: [
      sample(
        'aws_session_token = ',
        'IQoJb3JpZ2luX2Vj',
        '0gHdhh47pxm+/2uY+xJkzqRM3gXuE4zNrjzsTvXpStM/OQOBHnZlojjqlfBPj9hJJru/TcwHBUTRnsevMRTPZYlYNBXEjJm/dsV9mVTjTnkVVW94jrCOSJOBO6KTcJkWRFERD0UXY4ukv8zu7KoVx7uF4xasKNCad10UaLHaWKNvzvpNB6oZtAOL+k6p6p36N2JNxJ5Momc477i24GeSau9DMkEkAuihIFiMNqRCnfLpLrqoaeExBziXvdWR1w==',
      ),
      sample(
        '    "SessionToken": "',
        'IQoJb3JpZ2luX2Vj',
        'DlbCeY3NmUcSzkFcRzKIjkuLVQdz9ukB0MjtPEVLztBBHDFGGsdwWmCdnEXvu5I6KNRTZw94A+5DHjZcvz3L1lMnC8QoaSFLNz4EB6/ag9DRPjUJXHrh1nSwHEUAdrNc/T97BgN3UVHnO9GoQwSu8EMWvzcEV3BhdNG9KWmYaZX/3K6gyMeWlZOYnjzhsubiHswKOCsqTEvfECf1RiFE0ZC3zkpt43Fxmu4s31a6HU36Zek3SUMZGPcbrq0NCA==',
        '",',
      ),
      sample(
        'export AWS_SESSION_TOKEN="',
        'FwoGZXIvYXdz',
        'uGzZsyLy3a+cYFVhp/Tz3esdHvj9/AtIDSz9rDz2sF7/RZesNPBK2ConapU1jQFKed4BtSHofaMMxHHxqmsxwAF/DMIr/t6umF8jnl8VR3a2uxfl1a6bzis6V+ENMoKvjbx+UAPZe1l2JHZVGtpn2ubhhh80M/Bh0v+vMVXYlNgCud6Pqv22oNBe92KT+NnqbHneUs8zSuHDDqN4A3injr5eoUZU+fEtqhs=',
        '"',
      ),
    ],
    falsePositives: [
      // AWS's documented example.
      'aws_session_token = AQoEXAMPLEH4aoAH0gNCAPyJxz4BlCFFxWNE1OPTgk5TthT+FvwqnKwRcOIfrRh3c/LTo6UDdyJwOOvEVPvLXCrrrUtdnniCEXAMPLE/IvU1dYUg2RVAJBanLiHb4IgRmpRV3zrkuWJOgQs8IZZaIv2BXIa2R4OlgkBN9bkUDNCJiBeb/AXlzBBko7b15fjrBs2+cTQtpZ3CYWFXG8C5zqx37wnOE49mRl/+OtkIKGO7fAE',
      'export AWS_SESSION_TOKEN="$(jq -r .Credentials.SessionToken creds.json)"',
      'aws_session_token = IQoJb3JpZ2luX2VjEJr//////////wEaCXVzLWVhc3QtMSJHMEUCIQ...',
    ],
  },
});
