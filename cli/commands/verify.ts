import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { ConfigurationError } from '../../engine/errors.ts';
import { openStoreAt } from '../../engine/evidence/open-store.ts';
import { SEAL_PUBLIC_KEY_ENV, verifierFromKey } from '../../engine/evidence/signing.ts';
import { verifyEvidence } from '../../engine/evidence/verify.ts';
import { verifyLines } from '../format.ts';

export async function verifyCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { evidence: { type: 'string' }, 'public-key': { type: 'string' } }, strict: true });
  if (values.evidence === undefined) throw new ConfigurationError('pass --evidence with the evidence folder or s3://bucket/prefix');
  const keyFile = values['public-key'];
  const keyText = keyFile === undefined ? process.env[SEAL_PUBLIC_KEY_ENV] : await readFile(keyFile, 'utf8');
  const verifier = keyText === undefined || keyText.trim() === '' ? undefined : verifierFromKey(keyText, keyFile ?? SEAL_PUBLIC_KEY_ENV);
  const report = await verifyEvidence(openStoreAt(values.evidence), { verifier });
  process.stdout.write(`${verifyLines(report).join('\n')}\n`);
  return report.intact ? 0 : 1;
}
