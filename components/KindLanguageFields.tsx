import { useTranslations } from 'next-intl';
import { COMMON_LANGUAGES, DOCUMENT_KINDS, type DocumentKind } from '@/lib/text/document';

/** The kind and language pickers shared by the new-document dialog and the import form (languages named in themselves). */
export function KindLanguageFields({ onKindChange }: { onKindChange?: (kind: DocumentKind) => void } = {}) {
  const t = useTranslations('KindLanguageFields');
  const kinds = useTranslations('kinds');
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
        <select name="language" defaultValue="en">
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
