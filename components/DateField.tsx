'use client';

import { useEffect, useId, useRef, useState } from 'react';
import { useLocale, useTranslations } from 'next-intl';
import { calendarDateOf, dateLocale, datePartOrder, describeCalendarDate, monthNames, type DatePart } from '@/lib/text/dates';

type Part = DatePart;
interface Parts {
  day: string;
  month: string;
  year: string;
}

const EMPTY: Parts = { day: '', month: '', year: '' };

const DEFAULT_ORDER: DatePart[] = ['day', 'month', 'year'];
const MONTH_NUMBERS = Array.from({ length: 12 }, (_, i) => String(i + 1));

/** The parts of a YYYY-MM-DD date, or empty ones. */
function partsOf(value: string | null | undefined): Parts {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value ?? '');
  return match ? { day: String(Number(match[3])), month: String(Number(match[2])), year: match[1]! } : EMPTY;
}

/**
 * A calendar date typed the way the interface writes it, instead of the browser's date
 * input (which shows the browser's format, 12/06/2026 in a US browser): day, a month chosen
 * by name, and year, in the locale's order, with the date written out beside them ("Sunday,
 * 6 December 2026") so nobody has to guess. Plain inputs and a select, so it works with the
 * keyboard alone and fits a 390 px screen. The value is YYYY-MM-DD (or empty), given to
 * `onChange` and, with `name`, submitted in a hidden input; a date that does not exist
 * (31 February) makes the form refuse to submit, with a sentence.
 */
export function DateField({
  label,
  name,
  defaultValue,
  onChange,
  required = false,
  locale: givenLocale,
}: {
  label: string;
  name?: string;
  defaultValue?: string | null;
  onChange?: (value: string) => void;
  required?: boolean;
  locale?: string;
}) {
  const t = useTranslations('DateField');
  const interfaceLocale = useLocale();
  const locale = givenLocale ?? dateLocale(interfaceLocale);
  const id = useId();
  const [parts, setParts] = useState<Parts>(() => partsOf(defaultValue));
  const group = useRef<HTMLFieldSetElement>(null);
  const dayInput = useRef<HTMLInputElement>(null);
  // The order and the month names come from the browser's Intl after hydration: Node's and
  // the browser's ICU data may word a language's months differently (az, kk), and the first
  // render must match the server's. Until then: day, month, year, months by number.
  const [written, setWritten] = useState<{ order: DatePart[]; months: string[] } | null>(null);
  useEffect(() => setWritten({ order: datePartOrder(locale), months: monthNames(locale) }), [locale]);
  const order = written?.order ?? DEFAULT_ORDER;
  const months = written?.months ?? MONTH_NUMBERS;
  const value = calendarDateOf(parts.year, parts.month, parts.day);
  const started = Boolean(parts.day || parts.month || parts.year);
  const problem = started && !value ? t('notReal') : required && !started ? t('missing') : '';

  // A form's reset (the new-document dialog closing) empties the fields.
  useEffect(() => {
    const form = group.current?.form;
    if (!form) return;
    const reset = () => setParts(partsOf(defaultValue));
    form.addEventListener('reset', reset);
    return () => form.removeEventListener('reset', reset);
  }, [defaultValue]);

  useEffect(() => {
    dayInput.current?.setCustomValidity(problem);
  }, [problem]);

  function set(part: Part, next: string) {
    const updated = { ...parts, [part]: next };
    setParts(updated);
    onChange?.(calendarDateOf(updated.year, updated.month, updated.day) ?? '');
  }

  const described = value ? describeCalendarDate(value, locale) : null;
  const fields: Record<Part, React.ReactNode> = {
    day: (
      <label key="day" className="date-part">
        <span>{t('day')}</span>
        <input
          ref={dayInput}
          value={parts.day}
          onChange={(e) => set('day', e.target.value.replace(/\D/g, '').slice(0, 2))}
          inputMode="numeric"
          autoComplete="off"
          size={2}
          maxLength={2}
          aria-describedby={`${id}-out`}
          required={required}
        />
      </label>
    ),
    month: (
      <label key="month" className="date-part">
        <span>{t('month')}</span>
        <select value={parts.month} onChange={(e) => set('month', e.target.value)} aria-describedby={`${id}-out`} required={required}>
          <option value="">—</option>
          {months.map((m, i) => (
            <option key={m} value={String(i + 1)}>
              {m}
            </option>
          ))}
        </select>
      </label>
    ),
    year: (
      <label key="year" className="date-part">
        <span>{t('year')}</span>
        <input
          value={parts.year}
          onChange={(e) => set('year', e.target.value.replace(/\D/g, '').slice(0, 4))}
          inputMode="numeric"
          autoComplete="off"
          size={4}
          maxLength={4}
          placeholder="2026"
          aria-describedby={`${id}-out`}
          required={required}
        />
      </label>
    ),
  };

  return (
    <fieldset ref={group} className="date-field">
      <legend>{label}</legend>
      <div className="date-parts">{order.map((part) => fields[part])}</div>
      <output id={`${id}-out`} className="date-out" aria-live="polite">
        {described ?? (started ? problem : t('none'))}
      </output>
      {name && <input type="hidden" name={name} value={value ?? ''} />}
    </fieldset>
  );
}
