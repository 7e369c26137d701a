'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useId, useRef, useState } from 'react';
import { dateLocale, formatInZone } from '@/lib/text/dates';

/** Exports of statements weigh kilobytes to a few megabytes; past this the page does not read the file. */
export const MAX_FILE_BYTES = 50 * 1024 * 1024;

type Verdict =
  | { kind: 'idle' }
  | { kind: 'working'; name: string }
  | { kind: 'released'; name: string; sha256: string; title: string; language: string; releasedAt: string; organisation: string }
  | { kind: 'not-released'; name: string; sha256: string }
  | { kind: 'problem'; message: string };

/**
 * Checks a PDF or Word file someone holds against the organisation's releases: the browser
 * computes the SHA-256 of its bytes (WebCrypto) and asks `GET /api/verify/file/<sha256>`; the
 * file itself never leaves the device. One sentence answers, the same one for every file
 * that is not an export of a released text (changed, a draft, anything else). Words from
 * `FileCheck` in the visitor's language; the file's name and the title are as they are.
 */
export function FileCheck({ organisation, timeZone }: { organisation: string; timeZone: string }) {
  const inputId = useId();
  const hintId = useId();
  const [verdict, setVerdict] = useState<Verdict>({ kind: 'idle' });
  const [over, setOver] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const t = useTranslations('FileCheck');
  const locale = dateLocale(useLocale());

  async function check(file: File | undefined) {
    if (!file) return;
    if (file.size > MAX_FILE_BYTES) {
      setVerdict({
        kind: 'problem',
        message: t('tooLarge', { name: file.name }),
      });
      return;
    }
    if (!globalThis.crypto?.subtle) {
      setVerdict({
        kind: 'problem',
        message: t('insecure'),
      });
      return;
    }
    setVerdict({ kind: 'working', name: file.name });
    let sha256: string;
    try {
      const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
      sha256 = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
    } catch {
      setVerdict({ kind: 'problem', message: t('unreadable', { name: file.name }) });
      return;
    }
    try {
      const res = await fetch(`/api/verify/file/${sha256}`, { headers: { Accept: 'application/json' }, cache: 'no-store' });
      const body = (await res.json()) as {
        released?: boolean;
        title?: string;
        language?: string;
        releasedAt?: string;
        organisation?: string;
        error?: { message?: string };
      };
      if (!res.ok) throw new Error(body.error?.message ?? t('serverAnswered', { status: res.status }));
      if (body.released && body.title && body.releasedAt)
        setVerdict({
          kind: 'released',
          name: file.name,
          sha256,
          title: body.title,
          language: body.language ?? '',
          releasedAt: body.releasedAt,
          organisation: body.organisation ?? organisation,
        });
      else setVerdict({ kind: 'not-released', name: file.name, sha256 });
    } catch (err) {
      setVerdict({
        kind: 'problem',
        message: t('failed', { reason: err instanceof Error ? err.message : t('noAnswer') }),
      });
    }
  }

  return (
    <section className="file-check" aria-labelledby={`${inputId}-title`}>
      <h2 id={`${inputId}-title`}>{t('title')}</h2>
      <p id={hintId} className="file-check-hint">
        {t('hint', { organisation })}
      </p>
      {/* biome-ignore lint/a11y/noStaticElementInteractions: the drop zone is an extra for mouse users; the file input inside it is the accessible control */}
      <div
        className={`drop-zone${over ? ' is-over' : ''}`}
        data-testid="drop-zone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          void check(e.dataTransfer.files[0]);
        }}
      >
        <label htmlFor={inputId} className="button-link choose-file">
          {t('choose')}
        </label>
        <input
          ref={input}
          id={inputId}
          className="visually-hidden"
          type="file"
          accept=".pdf,.docx,application/pdf,application/vnd.openxmlformats-officedocument.wordprocessingml.document"
          aria-describedby={hintId}
          onChange={(e) => {
            void check(e.target.files?.[0]);
            e.target.value = '';
          }}
        />
        <span className="drop-hint">{t('drop')}</span>
      </div>
      <div role="status" aria-live="polite" className="file-verdict" data-verdict={verdict.kind}>
        {verdict.kind === 'working' && <p>{t('checking', { name: verdict.name })}</p>}
        {verdict.kind === 'released' && (
          <p className="verdict" data-released="true">
            {t.rich('released', {
              name: verdict.name,
              organisation: verdict.organisation,
              title: verdict.title,
              when: formatInZone(verdict.releasedAt, timeZone, locale),
              doc: (chunks) => <span lang={verdict.language || undefined}>{chunks}</span>,
              moment: (chunks) => <time dateTime={verdict.releasedAt}>{chunks}</time>,
            })}
          </p>
        )}
        {verdict.kind === 'not-released' && (
          <p className="verdict" data-released="false">
            {t('notReleased', { name: verdict.name, organisation })}
          </p>
        )}
        {verdict.kind === 'problem' && (
          <p className="verdict" data-released="unknown">
            {verdict.message}
          </p>
        )}
        {(verdict.kind === 'released' || verdict.kind === 'not-released') && <p className="fingerprint">{t('fingerprint', { hash: verdict.sha256 })}</p>}
      </div>
    </section>
  );
}
