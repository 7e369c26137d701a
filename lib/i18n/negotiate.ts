/**
 * Which interface language a request gets (issue 24): the signed-in user's stored choice,
 * else the cookie the language picker sets, else the best match of Accept-Language, else
 * English. Pure: the callers read the user, the cookie and the header.
 */

/** The cookie that carries the language chosen before sign-in (next-intl's own name for it). */
export const LOCALE_COOKIE = 'NEXT_LOCALE';

/** The language the interface falls back to, and the source catalogue. */
export const DEFAULT_LOCALE = 'en';

/** The language ranges of an Accept-Language header, best first (q=0 ranges dropped). */
export function acceptedLanguages(header: string | null | undefined): string[] {
  if (!header) return [];
  const ranges: { tag: string; q: number; at: number }[] = [];
  header.split(',').forEach((part, at) => {
    const [tag, ...params] = part.trim().split(';');
    if (!tag || !/^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$|^\*$/.test(tag.trim())) return;
    const qParam = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    const q = qParam ? Number(qParam.slice(2)) : 1;
    if (!(q > 0 && q <= 1)) return;
    ranges.push({ tag: tag.trim().toLowerCase(), q, at });
  });
  return ranges.sort((a, b) => b.q - a.q || a.at - b.at).map((r) => r.tag);
}

/**
 * The supported locale that best answers an Accept-Language header, or null: each range in
 * order of preference matches a supported tag exactly, else by its language ("ru-RU" → ru,
 * "az-Latn-AZ" → az); a wildcard matches nothing (English is the fallback anyway).
 */
export function negotiateLocale(header: string | null | undefined, supported: readonly string[]): string | null {
  const lower = new Map(supported.map((s) => [s.toLowerCase(), s]));
  for (const range of acceptedLanguages(header)) {
    const exact = lower.get(range);
    if (exact) return exact;
    const base = lower.get(range.split('-')[0]!);
    if (base) return base;
  }
  return null;
}

/** The interface language of one request, from the first source that names a supported one. */
export function resolveLocale(
  sources: { stored?: string | null; cookie?: string | null; acceptLanguage?: string | null },
  supported: readonly string[],
): string {
  if (sources.stored && supported.includes(sources.stored)) return sources.stored;
  if (sources.cookie && supported.includes(sources.cookie)) return sources.cookie;
  return negotiateLocale(sources.acceptLanguage, supported) ?? DEFAULT_LOCALE;
}
