import { describe, expect, it } from 'vitest';
import { isLinkMarkName, isSafeHref, withoutUnsafeLinks, withoutUnsafeLinksJson } from './links';

describe('isSafeHref: only http, https and mailto', () => {
  it('keeps web and mail addresses in any case', () => {
    for (const href of [
      'https://example.org/a?b=c#d',
      'http://example.org',
      'HTTPS://EXAMPLE.ORG',
      'mailto:press@example.org',
      'MailTo:press@example.org?subject=Hello%20there',
    ]) {
      expect(isSafeHref(href), href).toBe(true);
    }
  });

  it('refuses script, file, data and every other scheme, and relative addresses', () => {
    for (const href of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      'file:///etc/passwd',
      'data:text/html,<script>alert(1)</script>',
      'vbscript:msgbox(1)',
      'ftp://example.org',
      'tel:+994',
      '/documents',
      'example.org',
      '//evil.example',
      '',
    ]) {
      expect(isSafeHref(href), href).toBe(false);
    }
  });

  it('refuses the tricks browsers undo: leading spaces and controls, tabs and newlines inside the scheme', () => {
    for (const href of [
      ' JaVaScRiPt:alert(1)',
      '\tjavascript:alert(1)',
      '\u0000javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      'java\rscript:alert(1)',
      ' https://example.org',
      'https://exa\tmple.org',
      'https://example.org\n',
    ]) {
      expect(isSafeHref(href), JSON.stringify(href)).toBe(false);
    }
  });

  it('refuses entity-ish spellings of a scheme (nothing decodes them into one here)', () => {
    for (const href of [
      'javascript&colon;alert(1)',
      '&#106;avascript:alert(1)',
      '&#x6A;avascript:alert(1)',
      'http&#58;//example.org',
      '%6Aavascript:alert(1)',
      'ｊavascript:alert(1)',
      'https&colon;//example.org',
    ]) {
      expect(isSafeHref(href), href).toBe(false);
    }
  });

  it('refuses what is not a string', () => {
    for (const href of [null, undefined, 42, { href: 'https://example.org' }, ['https://example.org']]) expect(isSafeHref(href)).toBe(false);
  });
});

describe('withoutUnsafeLinks', () => {
  const link = (href: string) => ({ type: 'link', attrs: { href } });
  const body = {
    type: 'doc',
    content: [
      {
        type: 'paragraph',
        content: [
          { type: 'text', text: 'safe', marks: [link('https://example.org'), { type: 'bold' }] },
          { type: 'text', text: 'script', marks: [link('javascript:alert(1)')] },
          { type: 'text', text: 'file', marks: [{ type: 'italic' }, link('file:///etc/passwd')] },
        ],
      },
    ],
  };

  it('takes unsafe links off and keeps their text and other marks', () => {
    expect(withoutUnsafeLinks(body).content![0]!.content).toEqual([
      { type: 'text', text: 'safe', marks: [link('https://example.org'), { type: 'bold' }] },
      { type: 'text', text: 'script' },
      { type: 'text', text: 'file', marks: [{ type: 'italic' }] },
    ]);
  });

  it('from a JSON string too; a body without links comes back untouched', () => {
    expect(JSON.parse(withoutUnsafeLinksJson(JSON.stringify(body)))).toEqual(withoutUnsafeLinks(body));
    const plain = '{"type":"doc","content":[{"type":"paragraph"}]}';
    expect(withoutUnsafeLinksJson(plain)).toBe(plain);
  });

  it('knows y-prosemirror names of a link mark', () => {
    expect(isLinkMarkName('link')).toBe(true);
    expect(isLinkMarkName('link--AbCd12+=')).toBe(true);
    expect(isLinkMarkName('bold')).toBe(false);
    expect(isLinkMarkName('linked')).toBe(false);
  });
});
