import fs from 'node:fs';

/**
 * The smallest part of POSIX ustar our backups need: regular files with relative names,
 * written and read in 512-byte blocks. A backup is a tar file so that an operator can list
 * and unpack it with the `tar` every system has (`tar tvf backup.tar`), with no tool of
 * ours; `npm run restore` reads it with this reader, which refuses anything else (links,
 * devices, absolute names, `..`), since a restore must never write outside DATA_DIR.
 */
const BLOCK = 512;
/** ustar's size field holds 11 octal digits. */
export const MAX_ENTRY_BYTES = 8 * 1024 ** 3 - 1;
const CHUNK = 1024 * 1024;

/** Appends entries to a tar file opened for writing, then its end (two empty blocks). */
export class TarWriter {
  constructor(private readonly fd: number) {}

  /** Adds the file at `source` as `name`, streaming it in chunks; `mode` as it will be unpacked. */
  addFile(name: string, source: string, mode = 0o644): void {
    const size = fs.statSync(source).size;
    this.writeHeader(name, size, mode);
    const input = fs.openSync(source, 'r');
    try {
      const buffer = Buffer.alloc(CHUNK);
      let done = 0;
      while (done < size) {
        const read = fs.readSync(input, buffer, 0, Math.min(CHUNK, size - done), done);
        if (read === 0) throw new Error(`${source} shrank while it was being archived`);
        fs.writeSync(this.fd, buffer, 0, read);
        done += read;
      }
    } finally {
      fs.closeSync(input);
    }
    this.pad(size);
  }

  /** Adds `bytes` as `name`. */
  addBytes(name: string, bytes: Uint8Array, mode = 0o644): void {
    this.writeHeader(name, bytes.length, mode);
    fs.writeSync(this.fd, bytes);
    this.pad(bytes.length);
  }

  /** The two zero blocks that end an archive. */
  finish(): void {
    fs.writeSync(this.fd, Buffer.alloc(BLOCK * 2));
  }

  private pad(size: number): void {
    const rest = size % BLOCK;
    if (rest) fs.writeSync(this.fd, Buffer.alloc(BLOCK - rest));
  }

  private writeHeader(name: string, size: number, mode: number): void {
    checkName(name);
    if (size > MAX_ENTRY_BYTES) throw new Error(`${name} is larger than a tar entry can hold (8 GiB)`);
    const header = Buffer.alloc(BLOCK);
    header.write(name, 0, 100, 'utf8');
    octal(header, 100, 8, mode);
    octal(header, 108, 8, 0); // uid
    octal(header, 116, 8, 0); // gid
    octal(header, 124, 12, size);
    octal(header, 136, 12, Math.floor(Date.now() / 1000));
    header.fill(' ', 148, 156); // the checksum counts itself as spaces
    header.write('0', 156); // a regular file
    header.write('ustar\u000000', 257, 'latin1');
    octal(header, 148, 7, checksum(header));
    fs.writeSync(this.fd, header);
  }
}

/** One entry read from an archive: its name and size; `read` streams its bytes in chunks. */
export interface TarEntry {
  name: string;
  size: number;
  mode: number;
}

/**
 * Reads a tar file entry by entry: `onEntry` gets each header and a function that yields
 * its bytes in chunks (call it once, fully, before the next entry). Throws on a damaged
 * archive or on an entry that is not a regular file with a safe relative name.
 */
export function readTar(file: string, onEntry: (entry: TarEntry, chunks: () => Generator<Buffer>) => void): void {
  const fd = fs.openSync(file, 'r');
  try {
    const total = fs.fstatSync(fd).size;
    let offset = 0;
    const header = Buffer.alloc(BLOCK);
    for (;;) {
      if (offset + BLOCK > total) throw new Error('the archive ends in the middle (it is cut off)');
      fs.readSync(fd, header, 0, BLOCK, offset);
      offset += BLOCK;
      if (header.every((b) => b === 0)) return; // the end
      if (readOctal(header, 148, 8) !== checksum(header)) throw new Error('a header of the archive is damaged (its checksum does not match)');
      const name = header.toString('utf8', 0, 100).replace(/\0.*$/s, '');
      const type = String.fromCharCode(header[156]!);
      if (type !== '0' && type !== '\0') throw new Error(`the archive holds ${name}, which is not a regular file`);
      checkName(name);
      const size = readOctal(header, 124, 12);
      if (offset + size > total) throw new Error('the archive ends in the middle (it is cut off)');
      const start = offset;
      let consumed = false;
      onEntry({ name, size, mode: readOctal(header, 100, 8) & 0o777 }, function* () {
        consumed = true;
        const buffer = Buffer.alloc(CHUNK);
        for (let done = 0; done < size; ) {
          const read = fs.readSync(fd, buffer, 0, Math.min(CHUNK, size - done), start + done);
          done += read;
          yield buffer.subarray(0, read);
        }
      });
      if (!consumed) throw new Error(`the entry ${name} was not read`);
      offset += Math.ceil(size / BLOCK) * BLOCK;
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** A safe relative name: no absolute path, no `..`, no empty part, at most 100 bytes. */
function checkName(name: string): void {
  const parts = name.split('/');
  if (!name || Buffer.byteLength(name) > 100 || name.startsWith('/') || name.includes('\\') || parts.some((p) => p === '' || p === '.' || p === '..')) {
    throw new Error(`the name ${JSON.stringify(name)} is not a safe relative file name`);
  }
}

function octal(header: Buffer, offset: number, length: number, value: number): void {
  header.write(`${value.toString(8).padStart(length - 1, '0')}\0`, offset, length, 'latin1');
}

function readOctal(header: Buffer, offset: number, length: number): number {
  const text = header
    .toString('latin1', offset, offset + length)
    .replace(/[\0 ]+$/, '')
    .trim();
  if (!/^[0-7]*$/.test(text)) throw new Error('a header of the archive is damaged (a number is not octal)');
  return text ? parseInt(text, 8) : 0;
}

function checksum(header: Buffer): number {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 32 : header[i]!;
  return sum;
}
