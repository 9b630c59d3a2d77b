/**
 * Cloud, code-hosting and infrastructure credentials, one file per provider. The two AWS rules
 * come first; the order is otherwise the order findings are reported in for the same place.
 */
import type { SecretRule } from '../rule.ts';
import { awsAccessKeyId, awsSecretAccessKey, awsSessionToken } from './aws.ts';
import { azureRules } from './azure.ts';
import { databricksRules } from './databricks.ts';
import { datadogRules } from './datadog.ts';
import { githubRules } from './github.ts';
import { gitlabRules } from './gitlab.ts';
import { googleRules } from './google.ts';
import { hashicorpRules } from './hashicorp.ts';
import { jwtRules } from './jwt.ts';
import { npmRules } from './npm.ts';
import { oktaRules } from './okta.ts';
import { privateKeyRules } from './private-keys.ts';
import { pypiRules } from './pypi.ts';

export const platformRules: readonly SecretRule[] = [
  awsAccessKeyId,
  awsSecretAccessKey,
  awsSessionToken,
  ...githubRules,
  ...gitlabRules,
  ...googleRules,
  ...azureRules,
  ...npmRules,
  ...pypiRules,
  ...databricksRules,
  ...hashicorpRules,
  ...oktaRules,
  ...datadogRules,
  ...privateKeyRules,
  ...jwtRules,
];
