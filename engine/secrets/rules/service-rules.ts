/** SaaS, payments, messaging and AI service credentials, then the generic rules (last). */
import type { SecretRule } from '../rule.ts';

export const serviceRules: readonly SecretRule[] = [];
