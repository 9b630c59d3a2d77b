/** Every secret rule; specific rules first, generic ones last. */
import type { SecretRule } from '../rule.ts';
import { platformRules } from './platform-rules.ts';
import { serviceRules } from './service-rules.ts';

export const secretRules: readonly SecretRule[] = [...platformRules, ...serviceRules];
