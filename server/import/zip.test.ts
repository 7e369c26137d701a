import { randomBytes } from 'node:crypto';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { zip } from '@/tests/helpers/files';
import { isAppError } from '@/server/errors';
import { ZIP_LIMITS, openGuardedZip } from './zip';

/** The AppError code `run` fails with (or 'none'). */
async function refusal(run: () => unknown): Promise<string> {
  try {
    await run();
    return 'none';
  } catch (err) {
    return isAppError(err) ? err.code : `not an AppError: ${String(err)}`;
  }
}

describe('the guarded ZIP reader of Word files', () => {
  it('reads an honest file’s entries, stored as text or bytes', async () => {
    const file = zip([{ name: 'word/document.xml', data: Buffer.from('<w:document>ə İ</w:document>') }]);
    const z = openGuardedZip(file);
    expect(z.exists('word/document.xml')).toBe(true);
    expect(z.exists('word/styles.xml')).toBe(false);
    expect(await z.read('word/document.xml', 'utf-8')).toBe('<w:document>ə İ</w:document>');
    expect(Buffer.from((await z.read('word/document.xml')) as Uint8Array).toString('utf8')).toBe('<w:document>ə İ</w:document>');
  });

  it('refuses a file whose declared sizes add up past the total (413), before inflating anything', async () => {
    // Random bytes do not inflate: reaching them would be a 422, so the 413 proves nothing was inflated.
    const garbage = randomBytes(1024 * 1024);
    const declared = Math.ceil(ZIP_LIMITS.totalBytes / 2) + 1;
    const file = zip(['a.xml', 'b.xml'].map((name) => ({ name, deflated: garbage, crc: 0, size: declared })));
    expect(await refusal(() => openGuardedZip(file))).toBe('too_large');
  });

  it('refuses an entry packed tighter than the ratio (413), before inflating it', async () => {
    const file = zip([{ name: 'word/document.xml', deflated: randomBytes(20 * 1024), crc: 0, size: 20 * 1024 * (ZIP_LIMITS.ratio + 1) }]);
    expect(await refusal(() => openGuardedZip(file))).toBe('too_large');
  });

  it('stops an entry that inflates past its declared size at that size (413)', async () => {
    const zeros = Buffer.alloc(8 * 1024 * 1024);
    const file = zip([{ name: 'word/document.xml', deflated: zlib.deflateRawSync(zeros), crc: zlib.crc32(zeros), size: zeros.length, declaredSize: 4096 }]);
    const z = openGuardedZip(file);
    expect(await refusal(() => z.read('word/document.xml', 'utf-8'))).toBe('too_large');
  });

  it('refuses what is not a ZIP file, and an entry shorter than declared, as damaged (422)', async () => {
    expect(await refusal(() => openGuardedZip(Buffer.from('not a zip at all, just some text')))).toBe('unprocessable');
    const text = Buffer.from('short');
    const file = zip([{ name: 'word/document.xml', deflated: zlib.deflateRawSync(text), crc: zlib.crc32(text), size: text.length, declaredSize: 50 }]);
    expect(await refusal(() => openGuardedZip(file).read('word/document.xml', 'utf-8'))).toBe('unprocessable');
  });
});
