/**
 * Reading files a user or operator put in a folder (the data folder, a persisted cache), bounded:
 * only regular files (a FIFO named WALCL.csv once froze the whole server until SIGKILL: opening a
 * FIFO for reading blocks until someone writes), at most `maxBytes`, within `timeoutMs`.
 *
 * Files are opened with O_NONBLOCK, so even a FIFO swapped in after a directory listing opens at
 * once, and the check is made on the opened descriptor (fstat), not on the name, so nothing can
 * change between the check and the read. Symbolic links to regular files are followed.
 */
import { closeSync, constants, fstatSync, openSync, promises as fs, readSync, type Stats } from 'node:fs';

/** Largest user file read (a daily series since 1900 is about 1 MB). */
export const MAX_USER_FILE_BYTES = 64 * 1024 * 1024;
/** Longest one read may take (a hung network mount): the caller gets an error, not a hang. */
export const USER_FILE_TIMEOUT_MS = 10_000;

/** A file that cannot be used; the message names the file and why. */
export class UserFileError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'UserFileError';
  }
}

export interface UserFile {
  readonly text: string;
  /** Last modification, for the retrieval time of a series read from it. */
  readonly modified: Date;
}

export interface ReadLimits {
  readonly maxBytes?: number;
  readonly timeoutMs?: number;
}

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** What a non-regular file is, in words. */
export function kindOf(stats: Stats): string {
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function check(file: string, stats: Stats, maxBytes: number): void {
  if (!stats.isFile()) throw new UserFileError(file, `is ${kindOf(stats)}, not a regular file`);
  if (stats.size > maxBytes) throw new UserFileError(file, `is ${stats.size} bytes, more than the ${maxBytes} allowed`);
}

function openError(file: string, error: unknown): Error {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'EISDIR') return new UserFileError(file, 'is a folder, not a regular file');
  // Passed on as it is, code included (ENOENT means "none", which callers treat as normal). No
  // `instanceof Error` test: an fs error may come from another realm (jest's VM) and fail it.
  return error as Error;
}

/**
 * Reads at most `maxBytes + 1` bytes (one more tells "too large" from "exactly the limit"): a file
 * that grows while it is read cannot make the read unbounded.
 */
async function readBounded(handle: fs.FileHandle, file: string, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for (;;) {
    const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, maxBytes + 1 - total));
    const { bytesRead } = await handle.read(chunk, 0, chunk.length, null);
    if (bytesRead === 0) return Buffer.concat(chunks, total);
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
    if (total > maxBytes) throw new UserFileError(file, `grew past the ${maxBytes} bytes allowed while being read`);
  }
}

/** The text of a regular file, off the event loop, bounded in size and time; throws UserFileError otherwise. */
export async function readUserFile(file: string, limits: ReadLimits = {}): Promise<UserFile> {
  const maxBytes = limits.maxBytes ?? MAX_USER_FILE_BYTES;
  const timeoutMs = limits.timeoutMs ?? USER_FILE_TIMEOUT_MS;
  let handle: fs.FileHandle;
  try {
    handle = await fs.open(file, OPEN_FLAGS);
  } catch (error) {
    throw openError(file, error);
  }
  let timer: ReturnType<typeof setTimeout> | undefined;
  let timedOut = false;
  try {
    const reading = (async () => {
      const stats = await handle.stat();
      check(file, stats, maxBytes);
      return { text: (await readBounded(handle, file, maxBytes)).toString('utf8'), modified: stats.mtime };
    })();
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        reject(new UserFileError(file, `could not be read within ${timeoutMs} ms`));
      }, timeoutMs);
    });
    // A late read's rejection is nobody's business once the deadline answered.
    reading.catch(() => undefined);
    return await Promise.race([reading, deadline]);
  } finally {
    clearTimeout(timer);
    // close() waits for the pending read: after a timeout it is left to finish on its own, not awaited.
    const closing = handle.close().catch(() => undefined);
    if (!timedOut) await closing;
  }
}

/**
 * The same for synchronous callers (test helpers, scripts): never blocks on a FIFO or device, but
 * reads on the calling thread; servers use readUserFile.
 */
export function readUserFileSync(file: string, limits: Pick<ReadLimits, 'maxBytes'> = {}): UserFile {
  const maxBytes = limits.maxBytes ?? MAX_USER_FILE_BYTES;
  let fd: number;
  try {
    fd = openSync(file, OPEN_FLAGS);
  } catch (error) {
    throw openError(file, error);
  }
  try {
    const stats = fstatSync(fd);
    check(file, stats, maxBytes);
    // Bounded like readBounded: at most maxBytes + 1 bytes, whatever the file grows to meanwhile.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.allocUnsafe(Math.min(64 * 1024, maxBytes + 1 - total));
      const bytesRead = readSync(fd, chunk, 0, chunk.length, null);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw new UserFileError(file, `grew past the ${maxBytes} bytes allowed while being read`);
    }
    return { text: Buffer.concat(chunks, total).toString('utf8'), modified: stats.mtime };
  } finally {
    closeSync(fd);
  }
}
