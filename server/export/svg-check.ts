import { sentence } from '@/lib/i18n/sentence';

/**
 * The allow-list an SVG letterhead logo must keep to: the elements and attributes a logo
 * needs (shapes, text, gradients, clipping, masks, local references), and nothing that can
 * run code, animate, embed HTML or reach outside the file. Read with a small strict XML
 * reader of its own: anything it does not understand (a DOCTYPE, an entity, a prefix it
 * does not know, a processing instruction) is refused, never skipped.
 */

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';

const ELEMENTS = new Set([
  'svg',
  'g',
  'path',
  'rect',
  'circle',
  'ellipse',
  'line',
  'polyline',
  'polygon',
  'text',
  'tspan',
  'defs',
  'linearGradient',
  'radialGradient',
  'stop',
  'clipPath',
  'mask',
  'use',
  'title',
  'desc',
  'style',
  'image',
]);

const ATTRIBUTES = new Set([
  // structure and geometry
  'id',
  'class',
  'style',
  'transform',
  'version',
  'baseProfile',
  'width',
  'height',
  'viewBox',
  'preserveAspectRatio',
  'x',
  'y',
  'x1',
  'y1',
  'x2',
  'y2',
  'cx',
  'cy',
  'r',
  'rx',
  'ry',
  'fx',
  'fy',
  'fr',
  'dx',
  'dy',
  'd',
  'points',
  'pathLength',
  'rotate',
  'textLength',
  'lengthAdjust',
  'href',
  'type',
  'media',
  'lang',
  // gradients, clipping, masks
  'gradientUnits',
  'gradientTransform',
  'spreadMethod',
  'offset',
  'clipPathUnits',
  'maskUnits',
  'maskContentUnits',
  // presentation
  'fill',
  'fill-opacity',
  'fill-rule',
  'stroke',
  'stroke-width',
  'stroke-linecap',
  'stroke-linejoin',
  'stroke-miterlimit',
  'stroke-dasharray',
  'stroke-dashoffset',
  'stroke-opacity',
  'opacity',
  'color',
  'display',
  'visibility',
  'overflow',
  'stop-color',
  'stop-opacity',
  'clip-path',
  'clip-rule',
  'mask',
  'font-family',
  'font-size',
  'font-weight',
  'font-style',
  'font-variant',
  'font-stretch',
  'text-anchor',
  'dominant-baseline',
  'alignment-baseline',
  'baseline-shift',
  'letter-spacing',
  'word-spacing',
  'text-decoration',
  'text-rendering',
  'shape-rendering',
  'image-rendering',
  'color-interpolation',
  'vector-effect',
  'paint-order',
  'writing-mode',
  'direction',
  'unicode-bidi',
  'isolation',
  'mix-blend-mode',
  // prefixed ones that are understood
  'xlink:href',
  'xml:space',
  'xml:lang',
]);

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const NAME = /^[A-Za-z_][\w.-]*(?::[A-Za-z_][\w.-]*)?/;
const EMBEDDED_IMAGE = /^data:image\/(?:png|jpeg|gif);base64,[A-Za-z0-9+/=\s]*$/;

/** Why an SVG was refused; the message is a sentence for the person who uploaded it. */
export class SvgRefused extends Error {}

/** A refusal in words from the catalogues (`logoProblems`), English here, the reader's in the answer. */
const refused = (key: string, values?: Record<string, string>) => new SvgRefused(sentence(`logoProblems.${key}`, values));
/** Something a letterhead logo may not use: `logoProblems.<key>` names it and says how to save the file instead. */
const outside = refused;

/** Replaces the five XML entities and character references; refuses any other entity. */
function decode(raw: string): string {
  return raw.replace(/&([^;&\s]*);?/g, (whole, name: string) => {
    if (!whole.endsWith(';')) throw refused('badReference');
    if (name in ENTITIES) return ENTITIES[name]!;
    const code = /^#x([0-9a-f]+)$/i.exec(name)?.[1] ?? /^#([0-9]+)$/.exec(name)?.[1];
    const n = code === undefined ? NaN : name[1] === 'x' || name[1] === 'X' ? parseInt(code, 16) : parseInt(code, 10);
    if (!Number.isFinite(n) || n > 0x10ffff) throw refused('doctype');
    return String.fromCodePoint(n);
  });
}

/** A value with everything a browser ignores in a scheme taken out, lower-cased: what script tricks are looked for in. */
function squeezed(value: string): string {
  return value.replace(/[\s\u0000-\u001f\u007f]+/g, '').toLowerCase();
}

/** CSS (a style attribute or element): no imports, no escapes, no url() but to the file's own #fragments. */
function checkCss(css: string): void {
  const text = squeezed(css.replace(/\/\*[\s\S]*?\*\//g, ''));
  if (text.includes('\\')) throw outside('cssEscapes');
  if (text.includes('@import')) throw outside('cssImport');
  if (/expression\(|-moz-binding|behavior:|image-set\(|image\(|src\(/.test(text)) throw outside('cssActive');
  for (const match of text.matchAll(/url\(([^)]*)\)?/g)) {
    if (!/^["']?#/.test(match[1]!)) throw outside('cssUrl');
  }
}

function checkAttribute(element: string, name: string, value: string): void {
  if (name === 'xmlns') {
    if (value !== SVG_NS) throw outside(value ? 'namespace' : 'noNamespace', value ? { namespace: value } : undefined);
    return;
  }
  if (name === 'xmlns:xlink') {
    if (value !== XLINK_NS) throw outside('namespace', { namespace: value });
    return;
  }
  if (!ATTRIBUTES.has(name) && !/^data-[a-z0-9-]+$/.test(name)) throw outside('attribute', { name });
  if (name === 'href' || name === 'xlink:href') {
    if (element === 'image' ? !EMBEDDED_IMAGE.test(value) : !/^#[\w.:-]+$/.test(value)) throw outside('link', { target: value.slice(0, 60) });
    return;
  }
  if (name === 'style') return checkCss(value);
  const text = squeezed(value);
  if (/javascript:|vbscript:|data:/.test(text)) throw outside('scriptAddress', { name });
  for (const match of text.matchAll(/url\(([^)]*)\)?/g)) {
    if (!/^["']?#/.test(match[1]!)) throw outside('urlIn', { name });
  }
}

/**
 * Throws SvgRefused (a sentence naming what was found) unless `text` is one well-formed
 * SVG element tree that keeps to the allow-list: its elements, its attributes, links only
 * to its own #fragments (images only as embedded PNG, JPEG or GIF), CSS without imports or
 * outside url()s. An XML declaration and comments may stand before the root.
 */
export function checkSvg(text: string): void {
  const stack: string[] = [];
  let seenRoot = false;
  let i = 0;
  const rest = () => text.slice(i);
  while (i < text.length) {
    const lt = text.indexOf('<', i);
    const chunk = text.slice(i, lt < 0 ? text.length : lt);
    if (chunk.trim() && stack.length === 0) throw refused('textOutside');
    if (stack.at(-1) === 'style') checkCss(decode(chunk));
    else decode(chunk);
    if (lt < 0) break;
    i = lt;
    if (text.startsWith('<!--', i)) {
      const end = text.indexOf('-->', i + 4);
      if (end < 0) throw refused('unclosedComment');
      i = end + 3;
    } else if (text.startsWith('<![CDATA[', i)) {
      const end = text.indexOf(']]>', i);
      if (end < 0 || stack.length === 0) throw refused('misplacedCdata');
      if (stack.at(-1) === 'style') checkCss(text.slice(i + 9, end));
      i = end + 3;
    } else if (text.startsWith('<!', i)) {
      throw refused('doctype');
    } else if (text.startsWith('<?', i)) {
      if (seenRoot || !/^<\?xml\s[^?]*\?>/.test(rest()) || text.slice(0, i).trim()) throw outside('processingInstruction');
      i = text.indexOf('?>', i) + 2;
    } else if (text.startsWith('</', i)) {
      const name = NAME.exec(text.slice(i + 2))?.[0];
      const close = /^\s*>/.exec(text.slice(i + 2 + (name?.length ?? 0)));
      if (!name || !close || stack.pop() !== name) throw refused('notNested');
      i += 2 + name.length + close[0].length;
    } else {
      i = openTag(text, i + 1, stack, seenRoot);
      seenRoot = true;
    }
  }
  if (stack.length || !seenRoot) throw refused('notClosed');
}

/** Reads one start tag from `at` (after its "<"), checks it, and returns where it ends. */
function openTag(text: string, at: number, stack: string[], seenRoot: boolean): number {
  const name = NAME.exec(text.slice(at))?.[0];
  if (!name) throw refused('notWellFormed');
  if (!ELEMENTS.has(name)) throw outside('element', { name });
  if (stack.length === 0 && (seenRoot || name !== 'svg')) throw refused('oneRoot');
  let i = at + name.length;
  const seen = new Set<string>();
  for (;;) {
    const space = /^\s*/.exec(text.slice(i))![0];
    i += space.length;
    if (text.startsWith('/>', i)) return i + 2;
    if (text.startsWith('>', i)) {
      stack.push(name);
      return i + 1;
    }
    const attr = /^([A-Za-z_][\w.:-]*)\s*=\s*("([^"<]*)"|'([^'<]*)')/.exec(text.slice(i));
    if (!attr || !space) throw refused('attributeMalformed');
    const attrName = attr[1]!;
    if (seen.has(attrName)) throw refused('attributeRepeated');
    seen.add(attrName);
    checkAttribute(name, attrName, decode(attr[3] ?? attr[4] ?? ''));
    i += attr[0].length;
  }
}
