import zlib from 'node:zlib';
import { AppError } from '@/server/errors';
import { sentence } from '@/lib/i18n/sentence';

/**
 * Limits on a Word file's ZIP container, checked against its central directory before any
 * entry is inflated. A real DOCX of up to 10 MB unpacks to a few tens of MB at most (images
 * and fonts are stored at about 1:1; the text is XML at 5–30:1); a ZIP bomb declares (or,
 * lying, hides) hundreds of MB or GB.
 */
export const ZIP_LIMITS = {
  /** All entries together, uncompressed. */
  totalBytes: 64 * 1024 * 1024,
  /** Entries in the directory (a DOCX has a few dozen; each costs a little to read). */
  entries: 2_000,
  /** Uncompressed size over compressed size, per entry: XML packs 5–30:1, runs of one character 1000:1. */
  ratio: 100,
  /** Entries smaller than this are not held to the ratio (a small file of repeated markup packs well and costs nothing). */
  ratioFloorBytes: 1024 * 1024,
} as const;

const TOO_LARGE = sentence('commandErrors.import.zipTooLarge');
const DAMAGED = sentence('commandErrors.import.notWord');

interface Entry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  dataOffset: number;
}

/** The file's entries, as mammoth reads them: `exists` and `read` (the shape of mammoth's own zip object). */
export interface GuardedZip {
  exists(name: string): boolean;
  read(name: string, encoding?: string): Promise<string | Uint8Array>;
}

/**
 * Opens a DOCX for mammoth without trusting it: the central directory is read here (no
 * entry is inflated), every entry's declared sizes are held to ZIP_LIMITS (413), and each
 * entry is inflated only when mammoth asks for it, with Node's own limit on the output set
 * to the declared size, so an entry whose header lies stops at the limit (422) and the
 * inflated bytes of all entries together never pass the total.
 */
export function openGuardedZip(file: Buffer): GuardedZip {
  const entries = centralDirectory(file);
  let declared = 0;
  for (const entry of entries.values()) {
    declared += entry.size;
    if (declared > ZIP_LIMITS.totalBytes) throw new AppError('too_large', TOO_LARGE);
    if (entry.size > ZIP_LIMITS.ratioFloorBytes && entry.size > ZIP_LIMITS.ratio * Math.max(1, entry.compressedSize))
      throw new AppError('too_large', TOO_LARGE);
  }
  let inflated = 0;
  return {
    exists: (name) => entries.has(name),
    async read(name, encoding) {
      const entry = entries.get(name);
      if (!entry) throw new AppError('unprocessable', DAMAGED);
      const bytes = inflate(file, entry);
      inflated += bytes.length;
      if (inflated > ZIP_LIMITS.totalBytes) throw new AppError('too_large', TOO_LARGE);
      if (encoding === 'base64') return bytes.toString('base64');
      return encoding ? new TextDecoder(encoding).decode(bytes) : new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    },
  };
}

/** One entry's bytes: stored or deflated, never more than its declared size, which it must match. */
function inflate(file: Buffer, entry: Entry): Buffer {
  const data = file.subarray(entry.dataOffset, entry.dataOffset + entry.compressedSize);
  if (data.length !== entry.compressedSize) throw new AppError('unprocessable', DAMAGED);
  let bytes: Buffer;
  if (entry.method === 0) bytes = data;
  else if (entry.method === 8) {
    try {
      // One byte of room: an entry that inflates past its declared size is caught, not cut.
      bytes = zlib.inflateRawSync(data, { maxOutputLength: entry.size + 1 });
    } catch (cause) {
      if (cause instanceof RangeError) throw new AppError('too_large', TOO_LARGE, { cause });
      throw new AppError('unprocessable', DAMAGED, { cause });
    }
  } else throw new AppError('unprocessable', DAMAGED);
  if (bytes.length > entry.size) throw new AppError('too_large', TOO_LARGE);
  if (bytes.length !== entry.size) throw new AppError('unprocessable', DAMAGED);
  return bytes;
}

/** Reads the end record and the central directory (names, methods, sizes, where each entry's data starts). */
function centralDirectory(file: Buffer): Map<string, Entry> {
  const END = 0x06054b50;
  let end = file.length - 22;
  // The end record is followed by a comment of at most 65,535 bytes.
  while (end >= 0 && end >= file.length - 22 - 0xffff && file.readUInt32LE(end) !== END) end--;
  if (end < 0 || file.readUInt32LE(end) !== END) throw new AppError('unprocessable', DAMAGED);
  const count = file.readUInt16LE(end + 10);
  const directoryOffset = file.readUInt32LE(end + 16);
  // ZIP64 (0xffff entries or 0xffffffff offsets) is never needed by a 10 MB Word file.
  if (count === 0xffff || directoryOffset === 0xffffffff) throw new AppError('too_large', TOO_LARGE);
  if (count > ZIP_LIMITS.entries) throw new AppError('too_large', TOO_LARGE);
  const entries = new Map<string, Entry>();
  let at = directoryOffset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > file.length || file.readUInt32LE(at) !== 0x02014b50) throw new AppError('unprocessable', DAMAGED);
    const nameLength = file.readUInt16LE(at + 28);
    const localOffset = file.readUInt32LE(at + 42);
    const entry = {
      name: file.subarray(at + 46, at + 46 + nameLength).toString('utf8'),
      method: file.readUInt16LE(at + 10),
      compressedSize: file.readUInt32LE(at + 20),
      size: file.readUInt32LE(at + 24),
      dataOffset: 0,
    };
    if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff) throw new AppError('too_large', TOO_LARGE);
    if (localOffset + 30 > file.length || file.readUInt32LE(localOffset) !== 0x04034b50) throw new AppError('unprocessable', DAMAGED);
    entry.dataOffset = localOffset + 30 + file.readUInt16LE(localOffset + 26) + file.readUInt16LE(localOffset + 28);
    entries.set(entry.name, entry);
    at += 46 + nameLength + file.readUInt16LE(at + 30) + file.readUInt16LE(at + 32);
  }
  return entries;
}
