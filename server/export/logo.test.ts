import { describe, expect, it } from 'vitest';
import { makePng } from '@/tests/helpers/files';
import { LogoProblem, readLogo } from './logo';

const svg = (body: string, attrs = 'width="90" height="30"') => new TextEncoder().encode(`<svg xmlns="http://www.w3.org/2000/svg" ${attrs}>${body}</svg>`);

describe('a logo is recognised by its bytes', () => {
  it('a PNG by its signature and header, with its size', () => {
    expect(readLogo(makePng(120, 40))).toMatchObject({ logo: { type: 'png' }, size: { width: 120, height: 40 } });
  });

  it('a PNG whose header is damaged or too large is not acceptable', () => {
    const damaged = makePng(10, 10);
    damaged.write('IHDX', 12, 'latin1');
    expect(() => readLogo(damaged)).toThrow(LogoProblem);
    expect(() => readLogo(makePng(8193, 1))).toThrow(/8192 pixels/);
  });

  it('an SVG by its root element, sized by width/height or else its viewBox; gradients referenced by fragment are fine', () => {
    expect(readLogo(svg('<rect width="90" height="30"/>'))).toMatchObject({ logo: { type: 'svg' }, size: { width: 90, height: 30 } });
    expect(readLogo(svg('<rect/>', 'viewBox="0 0 200 50"'))?.size).toEqual({ width: 200, height: 50 });
    const gradient = svg('<defs><linearGradient id="g"/></defs><rect fill="url(#g)" style="fill: url( \'#g\')"/><use href="#g"/>');
    expect(readLogo(gradient)?.logo.type).toBe('svg');
    expect(
      readLogo(new TextEncoder().encode('<?xml version="1.0"?>\n<!-- made by hand -->\n<svg xmlns="http://www.w3.org/2000/svg"></svg>\n'))?.logo.type,
    ).toBe('svg');
  });

  it('an SVG that could reach outside itself or run code is not acceptable', () => {
    for (const body of [
      '<script>alert(1)</script>',
      '<image href="https://example.org/x.png"/>',
      '<image xlink:href="file:///etc/passwd"/>',
      '<rect style="fill: url(https://example.org/f)"/>',
      '<rect onload="alert(1)"/>',
      '<foreignObject/>',
    ]) {
      expect(() => readLogo(svg(body)), body).toThrow(LogoProblem);
    }
    // A DOCTYPE before the root: not taken as an SVG at all (415 at the upload).
    expect(readLogo(new TextEncoder().encode('<!DOCTYPE svg [<!ENTITY x "y">]><svg></svg>'))).toBeNull();
    expect(() => readLogo(svg('<!ENTITY x "y">'))).toThrow(/DOCTYPE or entities/);
  });

  it('anything else is not a logo (null): text, HTML, a JPEG, bytes that are not UTF-8', () => {
    expect(readLogo(new TextEncoder().encode('just text'))).toBeNull();
    expect(readLogo(new TextEncoder().encode('<html><svg></svg></html>'))).toBeNull();
    expect(readLogo(Uint8Array.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBeNull();
    expect(readLogo(Uint8Array.from([0xc3, 0x28, 0x3c, 0x73, 0x76, 0x67]))).toBeNull();
  });
});

describe('an SVG logo keeps to an allow-list of elements and attributes', () => {
  const refused = (body: string, attrs?: string) => () => readLogo(svg(body, attrs));

  it('refuses what got through the old block-list: a namespaced script, an animation with a javascript: value, a CSS @import', () => {
    expect(refused('<x:script xmlns:x="http://www.w3.org/2000/svg">alert(1)</x:script>')).toThrow(/<x:script>/);
    expect(refused('<a><animate attributeName="href" values="javascript:alert(1)"/><text>x</text></a>')).toThrow(LogoProblem);
    expect(refused('<rect width="9" height="9"><animate attributeName="fill" values="javascript:alert(1)"/></rect>')).toThrow(/<animate>/);
    expect(refused('<style>@import url(https://example.org/x.css);</style>')).toThrow(/@import/);
    expect(refused("<style>@import 'https://example.org/x.css';</style>")).toThrow(/@import/);
  });

  it('refuses links to javascript: however they are spelt, and anything else outside the file', () => {
    for (const body of [
      '<use xlink:href="javascript:alert(1)" xmlns:xlink="http://www.w3.org/1999/xlink"/>',
      '<use xmlns:l="http://www.w3.org/1999/xlink" l:href="javascript:alert(1)"/>',
      '<use href="&#106;avascript:alert(1)"/>',
      '<use href=" javascript:alert(1)"/>',
      '<use href="other.svg#g"/>',
      '<image href="data:image/svg+xml;base64,PHN2Zy8+"/>',
      '<rect fill="url(https://example.org/p)"/>',
      '<rect fill="url(&#x68;ttps://example.org/p)"/>',
      '<style>rect { fill: url("https://example.org/p") }</style>',
      '<style>@\\69mport "https://example.org/x.css";</style>',
      '<style><![CDATA[@import "x.css";]]></style>',
      '<rect style="fill: u&#114;l(https://example.org/p)"/>',
    ]) {
      expect(refused(body), body).toThrow(LogoProblem);
    }
  });

  it('refuses elements and attributes outside the list: handlers, animation, embedded HTML, unknown prefixes', () => {
    for (const body of [
      '<rect onclick="alert(1)"/>',
      '<rect ONLOAD="alert(1)"/>',
      '<set attributeName="href" to="javascript:alert(1)"/>',
      '<animateTransform attributeName="transform"/>',
      '<foreignObject><div xmlns="http://www.w3.org/1999/xhtml">x</div></foreignObject>',
      '<a href="#x"><rect/></a>',
      '<g xmlns="http://www.w3.org/1999/xhtml"><rect/></g>',
      '<rect inkscape:label="x"/>',
      '<rect>&ext;</rect>',
      '<?php echo 1 ?>',
    ]) {
      expect(refused(body), body).toThrow(LogoProblem);
    }
  });

  it('accepts what a logo needs: shapes, text, gradients, clip paths, masks, local uses, embedded PNGs, CSS with local url()s', () => {
    const logo = [
      '<title>Ministry</title><desc>The seal</desc>',
      '<defs><linearGradient id="g" x1="0" y1="0" x2="1" y2="0" gradientUnits="objectBoundingBox"><stop offset="0" stop-color="#1f4e8c"/><stop offset="1" style="stop-color:#fff;stop-opacity:0.5"/></linearGradient>',
      '<radialGradient id="r" cx="0.5" cy="0.5" r="0.5"><stop offset="0%" stop-color="red"/></radialGradient>',
      '<clipPath id="c"><circle cx="15" cy="15" r="10"/></clipPath><mask id="m"><rect width="90" height="30" fill="#fff"/></mask>',
      '<g id="seal"><path d="M0 0 L10 10 Z" fill-rule="evenodd" stroke="#000" stroke-width="1.5"/></g></defs>',
      '<style type="text/css"><![CDATA[ .a { fill: url(#g); } ]]></style><style>.b { fill: #123456 }</style>',
      '<g transform="translate(1 2)" clip-path="url(#c)" mask="url(#m)" class="a"><rect x="0" y="0" width="90" height="30" rx="3"/>',
      '<ellipse cx="5" cy="5" rx="2" ry="1"/><line x1="0" y1="0" x2="9" y2="9"/><polyline points="0,0 1,1"/><polygon points="0,0 1,1 2,0"/></g>',
      '<text x="40" y="20" font-family="Noto Sans" font-size="12" text-anchor="middle" xml:space="preserve">Xarici İşlər <tspan font-weight="bold">&amp; Co &#x263A;</tspan></text>',
      '<use href="#seal" x="50"/><use xlink:href="#seal" x="60"/>',
      '<image width="10" height="10" href="data:image/png;base64,iVBORw0KGgo="/>',
    ].join('');
    const read = readLogo(svg(logo, 'xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" width="90" height="30" viewBox="0 0 90 30" data-name="Layer 1"'));
    expect(read?.logo.type).toBe('svg');
  });
});
