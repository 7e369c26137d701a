'use client';

import { useTranslations } from 'next-intl';
import { useEffect } from 'react';

type Field = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/**
 * Every form's blocking field says why in the interface's language. A browser words its own
 * validation bubble ("Please fill out this field.") in the browser's language, which for
 * staff reading Kazakh in an English browser is another one. One listener for the whole page
 * (the `invalid` event, captured) gives a field that blocks its form the sentence for what it
 * lacks, unless its own code set one (a date that does not exist, a workflow comment); a
 * sentence given here is taken back at the next keystroke, so the browser checks afresh.
 */
export function FormMessages() {
  const t = useTranslations('FormMessages');
  useEffect(() => {
    const ours = new WeakSet<Field>();
    const sentenceFor = (field: Field): string => {
      const v = field.validity;
      if (v.valueMissing) {
        if (field instanceof HTMLSelectElement) return t('choose');
        if (field instanceof HTMLInputElement && field.type === 'file') return t('file');
        if (field instanceof HTMLInputElement && (field.type === 'checkbox' || field.type === 'radio')) return t('check');
        return t('fill');
      }
      if (v.typeMismatch && field instanceof HTMLInputElement && field.type === 'email') return t('email');
      if (v.tooShort && !(field instanceof HTMLSelectElement)) return t('tooShort', { min: field.minLength, length: field.value.length });
      if (v.tooLong && !(field instanceof HTMLSelectElement)) return t('tooLong', { max: field.maxLength });
      if ((v.rangeUnderflow || v.rangeOverflow) && field instanceof HTMLInputElement) return t('range', { min: field.min, max: field.max });
      if (v.patternMismatch) return field.title || t('pattern');
      return '';
    };
    const onInvalid = (event: Event) => {
      const field = event.target;
      if (!(field instanceof HTMLInputElement || field instanceof HTMLTextAreaElement || field instanceof HTMLSelectElement)) return;
      if (field.validity.customError && !ours.has(field)) return; // its own code said why
      field.setCustomValidity('');
      const sentence = sentenceFor(field);
      if (!sentence) return;
      field.setCustomValidity(sentence);
      ours.add(field);
    };
    const onChange = (event: Event) => {
      const field = event.target as Field;
      if (!ours.has(field)) return;
      ours.delete(field);
      field.setCustomValidity('');
    };
    document.addEventListener('invalid', onInvalid, true);
    document.addEventListener('input', onChange, true);
    document.addEventListener('change', onChange, true);
    return () => {
      document.removeEventListener('invalid', onInvalid, true);
      document.removeEventListener('input', onChange, true);
      document.removeEventListener('change', onChange, true);
    };
  }, [t]);
  return null;
}
