import type { OktaFactor } from '../../snapshots/okta.ts';

/**
 * Factor types that authenticate with a key bound to the site, so a phishing page cannot relay them:
 * WebAuthn/FIDO2 (`webauthn`, legacy `u2f`) and Okta FastPass (`signed_nonce`).
 * https://developer.okta.com/docs/reference/api/factors/#factor-type
 */
export const PHISHING_RESISTANT_FACTOR_TYPES: readonly string[] = ['webauthn', 'u2f', 'signed_nonce'];

/** The factors that count as a second factor: enrolled and active, and not of an excluded type. */
export function activeFactors(factors: readonly OktaFactor[], excludedTypes: readonly string[]): OktaFactor[] {
  return factors.filter((factor) => factor.status === 'ACTIVE' && !excludedTypes.includes(factor.type));
}

export function describeFactors(factors: readonly OktaFactor[]): string {
  return factors.length === 0 ? 'none' : factors.map((factor) => `${factor.type} (${factor.status.toLowerCase()})`).join(', ');
}
