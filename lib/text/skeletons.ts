import { formatDatelineDate } from './dates';
import type { DocumentKind } from './document';

/** ProseMirror JSON of the editor schema (lib/editor/extensions.ts), as a skeleton writes it. */
export interface SkeletonNode {
  type: string;
  attrs?: Record<string, unknown>;
  content?: SkeletonNode[];
  marks?: { type: string; attrs?: Record<string, unknown> }[];
  text?: string;
}

/** What a skeleton may fill in from the new document's metadata. */
export interface SkeletonInput {
  kind: DocumentKind;
  /** BCP 47 tag; the words are in its language when we have them, else English. */
  language: string;
  title: string;
  dateline: { place: string; date: string | null } | null;
}

/**
 * The words of every skeleton in one language. Text in square brackets is a prompt for the
 * drafter to replace; the rest is what such a document conventionally says.
 */
interface SkeletonWords {
  /** Press release */
  lead: string;
  body: string;
  quote: string;
  ends: string;
  notesToEditors: string;
  aboutUs: string;
  contact: string;
  contactLine: string;
  contactDetails: string;
  /** Speech */
  salutation: string;
  opening: string;
  speechBody: string;
  closing: string;
  thanks: string;
  /** Statement */
  statementOpening: string;
  statementPosition: string;
  statementClosing: string;
  /** Declaration */
  parties: string;
  preamble: string[];
  operativeIntro: string;
  articles: string[];
  done: string;
  /** "[Place]" and "[Date]" when the dialog left them empty. */
  place: string;
  date: string;
}

const EN: SkeletonWords = {
  lead: '[Lead: who, what, when, where and why, in one or two sentences.]',
  body: '[Body: the details, most important first.]',
  quote: '“[A quote from the spokesperson.]”, said [name, title].',
  ends: 'ENDS',
  notesToEditors: 'Notes to editors',
  aboutUs: '[About the organisation, in two or three sentences.]',
  contact: 'Contact',
  contactLine: '[Name], [role]',
  contactDetails: '[email] · [telephone]',
  salutation: 'Excellencies, ladies and gentlemen,',
  opening: '[Opening: thank the hosts and say why we are here.]',
  speechBody: '[Body: the points to make, one paragraph each.]',
  closing: '[Closing: the message the audience should take away.]',
  thanks: 'Thank you.',
  statementOpening: '[Opening: what happened and why the organisation speaks.]',
  statementPosition: '[Position: what the organisation says about it.]',
  statementClosing: '[Closing: what comes next, or what the organisation calls for.]',
  parties: 'We, [the parties],',
  preamble: ['Recognising [...],', 'Reaffirming [...],'],
  operativeIntro: 'Declare the following:',
  articles: ['[First commitment.]', '[Second commitment.]'],
  done: 'Done at',
  place: '[Place]',
  date: '[date]',
};

const AZ: SkeletonWords = {
  lead: '[Giriş: kim, nə, nə vaxt, harada və nə üçün — bir-iki cümlədə.]',
  body: '[Əsas mətn: təfərrüatlar, ən vacibi əvvəldə.]',
  quote: '“[Sözçünün sitatı.]” — deyə [ad, vəzifə] bildirib.',
  ends: 'SON',
  notesToEditors: 'Redaktorlar üçün qeydlər',
  aboutUs: '[Təşkilat haqqında iki-üç cümlə.]',
  contact: 'Əlaqə',
  contactLine: '[Ad], [vəzifə]',
  contactDetails: '[e-poçt] · [telefon]',
  salutation: 'Hörmətli zati-alilər, xanımlar və cənablar!',
  opening: '[Giriş: ev sahiblərinə təşəkkür və görüşün məqsədi.]',
  speechBody: '[Əsas hissə: hər fikir bir abzasda.]',
  closing: '[Yekun: auditoriyanın yadında qalmalı olan fikir.]',
  thanks: 'Diqqətinizə görə təşəkkür edirəm.',
  statementOpening: '[Giriş: nə baş verib və təşkilat nə üçün bəyanat verir.]',
  statementPosition: '[Mövqe: təşkilatın bu barədə fikri.]',
  statementClosing: '[Yekun: növbəti addımlar və ya çağırış.]',
  parties: 'Biz, [tərəflər],',
  preamble: ['[...] tanıyaraq,', '[...] bir daha təsdiq edərək,'],
  operativeIntro: 'Aşağıdakıları bəyan edirik:',
  articles: ['[Birinci öhdəlik.]', '[İkinci öhdəlik.]'],
  done: 'İmzalanıb:',
  place: '[Yer]',
  date: '[tarix]',
};

const RU: SkeletonWords = {
  lead: '[Лид: кто, что, когда, где и почему — в одном-двух предложениях.]',
  body: '[Основной текст: подробности, самое важное — в начале.]',
  quote: '«[Цитата представителя.]», — заявил(а) [имя, должность].',
  ends: 'КОНЕЦ',
  notesToEditors: 'Примечания для редакторов',
  aboutUs: '[Об организации — в двух-трёх предложениях.]',
  contact: 'Контакты',
  contactLine: '[Имя], [должность]',
  contactDetails: '[эл. почта] · [телефон]',
  salutation: 'Ваши превосходительства, дамы и господа!',
  opening: '[Вступление: благодарность организаторам и цель встречи.]',
  speechBody: '[Основная часть: по одному тезису в абзаце.]',
  closing: '[Заключение: главная мысль, которую должна унести аудитория.]',
  thanks: 'Благодарю за внимание.',
  statementOpening: '[Вступление: что произошло и почему организация выступает с заявлением.]',
  statementPosition: '[Позиция: что организация об этом говорит.]',
  statementClosing: '[Заключение: дальнейшие шаги или призыв.]',
  parties: 'Мы, [стороны],',
  preamble: ['признавая [...],', 'подтверждая [...],'],
  operativeIntro: 'заявляем следующее:',
  articles: ['[Первое обязательство.]', '[Второе обязательство.]'],
  done: 'Совершено:',
  place: '[Место]',
  date: '[дата]',
};

const WORDS: Record<string, SkeletonWords> = { en: EN, az: AZ, ru: RU };

/** The words for a language tag ("az-Latn-AZ" → az), English when we have none. */
function wordsFor(language: string): SkeletonWords {
  const base = language.toLowerCase().split('-')[0] ?? 'en';
  return WORDS[base] ?? EN;
}

/** Languages whose skeletons are written in that language (others fall back to English). */
export const SKELETON_LANGUAGES = Object.keys(WORDS);

/** One line per kind: what its skeleton holds, for the new-document dialog. */
export const SKELETON_SUMMARIES: Record<DocumentKind, string> = {
  press_release: 'Headline, dateline, body, “ENDS”, notes to editors and a contact.',
  speech: 'Salutation, opening, body, closing and thanks.',
  statement: 'Dateline, opening, the organisation’s position and a closing.',
  declaration: 'The parties, preamble, the operative articles and where and when it was done.',
};

const text = (value: string, marks?: string[]): SkeletonNode => ({ type: 'text', text: value, ...(marks ? { marks: marks.map((type) => ({ type })) } : {}) });
const paragraph = (...content: SkeletonNode[]): SkeletonNode => ({ type: 'paragraph', content });
const centred = (...content: SkeletonNode[]): SkeletonNode => ({ type: 'paragraph', attrs: { textAlign: 'center' }, content });
const heading = (level: 1 | 2 | 3, value: string): SkeletonNode => ({ type: 'heading', attrs: { level }, content: [text(value)] });
const list = (type: 'bulletList' | 'orderedList', items: string[]): SkeletonNode => ({
  type,
  content: items.map((item) => ({ type: 'listItem', content: [paragraph(text(item))] })),
});

/**
 * The first content of a new document of `kind`: a press release has a headline, a
 * dateline, a body, "ENDS", notes to editors and a contact; a speech a salutation, body and
 * closing; a statement a dateline and three paragraphs; a declaration the parties, a
 * preamble, numbered articles and where and when it was done. The words are in the
 * document's language (en, az, ru; else English); the dateline is the one given, written
 * in that language ("BAKI, 11 yanvar 2022"). The result is ProseMirror JSON of the editor
 * schema; the server still checks it against the schema before it enters the document.
 */
export function skeletonFor(input: SkeletonInput): SkeletonNode {
  const w = wordsFor(input.language);
  const place = input.dateline?.place.trim() || '';
  const date = input.dateline?.date ? formatDatelineDate(input.dateline.date, input.language) : '';
  const upper = (value: string) => {
    try {
      return value.toLocaleUpperCase(input.language);
    } catch {
      return value.toUpperCase();
    }
  };
  // Press releases open with the place in capitals, as wire copy does.
  const pressDateline = `${place ? upper(place) : w.place}, ${date || w.date} – `;
  const plainDateline = `${place || w.place}, ${date || w.date}`;

  let content: SkeletonNode[];
  switch (input.kind) {
    case 'press_release':
      content = [
        heading(1, input.title.trim() || '[Headline]'),
        paragraph(text(pressDateline, ['bold']), text(w.lead)),
        paragraph(text(w.body)),
        paragraph(text(w.quote)),
        centred(text(w.ends, ['bold'])),
        heading(2, w.notesToEditors),
        list('orderedList', [w.aboutUs]),
        heading(2, w.contact),
        paragraph(text(w.contactLine), { type: 'hardBreak' }, text(w.contactDetails)),
      ];
      break;
    case 'speech':
      content = [
        paragraph(text(w.salutation)),
        paragraph(text(w.opening)),
        paragraph(text(w.speechBody)),
        paragraph(text(w.closing)),
        paragraph(text(w.thanks)),
      ];
      break;
    case 'statement':
      content = [
        paragraph(text(plainDateline, ['italic'])),
        paragraph(text(w.statementOpening)),
        paragraph(text(w.statementPosition)),
        paragraph(text(w.statementClosing)),
      ];
      break;
    case 'declaration':
      content = [
        paragraph(text(w.parties)),
        ...w.preamble.map((line) => paragraph(text(line, ['italic']))),
        paragraph(text(w.operativeIntro)),
        list('orderedList', w.articles),
        paragraph(text(`${w.done} ${plainDateline}`)),
      ];
      break;
  }
  return { type: 'doc', content };
}
