import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readTar, TarWriter } from './tar';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'communique-tar-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function write(file: string, entries: [string, Uint8Array][]): void {
  const fd = fs.openSync(file, 'w');
  const tar = new TarWriter(fd);
  for (const [name, bytes] of entries) tar.addBytes(name, bytes);
  tar.finish();
  fs.closeSync(fd);
}

function readAll(file: string): [string, string][] {
  const out: [string, string][] = [];
  readTar(file, (entry, chunks) => out.push([entry.name, Buffer.concat([...chunks()]).toString('utf8')]));
  return out;
}

/** Rewrites the first header's name (same length) and its checksum, as a hostile archive would. */
function renameFirst(file: string, name: string): void {
  const bytes = fs.readFileSync(file);
  bytes.write(name, 0, 'utf8');
  bytes.fill(' ', 148, 156);
  let sum = 0;
  for (let i = 0; i < 512; i++) sum += bytes[i]!;
  bytes.write(`${sum.toString(8).padStart(6, '0')}\0`, 148, 'latin1');
  fs.writeFileSync(file, bytes);
}

describe('the backup archive (ustar)', () => {
  it('reads back exactly what it wrote, across block boundaries', () => {
    const file = path.join(dir, 'round-trip.tar');
    const big = Buffer.alloc(5000, 'ə');
    write(file, [
      ['a.json', Buffer.from('{"x":1}')],
      ['nested/b.bin', big],
      ['empty', new Uint8Array()],
    ]);
    expect(fs.statSync(file).size % 512).toBe(0);
    expect(readAll(file)).toEqual([
      ['a.json', '{"x":1}'],
      ['nested/b.bin', big.toString('utf8')],
      ['empty', ''],
    ]);
  });

  it('refuses names that would leave the directory, and cut-off or damaged archives', () => {
    expect(() => write(path.join(dir, 'bad.tar'), [['../evil', Buffer.from('x')]])).toThrow(/not a safe relative file name/);
    const file = path.join(dir, 'hostile.tar');
    write(file, [['ab/evil', Buffer.from('x')]]);
    renameFirst(file, '../evil');
    expect(() => readAll(file)).toThrow(/not a safe relative file name/);
    renameFirst(file, '/bsolut');
    expect(() => readAll(file)).toThrow(/not a safe relative file name/);

    const cut = path.join(dir, 'cut.tar');
    write(cut, [['a', Buffer.alloc(2000)]]);
    fs.truncateSync(cut, 1024);
    expect(() => readAll(cut)).toThrow(/cut off/);

    const damaged = path.join(dir, 'damaged.tar');
    write(damaged, [['a', Buffer.from('x')]]);
    const bytes = fs.readFileSync(damaged);
    bytes[0] = 'b'.charCodeAt(0);
    fs.writeFileSync(damaged, bytes);
    expect(() => readAll(damaged)).toThrow(/checksum/);
  });
});
