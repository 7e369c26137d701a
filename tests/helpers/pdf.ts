import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** True when poppler-utils (pdftotext, pdffonts) is installed. */
export function hasPoppler(): boolean {
  return ['/usr/bin/pdftotext', '/usr/bin/pdffonts'].every((p) => fs.existsSync(p));
}

async function withFile<T>(pdf: Uint8Array, fn: (file: string) => Promise<T>): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'communique-pdf-'));
  const file = path.join(dir, 'export.pdf');
  fs.writeFileSync(file, pdf);
  try {
    return await fn(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The PDF's text as `pdftotext -layout` extracts it (what copy-and-paste gives). */
export function pdfText(pdf: Uint8Array): Promise<string> {
  return withFile(pdf, async (file) => (await run('pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'])).stdout);
}

/** The text of each page, in order (`pdftotext -layout` separates pages with a form feed). */
export async function pdfPageTexts(pdf: Uint8Array): Promise<string[]> {
  const pages = (await pdfText(pdf)).split('\f');
  if (pages.at(-1)!.trim() === '') pages.pop();
  return pages;
}

export interface PdfFont {
  name: string;
  embedded: boolean;
  subset: boolean;
  unicode: boolean;
}

/** The fonts `pdffonts` lists, with its emb/sub/uni columns. */
export function pdfFonts(pdf: Uint8Array): Promise<PdfFont[]> {
  return withFile(pdf, async (file) => {
    const lines = (await run('pdffonts', [file])).stdout
      .split('\n')
      .slice(2)
      .filter((l) => l.trim());
    return lines.map((line) => {
      // name, type (may contain spaces), encoding, then emb sub uni object-id generation.
      const cols = line.trim().split(/\s+/);
      const [emb, sub, uni] = cols.slice(-5, -2);
      return { name: cols[0]!, embedded: emb === 'yes', subset: sub === 'yes', unicode: uni === 'yes' };
    });
  });
}

/**
 * Checks that every non-space character of each expected piece appears in the extracted
 * text, contiguously within a piece and the pieces in order. Whitespace is ignored on both
 * sides (line breaks and justification change spaces, never letters). Returns the first
 * piece that is missing, or null.
 */
export function missingInOrder(extracted: string, pieces: readonly string[]): string | null {
  const haystack = extracted.replace(/\s+/g, '');
  let from = 0;
  for (const piece of pieces) {
    const needle = piece.replace(/\s+/g, '');
    const at = haystack.indexOf(needle, from);
    if (at < 0) return piece;
    from = at + needle.length;
  }
  return null;
}

/** `pdfinfo`'s fields (Title, Pages, Tagged, …). */
export function pdfInfo(pdf: Uint8Array): Promise<Record<string, string>> {
  return withFile(pdf, async (file) => {
    const out = (await run('pdfinfo', ['-enc', 'UTF-8', file])).stdout;
    return Object.fromEntries(
      out
        .split('\n')
        .filter((l) => l.includes(':'))
        .map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]),
    );
  });
}

/** The images `pdfimages -list` finds (one row per image: page, size, type). */
export function pdfImages(pdf: Uint8Array): Promise<{ page: number; width: number; height: number; type: string }[]> {
  return withFile(pdf, async (file) => {
    const lines = (await run('pdfimages', ['-list', file])).stdout
      .split('\n')
      .slice(2)
      .filter((l) => l.trim());
    return lines.map((line) => {
      const cols = line.trim().split(/\s+/);
      return { page: Number(cols[0]), width: Number(cols[3]), height: Number(cols[4]), type: cols[2]! };
    });
  });
}

export interface PdfWord {
  text: string;
  xMin: number;
  xMax: number;
  yMin: number;
}

/** Every word with its box (points), as `pdftotext -bbox` places it, and the page width. */
export function pdfWords(pdf: Uint8Array): Promise<{ pageWidth: number; words: PdfWord[] }> {
  return withFile(pdf, async (file) => {
    const html = (await run('pdftotext', ['-bbox', '-enc', 'UTF-8', file, '-'])).stdout;
    const pageWidth = Number(/<page width="([\d.]+)"/.exec(html)?.[1] ?? 0);
    const unescapeXml = (s: string) =>
      s
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&quot;/g, '"')
        .replace(/&#39;/g, "'")
        .replace(/&amp;/g, '&');
    const words = [...html.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="[\d.]+">([^<]*)<\/word>/g)].map((m) => ({
      text: unescapeXml(m[4]!),
      xMin: Number(m[1]),
      yMin: Number(m[2]),
      xMax: Number(m[3]),
    }));
    return { pageWidth, words };
  });
}

/** Every link target in the PDF's annotations, as `pdfinfo -url` lists them. */
export function pdfUrls(pdf: Uint8Array): Promise<string[]> {
  return withFile(pdf, async (file) => {
    const lines = (await run('pdfinfo', ['-url', file])).stdout
      .split('\n')
      .slice(1)
      .filter((l) => l.trim());
    return lines.map((line) => line.trim().split(/\s+/).slice(2).join(' '));
  });
}
