// Atomic outputs. A file is written to a temporary name beside its target (".bsq-tmp-*") and renamed
// over it only after everything was written and synced, so a failure never leaves a truncated file
// and never replaces a good one. Directories (train's output) are staged the same way and swapped in
// entry by entry. Temporary paths still open when the process is interrupted are removed by
// cleanupPendingSync() (main.ts calls it from its signal handlers). A target that exists and is not a
// regular file (/dev/null, /dev/stdout, a FIFO) is written in place instead.
import { chmod, open, realpath, rename, rm, mkdir, mkdtemp, readdir, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { fileError } from './errors.js';

export const TMP_PREFIX = '.bsq-tmp-';

const pending = new Set<string>();
const hooks = new Set<() => void>();

/** Run `hook` in cleanupPendingSync too (temporary files made elsewhere, e.g. by worker threads). */
export function onCleanup(hook: () => void): () => void {
  hooks.add(hook);
  return () => hooks.delete(hook);
}

/** Remove every temporary file or directory still in flight (for signal handlers). */
export function cleanupPendingSync(): void {
  for (const hook of hooks) {
    try {
      hook();
    } catch {
      // best effort
    }
  }
  for (const p of pending) {
    try {
      rmSync(p, { recursive: true, force: true });
    } catch {
      // best effort
    }
  }
  pending.clear();
}

/** The temporary names this process (any of its threads) gives outputs in `dir` start with this. */
export function tmpPrefixOfProcess(): string {
  return `${TMP_PREFIX}${process.pid}-`;
}

function tmpNameFor(target: string): string {
  return join(dirname(target), `${TMP_PREFIX}${process.pid}-${randomBytes(4).toString('hex')}-${basename(target)}`);
}

/** Something bytes can be written to, then committed (made visible) or aborted (nothing left). */
export interface ByteSink {
  write(chunk: Uint8Array | string): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
  /** Bytes written so far. */
  readonly bytesWritten: number;
}

/** A file written under a temporary name and renamed over `target` on commit. */
export class AtomicFile implements ByteSink {
  private handle: FileHandle | undefined;
  private done = false;
  bytesWritten = 0;

  private constructor(
    readonly target: string,
    private readonly tmp: string,
    handle: FileHandle,
    private readonly label: string,
  ) {
    this.handle = handle;
  }

  /** `label` is the name used in error messages (default: `target`). */
  static async create(target: string, label = target): Promise<AtomicFile> {
    let st: Awaited<ReturnType<typeof stat>> | undefined;
    try {
      st = await stat(target).catch(() => undefined);
      if (st?.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
    } catch (err) {
      throw fileError(err, 'write', label);
    }
    if (st && !st.isFile()) {
      // A device, FIFO or socket (/dev/null, /dev/stdout, a named pipe): written in place. Renaming
      // a temporary file over it would replace the device node itself (and a write error such as
      // /dev/full's ENOSPC would go unseen).
      try {
        return new AtomicFile(target, '', await open(target, 'w'), label);
      } catch (err) {
        throw fileError(err, 'write', label);
      }
    }
    // Through a symlink, replace the file it points to, not the link.
    if (st) target = await realpath(target).catch(() => target);
    const tmp = tmpNameFor(target);
    let handle: FileHandle;
    try {
      handle = await open(tmp, 'wx', 0o644);
    } catch (err) {
      throw fileError(err, 'write', label);
    }
    pending.add(tmp);
    return new AtomicFile(target, tmp, handle, label);
  }

  async write(chunk: Uint8Array | string): Promise<void> {
    if (!this.handle) throw new Error('AtomicFile: write after commit/abort');
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let off = 0;
    try {
      while (off < bytes.byteLength) {
        const { bytesWritten } = await this.handle.write(bytes, off, bytes.byteLength - off);
        off += bytesWritten;
      }
    } catch (err) {
      throw fileError(err, 'write', this.label);
    }
    this.bytesWritten += bytes.byteLength;
  }

  async commit(): Promise<void> {
    if (this.done) return;
    const h = this.handle;
    if (!h) throw new Error('AtomicFile: commit after abort');
    try {
      if (this.tmp === '') {
        // written in place (not a regular file): nothing to sync or rename
        await h.close();
        this.handle = undefined;
        this.done = true;
        return;
      }
      await h.sync();
      await h.close();
      this.handle = undefined;
      await rename(this.tmp, this.target);
      this.done = true;
      pending.delete(this.tmp);
    } catch (err) {
      await this.abort();
      throw fileError(err, 'write', this.label);
    }
  }

  async abort(): Promise<void> {
    if (this.done) return;
    this.done = true;
    const h = this.handle;
    this.handle = undefined;
    if (h) await h.close().catch(() => undefined);
    if (this.tmp === '') return;
    await rm(this.tmp, { force: true }).catch(() => undefined);
    pending.delete(this.tmp);
  }
}

/** Write a whole file atomically. */
export async function writeFileAtomic(target: string, data: Uint8Array | string): Promise<void> {
  const f = await AtomicFile.create(target);
  try {
    await f.write(data);
    await f.commit();
  } catch (err) {
    await f.abort();
    throw err;
  }
}

/** Fail early (before any work) if `target` exists and is not a directory; its stat otherwise. */
export async function checkDirTarget(target: string, label = target): Promise<import('node:fs').Stats | undefined> {
  const st = await stat(target).catch((err: unknown) => {
    if ((err as { code?: string }).code === 'ENOENT') return undefined;
    throw fileError(err, 'write', label);
  });
  if (st && !st.isDirectory()) throw fileError(Object.assign(new Error('not a directory'), { code: 'ENOTDIR' }), 'write', label);
  return st;
}

/**
 * Build a directory atomically: `fill` writes into a fresh staging directory beside `target`; only
 * when it succeeds is the result moved into place. If `target` does not exist it is a single rename;
 * otherwise each top-level entry of the staging directory replaces the entry of the same name in
 * `target` (other files there are left alone), rolling back if a rename fails.
 */
export async function writeDirAtomic(target: string, fill: (dir: string) => Promise<void>, label = target): Promise<void> {
  const st = await checkDirTarget(target, label);
  const parent = dirname(target);
  try {
    await mkdir(parent, { recursive: true });
  } catch (err) {
    throw fileError(err, 'create directory', parent);
  }
  let staging: string;
  try {
    staging = await mkdtemp(join(parent, `${TMP_PREFIX}${process.pid}-`));
  } catch (err) {
    throw fileError(err, 'write', label);
  }
  pending.add(staging);
  try {
    await chmod(staging, 0o755); // mkdtemp makes it 0700; the result is an ordinary directory
    await fill(staging);
    if (!st) {
      try {
        await rename(staging, target);
      } catch (err) {
        throw fileError(err, 'write', label);
      }
      pending.delete(staging);
      return;
    }
    await swapEntries(staging, target, label);
  } finally {
    await rm(staging, { recursive: true, force: true }).catch(() => undefined);
    pending.delete(staging);
  }
}

async function swapEntries(staging: string, target: string, label: string): Promise<void> {
  const names = await readdir(staging);
  const backups: { name: string; backup: string | undefined }[] = [];
  const tag = `${TMP_PREFIX}old-${process.pid}-${randomBytes(3).toString('hex')}-`;
  try {
    for (const name of names) {
      const dest = join(target, name);
      const exists = await stat(dest).then(
        () => true,
        () => false,
      );
      let backup: string | undefined;
      if (exists) {
        backup = join(target, tag + name);
        pending.add(backup);
        await rename(dest, backup);
      }
      backups.push({ name, backup });
      await rename(join(staging, name), dest);
    }
  } catch (err) {
    // Roll back: put the old entries back where they were.
    for (const { name, backup } of backups.reverse()) {
      const dest = join(target, name);
      await rm(dest, { recursive: true, force: true }).catch(() => undefined);
      if (backup) await rename(backup, dest).catch(() => undefined);
      if (backup) pending.delete(backup);
    }
    throw fileError(err, 'write', label);
  }
  for (const { backup } of backups) {
    if (!backup) continue;
    await rm(backup, { recursive: true, force: true }).catch(() => undefined);
    pending.delete(backup);
  }
}

/** Plain (non-atomic) write, for files inside a staging directory. */
export async function writeStagedFile(path: string, data: Uint8Array | string): Promise<void> {
  try {
    await writeFile(path, data);
  } catch (err) {
    throw fileError(err, 'write', path);
  }
}
