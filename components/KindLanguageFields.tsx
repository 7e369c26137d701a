import { COMMON_LANGUAGES, DOCUMENT_KINDS, KIND_LABELS, type DocumentKind } from '@/lib/text/document';

/** The kind and language pickers shared by the new-document dialog and the import form. */
export function KindLanguageFields({ onKindChange }: { onKindChange?: (kind: DocumentKind) => void } = {}) {
  return (
    <>
      <label>
        Kind
        <select name="kind" defaultValue="statement" onChange={onKindChange ? (e) => onKindChange(e.currentTarget.value as DocumentKind) : undefined}>
          {DOCUMENT_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {KIND_LABELS[kind]}
            </option>
          ))}
        </select>
      </label>
      <label>
        Language
        <select name="language" defaultValue="en">
          {COMMON_LANGUAGES.map((l) => (
            <option key={l.tag} value={l.tag} lang={l.tag}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
