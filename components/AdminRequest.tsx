'use client';

import { useTranslations } from 'next-intl';
import { useRouter } from 'next/navigation';
import { useState } from 'react';

/** What an administration form says after it asked the server: done, or refused. */
export interface Outcome {
  kind: 'ok' | 'error';
  text: string;
}

/** A request with a JSON body (`body` left out: none). */
export function jsonRequest(method: string, body?: unknown): RequestInit {
  return { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) };
}

/**
 * One request at a time from an administration form, and the sentence it leaves: `send`
 * asks the server, then shows what `done` makes of the answer (nothing when it makes null)
 * and refreshes the page's server-rendered data; a refusal shows the server's sentence
 * (already in the reader's language), else one of `AdminRequest` that says it was refused
 * or did not get through. Answers whether it was done.
 */
export function useAdminRequest() {
  const t = useTranslations('AdminRequest');
  const router = useRouter();
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState(false);

  async function send(url: string, init: RequestInit, done: (answer: Record<string, unknown>) => string | null): Promise<boolean> {
    setOutcome(null);
    setBusy(true);
    try {
      const res = await fetch(url, init);
      const answer = (await res.json().catch(() => ({}))) as Record<string, unknown> & { error?: { message?: string } };
      if (!res.ok) {
        setOutcome({ kind: 'error', text: answer.error?.message ?? t('refused', { status: res.status }) });
        return false;
      }
      const text = done(answer);
      if (text) setOutcome({ kind: 'ok', text });
      router.refresh();
      return true;
    } catch {
      // The request did not get through (offline, the server down): the browser's own words are not the reader's.
      setOutcome({ kind: 'error', text: t('failed') });
      return false;
    } finally {
      setBusy(false);
    }
  }

  return { outcome, setOutcome, busy, send };
}

/** The sentence a request left: a status when done, an alert when refused. */
export function OutcomeLine({ outcome }: { outcome: Outcome | null }) {
  if (!outcome) return null;
  return (
    <p role={outcome.kind === 'error' ? 'alert' : 'status'} className={outcome.kind === 'error' ? 'error' : 'notice'}>
      {outcome.text}
    </p>
  );
}
