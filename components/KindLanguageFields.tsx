import { COMMON_LANGUAGES, DOCUMENT_KINDS, KIND_LABELS } from '../lib/text/document';

/** The kind and language pickers shared by the new-document and import forms. */
export function KindLanguageFields() {
  return (
    <>
      <label>
        Kind
        <select name="kind" defaultValue="statement">
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
            <option key={l.tag} value={l.tag}>
              {l.name}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
