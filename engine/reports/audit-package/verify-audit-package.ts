/**
 * Checks a package folder against its manifest: every listed file present with its SHA-256, no file
 * that the manifest does not list, and the signature when there is one. For tests, and for auditors
 * (`verifyAuditPackage(dir, verifierFromKey(publicKeyPem))`).
 */
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { sha256Hex } from '../../evidence/sha256.ts';
import type { SealVerifier } from '../../evidence/signing.ts';
import { describeZodError } from '../../zod-issues.ts';
import { MANIFEST_FILE, manifestSignedBytes, PackageManifest } from './manifest.ts';

export interface AuditPackageVerification {
  /** Every file matches and the signature, when checked, is valid. */
  intact: boolean;
  /** Files checked against the manifest. */
  files: number;
  /** One per missing, altered or unlisted file, or a bad signature. */
  problems: { path: string; problem: string }[];
  /** `unverified`: signed, but no public key was given to check it. */
  signature: 'valid' | 'invalid' | 'unsigned' | 'unverified';
  keyId?: string;
}

export async function verifyAuditPackage(dir: string, verifier?: SealVerifier): Promise<AuditPackageVerification> {
  const problems: AuditPackageVerification['problems'] = [];
  let manifest: PackageManifest;
  try {
    const parsed = PackageManifest.safeParse(JSON.parse(await readFile(join(dir, MANIFEST_FILE), 'utf8')));
    if (!parsed.success) return broken(`is not an Evident package manifest (${describeZodError(parsed.error)})`);
    manifest = parsed.data;
  } catch (error) {
    return broken(`could not be read: ${(error as Error).message}`);
  }
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const pathOf = (entry: (typeof entries)[number]) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/');
  // A link could point anywhere: a package holds only regular files and folders.
  for (const entry of entries) if (!entry.isFile() && !entry.isDirectory()) problems.push({ path: pathOf(entry), problem: 'is not a regular file' });
  const present = new Set(entries.filter((entry) => entry.isFile()).map(pathOf).filter((path) => path !== MANIFEST_FILE));
  for (const file of manifest.files) {
    if (!present.has(file.path)) {
      problems.push({ path: file.path, problem: 'is listed in the manifest but missing' });
      continue;
    }
    present.delete(file.path);
    const actual = sha256Hex(await readFile(join(dir, ...file.path.split('/'))));
    if (actual !== file.sha256) problems.push({ path: file.path, problem: `has changed: its SHA-256 is ${actual.slice(0, 12)}…, the manifest says ${file.sha256.slice(0, 12)}…` });
  }
  for (const path of [...present].sort()) problems.push({ path, problem: 'is not listed in the manifest (added after the package was made)' });

  let signature: AuditPackageVerification['signature'] = 'unsigned';
  if (manifest.signature !== undefined && verifier === undefined) signature = 'unverified';
  else if (manifest.signature !== undefined && verifier !== undefined) {
    const valid = manifest.signature.keyId === verifier.keyId && verifier.verify(manifestSignedBytes(manifest), manifest.signature.value);
    signature = valid ? 'valid' : 'invalid';
    if (!valid) {
      const why = manifest.signature.keyId === verifier.keyId ? 'does not match its content' : `was made with key ${manifest.signature.keyId}, not the given key ${verifier.keyId}`;
      problems.push({ path: MANIFEST_FILE, problem: `signature ${why}` });
    }
  } else if (verifier !== undefined) {
    problems.push({ path: MANIFEST_FILE, problem: 'is not signed, but a public key was given to check its signature' });
  }
  return {
    intact: problems.length === 0,
    files: manifest.files.length,
    problems,
    signature,
    ...(manifest.signature === undefined ? {} : { keyId: manifest.signature.keyId }),
  };

  function broken(problem: string): AuditPackageVerification {
    return { intact: false, files: 0, problems: [{ path: MANIFEST_FILE, problem }], signature: 'unsigned' };
  }
}
