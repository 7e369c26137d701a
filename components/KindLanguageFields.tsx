import { useLocale, useTranslations } from 'next-intl';
import { COMMON_LANGUAGES, DOCUMENT_KINDS, type DocumentKind } from '@/lib/text/document';

/**
 * The kind and language pickers shared by the new-document dialog and the import form
 * (languages named in themselves). The language starts as the interface's, when it is one of
 * the organisation's: someone who works in Azerbaijani mostly drafts in it.
 */
export function KindLanguageFields({ onKindChange }: { onKindChange?: (kind: DocumentKind) => void } = {}) {
  const t = useTranslations('KindLanguageFields');
  const kinds = useTranslations('kinds');
  const locale = useLocale();
  const language = COMMON_LANGUAGES.some((l) => l.tag === locale) ? locale : 'en';
  return (
    <>
      <label>
        {t('kind')}
        <select name="kind" defaultValue="statement" onChange={onKindChange ? (e) => onKindChange(e.currentTarget.value as DocumentKind) : undefined}>
          {DOCUMENT_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {kinds(kind)}
            </option>
          ))}
        </select>
      </label>
      <label>
        {t('language')}
        {/* Keyed: a change of interface language (the header's picker refreshes the page in place) starts it anew. */}
        <select key={language} name="language" defaultValue={language}>
          {COMMON_LANGUAGES.map((l) => (
            <option key={l.tag} value={l.tag} lang={l.tag} translate="no">
              {l.name}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
