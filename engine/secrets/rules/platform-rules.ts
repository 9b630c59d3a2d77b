/** Cloud, code-hosting and infrastructure credentials. */
import type { SecretRule } from '../rule.ts';
import { awsAccessKeyId, awsSecretAccessKey } from './aws.ts';

export const platformRules: readonly SecretRule[] = [awsAccessKeyId, awsSecretAccessKey];
