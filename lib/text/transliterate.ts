/**
 * Letters that Unicode does not decompose into an ASCII letter and a mark (ə, ı, ß, …),
 * and the Cyrillic of Kazakh, Kyrgyz and Russian, as Latin. Keys are lower case.
 */
const LATIN: Readonly<Record<string, string>> = { ə: 'e', ı: 'i', ß: 'ss', æ: 'ae', œ: 'oe', ø: 'o', đ: 'd', ł: 'l', þ: 'th', ð: 'd' };
const CYRILLIC: Readonly<Record<string, string>> = {
  а: 'a',
  б: 'b',
  в: 'v',
  г: 'g',
  д: 'd',
  е: 'e',
  ё: 'yo',
  ж: 'zh',
  з: 'z',
  и: 'i',
  й: 'y',
  к: 'k',
  л: 'l',
  м: 'm',
  н: 'n',
  о: 'o',
  п: 'p',
  р: 'r',
  с: 's',
  т: 't',
  у: 'u',
  ф: 'f',
  х: 'kh',
  ц: 'ts',
  ч: 'ch',
  ш: 'sh',
  щ: 'shch',
  ъ: '',
  ы: 'y',
  ь: '',
  э: 'e',
  ю: 'yu',
  я: 'ya',
  // Kazakh and Kyrgyz
  ә: 'a',
  ғ: 'g',
  қ: 'q',
  ң: 'n',
  ө: 'o',
  ұ: 'u',
  ү: 'u',
  һ: 'h',
  і: 'i',
};

/**
 * The text in printable ASCII, letters transliterated rather than dropped: ə→e, ı→i, İ→I,
 * ğ→g, ş→s, ç→c, ö→o, ü→u, ő→o, ű→u (marks removed after Unicode decomposition), Kazakh,
 * Kyrgyz and Russian Cyrillic to Latin (Щ→Shch), and anything else outside ASCII (ʻ, ’,
 * other scripts) dropped. For file names that every browser and file system accepts.
 */
export function toAscii(text: string): string {
  let out = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const latin = LATIN[lower] ?? CYRILLIC[lower];
    if (latin === undefined) out += ch;
    else out += ch === lower ? latin : latin.charAt(0).toUpperCase() + latin.slice(1);
  }
  return out
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^\x20-\x7e]/g, '');
}
