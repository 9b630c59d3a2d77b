import { parseArgs } from 'node:util';
import { ConfigurationError } from '../../engine/errors.ts';
import { openStoreAt } from '../../engine/evidence/open-store.ts';
import { sealEvidence } from '../../engine/evidence/seal.ts';
import { signerFromEnv } from '../../engine/evidence/signing.ts';

/** Seals what the shards of a matrix recorded (`evident run --no-seal` in each, then this once). */
export async function sealCommand(args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { evidence: { type: 'string' }, 'retain-days': { type: 'string' } }, strict: true });
  if (values.evidence === undefined) throw new ConfigurationError('pass --evidence with the evidence folder or s3://bucket/prefix');
  const days = values['retain-days'] === undefined ? undefined : Number(values['retain-days']);
  if (days !== undefined && !(Number.isInteger(days) && days > 0)) throw new ConfigurationError(`--retain-days ${values['retain-days']} is not a whole number of days`);
  const now = new Date();
  const store = openStoreAt(values.evidence);
  const outcome = await sealEvidence(store, { now, signer: signerFromEnv(), retainUntil: days === undefined ? undefined : new Date(now.getTime() + days * 86_400_000) });
  for (const rejected of outcome.rejected) process.stderr.write(`Warning: not sealed: ${rejected.key} ${rejected.problem}\n`);
  process.stdout.write(outcome.seal === undefined ? `Nothing new to seal in ${store.location}.\n` : `Sealed #${outcome.seal.sequence}: ${outcome.seal.records} record(s) in ${store.location}.\n`);
  return 0;
}
