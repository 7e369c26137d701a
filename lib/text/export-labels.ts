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
  /** The newsroom's link to the public check of a released text. */
  verifyLink: string;
  /** The newsroom's note on a released text that is being revised. */
  superseded: string;
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
  verifyLink: 'Verify this text',
  superseded: 'Superseded: this text is being revised. It stands until the next release.',
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
    verifyLink: 'Bu mətni yoxlayın',
    superseded: 'Yenilənir: bu mətn yenidən işlənir. Növbəti yayıma qədər qüvvədədir.',
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
    verifyLink: 'Bu metni doğrulayın',
    superseded: 'Güncelleniyor: bu metin yeniden düzenleniyor. Bir sonraki yayına kadar geçerlidir.',
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
    verifyLink: 'Ushbu matnni tekshiring',
    superseded: 'Yangilanmoqda: bu matn qayta ishlanmoqda. Keyingi nashrgacha amal qiladi.',
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
    verifyLink: 'A szöveg ellenőrzése',
    superseded: 'Felülvizsgálat alatt: a szöveg átdolgozás alatt áll. A következő közzétételig érvényes.',
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
    verifyLink: 'Мәтінді тексеру',
    superseded: 'Қайта қаралуда: бұл мәтін өңделуде. Келесі жарияланымға дейін күшінде.',
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
    verifyLink: 'Текстти текшерүү',
    superseded: 'Кайра каралууда: бул текст иштелип жатат. Кийинки жарыяланганга чейин күчүндө.',
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
    verifyLink: 'Проверить этот текст',
    superseded: 'Пересматривается: текст дорабатывается. Действует до следующей публикации.',
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
