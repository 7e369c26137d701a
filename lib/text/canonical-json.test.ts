import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json';

describe('canonicalJson (RFC 8785)', () => {
  it('sorts keys by UTF-16 code units and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: [true, null, 'x'], '€': 0, '\r': 1, ö: 2 })).toBe('{"\\r":1,"a":[true,null,"x"],"b":1,"ö":2,"€":0}');
  });
  it('writes numbers as ECMAScript does (RFC 8785 §3.2.2.3)', () => {
    expect(canonicalJson([1e21, 1e-7, -0, 0.1, 333333333.3333333])).toBe('[1e+21,1e-7,0,0.1,333333333.3333333]');
  });
  it('keeps every letter as is (no escaping beyond JSON’s)', () => {
    expect(canonicalJson({ t: 'Əə İı Ğğ Şş oʻ ő ű ә ғ қ ң ө ұ ү һ і ё ъ «»' })).toBe('{"t":"Əə İı Ğğ Şş oʻ ő ű ә ғ қ ң ө ұ ү һ і ё ъ «»"}');
  });
  it('is the same for the same object built in a different key order', () => {
    expect(canonicalJson({ type: 'doc', content: [{ type: 'paragraph' }] })).toBe(canonicalJson({ content: [{ type: 'paragraph' }], type: 'doc' }));
  });
});
