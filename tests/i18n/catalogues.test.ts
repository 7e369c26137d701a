import fs from 'node:fs';
import path from 'node:path';
import { type MessageFormatElement, TYPE, parse } from '@formatjs/icu-messageformat-parser';
import { describe, expect, it } from 'vitest';
import { type Catalogue, catalogueKeys, formatMessage, messageAt, pseudoCatalogue } from '@/lib/i18n/format';

const DIR = path.resolve(__dirname, '..', '..', 'messages');
const files = fs.readdirSync(DIR).filter((f) => f.endsWith('.json'));
const load = (file: string) => JSON.parse(fs.readFileSync(path.join(DIR, file), 'utf8')) as Catalogue;
const en = load('en.json');
const englishKeys = catalogueKeys(en);

/** Every argument and tag a message names, in any branch of its plurals and selects. */
function placeholders(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const el of elements) {
    if (el.type === TYPE.argument || el.type === TYPE.number || el.type === TYPE.date || el.type === TYPE.time) into.add(el.value);
    if (el.type === TYPE.select || el.type === TYPE.plural) {
      into.add(el.value);
      for (const option of Object.values(el.options)) placeholders(option.value, into);
    }
    if (el.type === TYPE.tag) {
      into.add(`<${el.value}>`);
      placeholders(el.children, into);
    }
  }
  return into;
}

describe('the interface catalogues (messages/<locale>.json)', () => {
  it('are the seven languages of the secretariat, at least', () => {
    expect(files.map((f) => f.replace('.json', '')).sort()).toEqual(expect.arrayContaining(['az', 'en', 'kk', 'ky', 'ru', 'tr', 'uz']));
  });

  for (const file of files) {
    describe(file, () => {
      const catalogue = load(file);
      const locale = file.replace('.json', '');

      it('has every key of en.json and no other', () => {
        const keys = catalogueKeys(catalogue);
        expect(
          englishKeys.filter((k) => !keys.includes(k)),
          'missing',
        ).toEqual([]);
        expect(
          keys.filter((k) => !englishKeys.includes(k)),
          'extra',
        ).toEqual([]);
      });

      it('has messages that parse as ICU with the placeholders of the English', () => {
        for (const key of englishKeys) {
          const message = messageAt(catalogue, key);
          if (message === undefined) continue;
          const mine = placeholders(parse(message, { ignoreTag: false }));
          const english = placeholders(parse(messageAt(en, key)!, { ignoreTag: false }));
          expect([...mine].sort(), `${locale}: ${key}`).toEqual([...english].sort());
        }
      });

      it('names its language in itself and plural categories its language has', () => {
        expect(messageAt(catalogue, 'meta.name')).toBeTruthy();
        const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
        for (const key of englishKeys) {
          const message = messageAt(catalogue, key)!;
          for (const [, category] of message.matchAll(/(?:^|[\s{}])(zero|one|two|few|many|other) \{/g)) {
            expect(categories, `${locale}: ${key} uses "${category}"`).toContain(category);
          }
        }
      });
    });
  }

  it('writes Russian plurals in their four forms', () => {
    const ru = load('ru.json');
    const open = (n: number) => formatMessage(ru, 'ru', { key: 'Documents.openComments', values: { count: n } });
    expect([open(1), open(3), open(5), open(21)]).toEqual([
      '1 открытый комментарий',
      '3 открытых комментария',
      '5 открытых комментариев',
      '21 открытый комментарий',
    ]);
  });

  it('wraps every message of the pseudo-locale in brackets, keeping its ICU', () => {
    const pseudo = pseudoCatalogue(en);
    expect(formatMessage(pseudo, 'en', { key: 'Documents.lede', values: { count: 3 } })).toBe('⟦3 documents you can open.⟧');
    expect(catalogueKeys(pseudo)).toEqual(englishKeys);
  });
});
