/**
 * Builds a rule's sample secrets from pieces, so no complete credential-shaped string stands in
 * Evident's own source: GitHub push protection, other scanners and `evident scan` itself read these
 * files too. `sample('ghp_', 'wWPw5k4aXcaT4fNP0UcnZwJUVFk6LO0pINUx')` is the token the test scans.
 */
export function sample(...pieces: string[]): string {
  return pieces.join('');
}
