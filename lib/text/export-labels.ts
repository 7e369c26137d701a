import type { DocumentKind } from './document';

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
  /** `{code}`: the short verification code (the first 12 hex digits of the content's SHA-256). */
  code: string;
  /** `{hash}`: the content's full SHA-256 (64 hex digits). */
  contentHash: string;
  /** `{url}`: the public page that says whether this exact text was released. */
  verifyAt: string;
  /** `{hash}`: the audit log's head when the export was made (`seq:hash`, for audit:verify --head). */
  auditHead: string;
}

const EN: ExportLabels = {
  kinds: { speech: 'Speech', statement: 'Statement', declaration: 'Declaration', press_release: 'Press release' },
  draft: 'DRAFT — NOT FOR RELEASE',
  embargo: 'EMBARGOED UNTIL {time}',
  pageOf: 'Page {page} of {pages}',
  code: 'Verification code {code}',
  contentHash: 'Content SHA-256 {hash}',
  verifyAt: 'Check this text at {url}',
  auditHead: 'Audit log head {hash}',
};

/** Keyed by the primary language subtag (az, tr, uz, hu, kk, ky, ru, en). */
export const EXPORT_LABELS: Readonly<Record<string, ExportLabels>> = {
  en: EN,
  az: {
    kinds: { speech: 'Çıxış', statement: 'Bəyanat', declaration: 'Bəyannamə', press_release: 'Mətbuat açıqlaması' },
    draft: 'QARALAMA — YAYIM ÜÇÜN DEYİL',
    embargo: 'EMBARGO: {time} TARİXİNƏDƏK',
    pageOf: 'Səhifə {page} / {pages}',
    code: 'Yoxlama kodu {code}',
    contentHash: 'Məzmunun SHA-256 heşi {hash}',
    verifyAt: 'Mətni yoxlayın: {url}',
    auditHead: 'Audit jurnalının son heşi {hash}',
  },
  tr: {
    kinds: { speech: 'Konuşma', statement: 'Açıklama', declaration: 'Bildiri', press_release: 'Basın bülteni' },
    draft: 'TASLAK — YAYIMLANAMAZ',
    embargo: 'AMBARGO: {time} TARİHİNE KADAR',
    pageOf: 'Sayfa {page} / {pages}',
    code: 'Doğrulama kodu {code}',
    contentHash: 'İçerik SHA-256 özeti {hash}',
    verifyAt: 'Metni doğrulayın: {url}',
    auditHead: 'Denetim kaydının son özeti {hash}',
  },
  uz: {
    kinds: { speech: 'Nutq', statement: 'Bayonot', declaration: 'Deklaratsiya', press_release: 'Matbuot relizi' },
    draft: 'QORALAMA — TARQATISH UCHUN EMAS',
    embargo: 'EMBARGO: {time} GACHA',
    pageOf: 'Sahifa {page} / {pages}',
    code: 'Tekshirish kodi {code}',
    contentHash: 'Matn SHA-256 xeshi {hash}',
    verifyAt: 'Matnni tekshiring: {url}',
    auditHead: 'Audit jurnalining oxirgi xeshi {hash}',
  },
  hu: {
    kinds: { speech: 'Beszéd', statement: 'Nyilatkozat', declaration: 'Deklaráció', press_release: 'Sajtóközlemény' },
    draft: 'PISZKOZAT — NEM KÖZÖLHETŐ',
    embargo: 'EMBARGÓ LEJÁRTA: {time}',
    pageOf: '{page}. oldal / {pages}',
    code: 'Ellenőrző kód: {code}',
    contentHash: 'Tartalom SHA-256: {hash}',
    verifyAt: 'A szöveg ellenőrzése: {url}',
    auditHead: 'Auditnapló utolsó hash-e: {hash}',
  },
  kk: {
    kinds: { speech: 'Сөйлеген сөз', statement: 'Мәлімдеме', declaration: 'Декларация', press_release: 'Баспасөз релизі' },
    draft: 'ЖОБА — ЖАРИЯЛАУҒА ЖАТПАЙДЫ',
    embargo: 'ЭМБАРГО: {time} ДЕЙІН',
    pageOf: 'Бет {page} / {pages}',
    code: 'Тексеру коды {code}',
    contentHash: 'Мазмұн SHA-256 хеші {hash}',
    verifyAt: 'Мәтінді тексеру: {url}',
    auditHead: 'Аудит журналының соңғы хеші {hash}',
  },
  ky: {
    kinds: { speech: 'Сүйлөгөн сөз', statement: 'Билдирүү', declaration: 'Декларация', press_release: 'Пресс-релиз' },
    draft: 'ДОЛБООР — ЖАРЫЯЛООГО ЭМЕС',
    embargo: 'ЭМБАРГО: {time} ЧЕЙИН',
    pageOf: 'Барак {page} / {pages}',
    code: 'Текшерүү коду {code}',
    contentHash: 'Мазмун SHA-256 хеши {hash}',
    verifyAt: 'Текстти текшерүү: {url}',
    auditHead: 'Аудит журналынын акыркы хеши {hash}',
  },
  ru: {
    kinds: { speech: 'Выступление', statement: 'Заявление', declaration: 'Декларация', press_release: 'Пресс-релиз' },
    draft: 'ЧЕРНОВИК — НЕ ДЛЯ ПУБЛИКАЦИИ',
    embargo: 'ЭМБАРГО ДО {time}',
    pageOf: 'Страница {page} из {pages}',
    code: 'Код проверки {code}',
    contentHash: 'SHA-256 содержания {hash}',
    verifyAt: 'Проверить текст: {url}',
    auditHead: 'Последний хеш журнала аудита {hash}',
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
