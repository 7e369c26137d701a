import type { LetterheadLogo } from './statement-data';
import { checkSvg, SvgRefused } from './svg-check';
import { sentence } from '@/lib/i18n/sentence';

/** Logos larger than this are refused (413): a letterhead logo is a few kilobytes. */
export const MAX_LOGO_BYTES = 512 * 1024;
/** Neither side of a PNG logo may exceed this many pixels. */
const MAX_PIXELS_SIDE = 8192;

const PNG_MAGIC = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Width and height (px) of a logo, or null when the file gives none (an SVG without size). */
export interface LogoSize {
  width: number;
  height: number;
}

/** What is wrong with a file offered as a logo; `null` from `readLogo` means it is neither PNG nor SVG. */
export class LogoProblem extends Error {}

/**
 * Recognises a logo by its bytes, never by its name or declared type: a PNG by its
 * signature and a well-formed IHDR chunk, an SVG by an `<svg` root element in UTF-8 text.
 * An SVG must keep to an allow-list of elements and attributes (svg-check.ts): shapes, text,
 * gradients, clipping and masks, links only to its own fragments, nothing that runs, animates
 * or reaches outside the file. Returns null for anything else; throws LogoProblem for a file
 * that is one of them but not acceptable. (Whether the image decodes is then proven by
 * rendering it once: ExportRenderer.checkLogo.)
 */
export function readLogo(bytes: Uint8Array): { logo: LetterheadLogo; size: LogoSize | null } | null {
  if (bytes.length >= 33 && PNG_MAGIC.every((b, i) => bytes[i] === b)) {
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const chunkType = String.fromCharCode(...bytes.subarray(12, 16));
    if (view.getUint32(8) !== 13 || chunkType !== 'IHDR') throw new LogoProblem(sentence('logoProblems.pngDamaged'));
    const width = view.getUint32(16);
    const height = view.getUint32(20);
    if (width === 0 || height === 0 || width > MAX_PIXELS_SIDE || height > MAX_PIXELS_SIDE) {
      throw new LogoProblem(sentence('logoProblems.pngSize', { max: String(MAX_PIXELS_SIDE) }));
    }
    return { logo: { type: 'png', bytes }, size: { width, height } };
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return null;
  }
  const start = text.replace(/^\uFEFF/, '').replace(/^\s*(<\?xml[^>]*\?>\s*)?(<!--[\s\S]*?-->\s*)*/, '');
  if (!/^<svg[\s>]/.test(start) || !/<\/svg\s*>\s*$/.test(start)) return null;
  try {
    checkSvg(text);
  } catch (err) {
    if (err instanceof SvgRefused) throw new LogoProblem(err.message);
    throw err;
  }
  return { logo: { type: 'svg', bytes }, size: svgSize(start) };
}

/** The size an SVG declares (width/height, else its viewBox), in px; null when it declares none. */
function svgSize(svg: string): LogoSize | null {
  const root = /^<svg\b[^>]*>/.exec(svg)?.[0] ?? '';
  const attr = (name: string) => new RegExp(`\\s${name}\\s*=\\s*["']\\s*([0-9.]+)(px)?\\s*["']`).exec(root)?.[1];
  const width = Number(attr('width'));
  const height = Number(attr('height'));
  if (width > 0 && height > 0) return { width, height };
  const box = /\sviewBox\s*=\s*["']([^"']*)["']/
    .exec(root)?.[1]
    ?.trim()
    .split(/[\s,]+/)
    .map(Number);
  if (box && box.length === 4 && box[2]! > 0 && box[3]! > 0) return { width: box[2]!, height: box[3]! };
  return null;
}
