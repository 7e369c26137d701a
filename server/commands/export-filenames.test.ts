import { describe, expect, it } from 'vitest';
import { contentDisposition } from '@/server/next/http';
import { exportFilenames } from './export';

/** What a browser that reads RFC 6266 `filename*` saves the file as. */
function savedAs(disposition: string): string {
  const encoded = /filename\*=UTF-8''([^;]+)/.exec(disposition)?.[1];
  if (!encoded) throw new Error(`no filename* in ${disposition}`);
  return decodeURIComponent(encoded);
}

describe('export file names: transliterated ASCII, and the real title in filename*', () => {
  it('the seed speech keeps every letter: dövlətləri təşkilatının → dovletleri-teskilatinin', () => {
    const title = 'Türk Dövlətləri Təşkilatının zirvə görüşündə çıxış';
    const names = exportFilenames(title, 'doc_1', 'pdf');
    expect(names.filename).toBe('turk-dovletleri-teskilatinin-zirve-gorusunde-cixis-doc_1.pdf');
    const header = contentDisposition(names.filename, names.unicodeFilename);
    expect(header).toMatch(/^attachment; filename="turk-dovletleri-teskilatinin-zirve-gorusunde-cixis-doc_1\.pdf"; filename\*=UTF-8''[A-Za-z0-9%._~!-]+$/);
    expect(savedAs(header)).toBe(`${title}-doc_1.pdf`);
  });

  it('a Kazakh and a Russian title are transliterated to Latin', () => {
    const kazakh = exportFilenames('Қазақстан Республикасы Сыртқы істер министрлігінің мәлімдемесі', 'k1', 'docx');
    expect(kazakh.filename).toBe('qazaqstan-respublikasy-syrtqy-ister-ministrliginin-malimdemesi-k1.docx');
    expect(savedAs(contentDisposition(kazakh.filename, kazakh.unicodeFilename))).toBe('Қазақстан Республикасы Сыртқы істер министрлігінің мәлімдемесі-k1.docx');
    const russian = exportFilenames('Заявление МИД о встрече в Щучинске', 'r1', 'pdf');
    expect(russian.filename).toBe('zayavlenie-mid-o-vstreche-v-shchuchinske-r1.pdf');
    expect(savedAs(contentDisposition(russian.filename, russian.unicodeFilename))).toBe('Заявление МИД о встрече в Щучинске-r1.pdf');
  });

  it('a long title is cut between words', () => {
    const names = exportFilenames('Заявление Министерства иностранных дел Республики Казахстан о встрече министров в Щучинске', 'r2', 'pdf');
    expect(names.filename).toBe('zayavlenie-ministerstva-inostrannykh-del-respubliki-kazakhstan-o-vstreche-r2.pdf');
  });

  it('characters file systems refuse, quotes and header breaks never reach the header', () => {
    const names = exportFilenames('A/B: "quoted" \\ <x>?\r\nInjected: yes', 'id', 'pdf');
    expect(names.filename).toBe('a-b-quoted-x-injected-yes-id.pdf');
    expect(names.unicodeFilename).toBe('A B quoted x Injected yes-id.pdf');
    const header = contentDisposition(names.filename, names.unicodeFilename);
    expect(header).not.toMatch(/[\r\n]/);
    expect(exportFilenames('ʻ’', 'id', 'pdf').filename).toBe('document-id.pdf');
  });
});
