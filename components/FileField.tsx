'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useRef, useState } from 'react';

/**
 * A file field in the interface language. The browser's own file input says "Choose File" and
 * "No file chosen" in the browser's language, which is often not the one a person chose for
 * the interface. Here the visible button and the chosen file's name are ours; the input is the
 * browser's, inside the same label (so its name is `label`), still the one that takes the
 * focus, opens the chooser and is checked when `required`.
 */
export function FileField({
  label,
  name,
  accept,
  required,
  className,
}: {
  label: string;
  name: string;
  accept: string;
  required?: boolean;
  className?: string;
}) {
  const t = useTranslations('FileField');
  const [chosen, setChosen] = useState<string | null>(null);
  const input = useRef<HTMLInputElement>(null);
  // A form emptied after it was sent (form.reset()) empties the name too.
  useEffect(() => {
    const form = input.current?.form;
    if (!form) return;
    const onReset = () => setChosen(null);
    form.addEventListener('reset', onReset);
    return () => form.removeEventListener('reset', onReset);
  }, []);
  return (
    <label className={className ? `file-field ${className}` : 'file-field'}>
      {label}
      <span className="file-field-row">
        <input
          ref={input}
          className="file-field-input"
          name={name}
          type="file"
          accept={accept}
          required={required}
          onChange={(e) => setChosen(e.currentTarget.files?.[0]?.name ?? null)}
        />
        <span className="button-link file-field-button" aria-hidden="true">
          {t('choose')}
        </span>
        <span className="file-field-name" aria-hidden="true" translate={chosen ? 'no' : undefined}>
          {chosen ?? t('none')}
        </span>
      </span>
    </label>
  );
}
