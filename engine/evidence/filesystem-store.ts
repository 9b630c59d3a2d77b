/**
 * The evidence archive in a local folder. Records are created with an atomic create-if-absent
 * (write a temporary file, then `link` it to its key, which fails if the key exists) and made
 * read-only, so a crash never leaves half a record and a retry never overwrites one.
 */
import { randomBytes } from 'node:crypto';
import { link, mkdir, readdir, readFile, rename, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { assertSafeKey, type EvidenceStore, type StoredObject, type StoreStats } from './store.ts';

const TEMP_PREFIX = '.evident-tmp-';

export class FilesystemStore implements EvidenceStore {
  readonly location: string;
  readonly stats: StoreStats = { requests: 0, bytesWritten: 0, bytesRead: 0 };
  readonly writeTimesTrusted = false;
  private readonly root: string;

  constructor(root: string) {
    this.root = root;
    this.location = root;
  }

  async putOnce(key: string, bytes: Uint8Array): Promise<{ created: boolean }> {
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true });
    const temp = join(dirname(target), `${TEMP_PREFIX}${randomBytes(6).toString('hex')}`);
    this.stats.requests += 1;
    await writeFile(temp, bytes, { mode: 0o444 });
    try {
      await link(temp, target);
      this.stats.bytesWritten += bytes.byteLength;
      return { created: true };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return { created: false };
      throw error;
    } finally {
      await unlink(temp);
    }
  }

  async putPointer(key: string, bytes: Uint8Array): Promise<void> {
    const target = this.pathOf(key);
    await mkdir(dirname(target), { recursive: true });
    const temp = join(dirname(target), `${TEMP_PREFIX}${randomBytes(6).toString('hex')}`);
    this.stats.requests += 1;
    await writeFile(temp, bytes, { mode: 0o644 });
    await rename(temp, target);
    this.stats.bytesWritten += bytes.byteLength;
  }

  async get(key: string): Promise<Uint8Array | undefined> {
    this.stats.requests += 1;
    try {
      const bytes = await readFile(this.pathOf(key));
      this.stats.bytesRead += bytes.byteLength;
      return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
  }

  async *list(prefix = ''): AsyncIterable<StoredObject> {
    this.stats.requests += 1;
    let names: string[];
    try {
      names = await readdir(this.root, { recursive: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    const keys = names
      .map((name) => relative(this.root, join(this.root, name)).split(sep).join('/'))
      .filter((key) => key.startsWith(prefix) && !key.split('/').some((part) => part.startsWith(TEMP_PREFIX)))
      .sort();
    for (const key of keys) {
      const info = await stat(join(this.root, key));
      if (info.isFile()) yield { key, size: info.size, lastModified: info.mtime };
    }
  }

  private pathOf(key: string): string {
    assertSafeKey(key);
    return join(this.root, ...key.split('/'));
  }
}
