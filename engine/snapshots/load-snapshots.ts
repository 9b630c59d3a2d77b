/**
 * Reads snapshots from a folder (`evident run --snapshot DIR`): every `*.json` below it holds one
 * snapshot or a list of them, in the envelope of engine/model.ts. The source-specific `data` is
 * checked later, per control, so one malformed source does not stop the others.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ConfigurationError } from '../errors.ts';
import { Snapshot } from '../model.ts';
import { describeZodError } from '../zod-issues.ts';

const SnapshotFile = z.union([Snapshot, z.array(Snapshot)]);

export async function loadSnapshots(dir: string): Promise<Snapshot[]> {
  let names: string[];
  try {
    names = (await readdir(dir, { recursive: true })).filter((name) => name.endsWith('.json')).sort();
  } catch (error) {
    throw new ConfigurationError(`cannot read snapshots from ${dir}: ${(error as Error).message}`);
  }
  if (names.length === 0) throw new ConfigurationError(`${dir} holds no *.json snapshot files`);
  const snapshots: Snapshot[] = [];
  for (const name of names) {
    const file = join(dir, name);
    let json: unknown;
    try {
      json = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      throw new ConfigurationError(`${file} is not valid JSON: ${(error as Error).message}`);
    }
    const parsed = SnapshotFile.safeParse(json);
    if (!parsed.success) {
      const single = Snapshot.safeParse(Array.isArray(json) ? json.find((item) => !Snapshot.safeParse(item).success) : json);
      throw new ConfigurationError(`${file} is not a snapshot: ${single.success ? describeZodError(parsed.error) : describeZodError(single.error)}`);
    }
    snapshots.push(...(Array.isArray(parsed.data) ? parsed.data : [parsed.data]));
  }
  return snapshots;
}
