import type { DocumentKind } from './document';
import type { DocumentState } from '../workflow/states';

/**
 * The fixed words an exported statement prints (PDF and DOCX), in the document's language.
 * `{…}` marks where a value goes. Languages without an entry print English.
 */
export interface ExportLabels {
  kinds: Record<DocumentKind, string>;
  /** The mark on every page of a text that is not approved yet. */
  draft: string;
  /** `{time}`: the embargo in the organisation's zone, with the zone named. */
  embargo: string;
  /** `{page}` and `{pages}`: "Page 2 of 5". */
  pageOf: string;
  /** `{id}`: the version id. */
  version: string;
  /** `{seq}`: the last update of the log the text includes. */
  unsaved: string;
  /** `{hash}`: the first 12 hex digits of the content's SHA-256. */
  contentHash: string;
  /** `{hash}`: the audit log's head hash. */
  auditHead: string;
  states: Record<DocumentState, string>;
}

const EN: ExportLabels = {
  kinds: { speech: 'Speech', statement: 'Statement', declaration: 'Declaration', press_release: 'Press release' },
  draft: 'DRAFT — NOT FOR RELEASE',
  embargo: 'EMBARGOED UNTIL {time}',
  pageOf: 'Page {page} of {pages}',
  version: 'Version {id}',
  unsaved: 'Unsaved text (update {seq})',
  contentHash: 'Content SHA-256 {hash}',
  auditHead: 'Audit log head {hash}',
  states: { draft: 'Draft', in_review: 'In review', approved: 'Approved', published: 'Published', archived: 'Archived' },
};

/** Keyed by the primary language subtag (az, tr, uz, hu, kk, ky, ru, en). */
export const EXPORT_LABELS: Readonly<Record<string, ExportLabels>> = {
  en: EN,
  az: {
    kinds: { speech: 'Çıxış', statement: 'Bəyanat', declaration: 'Bəyannamə', press_release: 'Mətbuat açıqlaması' },
    draft: 'QARALAMA — YAYIM ÜÇÜN DEYİL',
    embargo: 'EMBARGO: {time} TARİXİNƏDƏK',
    pageOf: 'Səhifə {page} / {pages}',
    version: 'Versiya {id}',
    unsaved: 'Saxlanmamış mətn (yeniləmə {seq})',
    contentHash: 'Məzmunun SHA-256 heşi {hash}',
    auditHead: 'Audit jurnalının son heşi {hash}',
    states: { draft: 'Qaralama', in_review: 'Baxışdadır', approved: 'Təsdiqlənib', published: 'Dərc olunub', archived: 'Arxivdədir' },
  },
  tr: {
    kinds: { speech: 'Konuşma', statement: 'Açıklama', declaration: 'Bildiri', press_release: 'Basın bülteni' },
    draft: 'TASLAK — YAYIMLANAMAZ',
    embargo: 'AMBARGO: {time} TARİHİNE KADAR',
    pageOf: 'Sayfa {page} / {pages}',
    version: 'Sürüm {id}',
    unsaved: 'Kaydedilmemiş metin (güncelleme {seq})',
    contentHash: 'İçerik SHA-256 özeti {hash}',
    auditHead: 'Denetim kaydının son özeti {hash}',
    states: { draft: 'Taslak', in_review: 'İncelemede', approved: 'Onaylandı', published: 'Yayımlandı', archived: 'Arşivlendi' },
  },
  uz: {
    kinds: { speech: 'Nutq', statement: 'Bayonot', declaration: 'Deklaratsiya', press_release: 'Matbuot relizi' },
    draft: 'QORALAMA — TARQATISH UCHUN EMAS',
    embargo: 'EMBARGO: {time} GACHA',
    pageOf: 'Sahifa {page} / {pages}',
    version: 'Versiya {id}',
    unsaved: 'Saqlanmagan matn (yangilanish {seq})',
    contentHash: 'Matn SHA-256 xeshi {hash}',
    auditHead: 'Audit jurnalining oxirgi xeshi {hash}',
    states: { draft: 'Qoralama', in_review: 'Koʻrib chiqilmoqda', approved: 'Tasdiqlangan', published: 'Eʼlon qilingan', archived: 'Arxivlangan' },
  },
  hu: {
    kinds: { speech: 'Beszéd', statement: 'Nyilatkozat', declaration: 'Deklaráció', press_release: 'Sajtóközlemény' },
    draft: 'PISZKOZAT — NEM KÖZÖLHETŐ',
    embargo: 'EMBARGÓ LEJÁRTA: {time}',
    pageOf: '{page}. oldal / {pages}',
    version: 'Verzió: {id}',
    unsaved: 'Nem mentett szöveg ({seq}. módosítás)',
    contentHash: 'Tartalom SHA-256: {hash}',
    auditHead: 'Auditnapló utolsó hash-e: {hash}',
    states: { draft: 'Piszkozat', in_review: 'Felülvizsgálat alatt', approved: 'Jóváhagyva', published: 'Közzétéve', archived: 'Archiválva' },
  },
  kk: {
    kinds: { speech: 'Сөйлеген сөз', statement: 'Мәлімдеме', declaration: 'Декларация', press_release: 'Баспасөз релизі' },
    draft: 'ЖОБА — ЖАРИЯЛАУҒА ЖАТПАЙДЫ',
    embargo: 'ЭМБАРГО: {time} ДЕЙІН',
    pageOf: 'Бет {page} / {pages}',
    version: 'Нұсқа {id}',
    unsaved: 'Сақталмаған мәтін (жаңарту {seq})',
    contentHash: 'Мазмұн SHA-256 хеші {hash}',
    auditHead: 'Аудит журналының соңғы хеші {hash}',
    states: { draft: 'Жоба', in_review: 'Қаралуда', approved: 'Бекітілді', published: 'Жарияланды', archived: 'Мұрағатта' },
  },
  ky: {
    kinds: { speech: 'Сүйлөгөн сөз', statement: 'Билдирүү', declaration: 'Декларация', press_release: 'Пресс-релиз' },
    draft: 'ДОЛБООР — ЖАРЫЯЛООГО ЭМЕС',
    embargo: 'ЭМБАРГО: {time} ЧЕЙИН',
    pageOf: 'Барак {page} / {pages}',
    version: 'Версия {id}',
    unsaved: 'Сакталбаган текст (жаңыртуу {seq})',
    contentHash: 'Мазмун SHA-256 хеши {hash}',
    auditHead: 'Аудит журналынын акыркы хеши {hash}',
    states: { draft: 'Долбоор', in_review: 'Каралууда', approved: 'Бекитилди', published: 'Жарыяланды', archived: 'Архивде' },
  },
  ru: {
    kinds: { speech: 'Выступление', statement: 'Заявление', declaration: 'Декларация', press_release: 'Пресс-релиз' },
    draft: 'ЧЕРНОВИК — НЕ ДЛЯ ПУБЛИКАЦИИ',
    embargo: 'ЭМБАРГО ДО {time}',
    pageOf: 'Страница {page} из {pages}',
    version: 'Версия {id}',
    unsaved: 'Несохранённый текст (обновление {seq})',
    contentHash: 'SHA-256 содержания {hash}',
    auditHead: 'Последний хеш журнала аудита {hash}',
    states: { draft: 'Черновик', in_review: 'На рассмотрении', approved: 'Утверждён', published: 'Опубликован', archived: 'В архиве' },
  },
};

/** The labels for a BCP 47 tag: its primary subtag's, else English. */
export function exportLabels(language: string): ExportLabels {
  return EXPORT_LABELS[language.split('-')[0]!.toLowerCase()] ?? EN;
}

/** Puts values into a label: fill('Page {page} of {pages}', {page: '2', pages: '5'}). */
export function fillLabel(label: string, values: Record<string, string>): string {
  return label.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}
