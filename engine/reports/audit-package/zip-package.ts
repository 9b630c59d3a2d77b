/**
 * `--zip`: the package folder as one zip, the same bytes for the same files. Entries are sorted,
 * every entry carries the same modification time, and the time is given in local fields because
 * the zip (DOS) date format has no time zone: 1980-01-01 00:00, the format's first moment, on every machine.
 */
import { zipSync, type Zippable } from 'fflate';
import type { PackageFile } from './manifest.ts';

export function zipFileName(period: { from: string; to: string }): string {
  return `evident-package-${period.from}-${period.to}.zip`;
}

/** Entries are under `folder/` so unzipping makes one folder, not a scatter of files. */
export function zipPackage(files: readonly PackageFile[], folder: string): Uint8Array {
  const mtime = new Date(1980, 0, 1, 0, 0, 0);
  const entries: Zippable = {};
  for (const file of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    entries[`${folder}/${file.path}`] = [file.bytes, { mtime, level: 6 }];
  }
  return zipSync(entries);
}
