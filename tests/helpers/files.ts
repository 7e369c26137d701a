import zlib from 'node:zlib';

/**
 * A real PNG (8-bit RGB, one colour) of the given size, written from its chunks: signature,
 * IHDR, one deflated IDAT, IEND, each with its CRC-32.
 */
export function makePng(width: number, height: number, rgb: [number, number, number] = [0x1f, 0x4e, 0x8c]): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(zlib.crc32(body), 8 + data.length);
    return out;
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, 2, 0, 0, 0], 8); // bit depth 8, colour type RGB, deflate, no filter, no interlace
  const row = Buffer.concat([Buffer.from([0]), Buffer.from(Array.from({ length: width }, () => rgb).flat())]);
  const pixels = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(pixels)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/**
 * The entries of a ZIP file (a DOCX) by name, read from its central directory and inflated:
 * enough to look inside a Word file without another dependency.
 */
export function unzip(file: Buffer): Map<string, Buffer> {
  const entries = new Map<string, Buffer>();
  let end = file.length - 22;
  for (let back = 0; back < 65_557 && end >= 0 && file.readUInt32LE(end) !== 0x06054b50; back++) end--;
  if (end < 0 || file.readUInt32LE(end) !== 0x06054b50) throw new Error('not a ZIP file');
  const count = file.readUInt16LE(end + 10);
  let at = file.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    const method = file.readUInt16LE(at + 10);
    const size = file.readUInt32LE(at + 20);
    const nameLength = file.readUInt16LE(at + 28);
    const extra = file.readUInt16LE(at + 30);
    const comment = file.readUInt16LE(at + 32);
    const local = file.readUInt32LE(at + 42);
    const name = file.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    const dataAt = local + 30 + file.readUInt16LE(local + 26) + file.readUInt16LE(local + 28);
    const data = file.subarray(dataAt, dataAt + size);
    entries.set(name, method === 8 ? zlib.inflateRawSync(data) : Buffer.from(data));
    at += 46 + nameLength + extra + comment;
  }
  return entries;
}

/** One entry of a ZIP file to write: its bytes, or bytes already deflated with the sizes to declare. */
export type ZipEntry =
  | { name: string; data: Buffer }
  | { name: string; deflated: Buffer; crc: number; size: number /** Declared instead of `size` (a lying header). */; declaredSize?: number };

/**
 * A ZIP file (a DOCX) written from its parts: local headers, deflated data, the central
 * directory and its end record. Entries given as `deflated` are written as they are, so a
 * test can declare sizes the data does not have.
 */
export function zip(entries: ZipEntry[]): Buffer {
  const locals: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const entry of entries) {
    const name = Buffer.from(entry.name, 'utf8');
    const packed =
      'data' in entry
        ? { deflated: zlib.deflateRawSync(entry.data), crc: zlib.crc32(entry.data), size: entry.data.length }
        : { ...entry, size: entry.declaredSize ?? entry.size };
    const header = (signature: number, length: number) => {
      const out = Buffer.alloc(length);
      out.writeUInt32LE(signature, 0);
      return out;
    };
    const local = header(0x04034b50, 30);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt32LE(packed.crc >>> 0, 14);
    local.writeUInt32LE(packed.deflated.length, 18);
    local.writeUInt32LE(packed.size, 22);
    local.writeUInt16LE(name.length, 26);
    const dir = header(0x02014b50, 46);
    dir.writeUInt16LE(20, 4);
    dir.writeUInt16LE(20, 6);
    dir.writeUInt16LE(8, 10);
    dir.writeUInt32LE(packed.crc >>> 0, 16);
    dir.writeUInt32LE(packed.deflated.length, 20);
    dir.writeUInt32LE(packed.size, 24);
    dir.writeUInt16LE(name.length, 28);
    dir.writeUInt32LE(offset, 42);
    locals.push(local, name, packed.deflated);
    central.push(dir, name);
    offset += 30 + name.length + packed.deflated.length;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** The parts of a minimal Word file around a given word/document.xml entry. */
export function docxEntries(document: ZipEntry): ZipEntry[] {
  const text = (name: string, xml: string): ZipEntry => ({ name, data: Buffer.from(xml, 'utf8') });
  return [
    text(
      '[Content_Types].xml',
      '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    text(
      '_rels/.rels',
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>',
    ),
    document,
  ];
}

/** A word/document.xml whose body is the given paragraphs' plain text. */
export function documentXml(paragraphs: string[]): string {
  const body = paragraphs.map((p) => `<w:p><w:r><w:t xml:space="preserve">${p}</w:t></w:r></w:p>`).join('');
  return `<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`;
}

/**
 * The characters a TrueType/OpenType font maps to a glyph, read from its `cmap` table
 * (the Windows Unicode subtables: format 12 when present, else format 4).
 */
export function fontCodePoints(font: Buffer): Set<number> {
  const tables = font.readUInt16BE(4);
  let cmap = -1;
  for (let i = 0; i < tables; i++) {
    const record = 12 + 16 * i;
    if (font.toString('latin1', record, record + 4) === 'cmap') cmap = font.readUInt32BE(record + 8);
  }
  if (cmap < 0) throw new Error('the font has no cmap table');
  const subtables = new Map<string, number>();
  for (let i = 0; i < font.readUInt16BE(cmap + 2); i++) {
    const record = cmap + 4 + 8 * i;
    subtables.set(`${font.readUInt16BE(record)},${font.readUInt16BE(record + 2)}`, cmap + font.readUInt32BE(record + 4));
  }
  const found = new Set<number>();
  const full = subtables.get('3,10');
  if (full !== undefined && font.readUInt16BE(full) === 12) {
    const groups = font.readUInt32BE(full + 12);
    for (let g = 0; g < groups; g++) {
      const at = full + 16 + 12 * g;
      for (let cp = font.readUInt32BE(at); cp <= font.readUInt32BE(at + 4); cp++) found.add(cp);
    }
    return found;
  }
  const bmp = subtables.get('3,1');
  if (bmp === undefined || font.readUInt16BE(bmp) !== 4) throw new Error('the font has no Windows Unicode cmap');
  const segments = font.readUInt16BE(bmp + 6) / 2;
  const ends = bmp + 14;
  const starts = ends + 2 * segments + 2;
  const deltas = starts + 2 * segments;
  const rangeOffsets = deltas + 2 * segments;
  for (let s = 0; s < segments; s++) {
    const start = font.readUInt16BE(starts + 2 * s);
    const end = font.readUInt16BE(ends + 2 * s);
    const delta = font.readInt16BE(deltas + 2 * s);
    const rangeOffset = font.readUInt16BE(rangeOffsets + 2 * s);
    for (let cp = start; cp <= end && cp !== 0xffff; cp++) {
      const glyph = rangeOffset === 0 ? (cp + delta) & 0xffff : font.readUInt16BE(rangeOffsets + 2 * s + rangeOffset + 2 * (cp - start));
      if (glyph !== 0) found.add(cp);
    }
  }
  return found;
}
