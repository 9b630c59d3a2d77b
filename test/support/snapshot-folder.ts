/** A folder of snapshots for `evident run --snapshot DIR`, one `<source>.json` per source. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Snapshot } from '../../engine/model.ts';

export async function writeSnapshotFolder(dir: string, snapshots: readonly Snapshot[]): Promise<string> {
  await mkdir(dir, { recursive: true });
  const bySource = Map.groupBy(snapshots, (snapshot) => snapshot.source);
  for (const [source, list] of bySource) await writeFile(join(dir, `${source}.json`), JSON.stringify(list));
  return dir;
}
