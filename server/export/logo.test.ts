import { describe, expect, it } from 'vitest';
import { makePng } from '../../tests/helpers/files';
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
    expect(readLogo(new TextEncoder().encode('<?xml version="1.0"?>\n<!-- made by hand -->\n<svg xmlns="http://www.w3.org/2000/svg"></svg>\n'))?.logo.type).toBe('svg');
  });

  it('an SVG that could reach outside itself or run code is not acceptable', () => {
    for (const body of ['<script>alert(1)</script>', '<image href="https://example.org/x.png"/>', '<image xlink:href="file:///etc/passwd"/>', '<rect style="fill: url(https://example.org/f)"/>', '<rect onload="alert(1)"/>', '<foreignObject/>']) {
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
