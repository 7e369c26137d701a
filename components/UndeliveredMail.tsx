'use client';

import { useRouter } from 'next/navigation';
import { useState } from 'react';

export interface UndeliveredRow {
  id: number;
  to: string;
  message: string;
  title: string | null;
  attempts: number;
  lastError: string | null;
  failedAt: string | null;
}

/** What each mail was about, as the list names it. */
const ABOUT: Record<string, string> = {
  review_requested: 'Review requested',
  changes_requested: 'Changes requested',
  approved: 'Approved',
  published: 'Published',
  released: 'Released',
  mention: 'Mention',
  due_tomorrow: 'Due tomorrow',
};

/**
 * Mails given up after every attempt (admins), with the SMTP server's answer, each with a
 * button that puts it back in the queue (POST /api/mail/undelivered/<id>/retry).
 */
export function UndeliveredMail({ mails }: { mails: UndeliveredRow[] }) {
  const router = useRouter();
  const [message, setMessage] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [busy, setBusy] = useState<number | null>(null);

  async function retry(id: number) {
    setBusy(id);
    setMessage(null);
    try {
      const res = await fetch(`/api/mail/undelivered/${id}/retry`, { method: 'POST' });
      const data = (await res.json().catch(() => ({}))) as { error?: { message?: string } };
      if (!res.ok) throw new Error(data.error?.message ?? `The server refused (${res.status}).`);
      setMessage({ kind: 'ok', text: 'It is being sent again.' });
      router.refresh();
    } catch (err) {
      setMessage({ kind: 'error', text: err instanceof Error ? err.message : 'That did not work. Try again.' });
    } finally {
      setBusy(null);
    }
  }

  if (!mails.length) return <p>Every mail was delivered.</p>;
  return (
    <div className="stack">
      <div style={{ overflowX: 'auto' }}>
        <table className="documents">
          <thead>
            <tr>
              <th scope="col">To</th>
              <th scope="col">About</th>
              <th scope="col">Attempts</th>
              <th scope="col">The mail server said</th>
              <th scope="col">
                <span className="visually-hidden">Retry</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {mails.map((m) => (
              <tr key={m.id}>
                <td className="title-cell">
                  <strong>{m.to}</strong>
                </td>
                <td data-label="About">
                  {ABOUT[m.message] ?? m.message}
                  {m.title ? `: ${m.title}` : ''}
                </td>
                <td data-label="Attempts">{m.attempts}</td>
                <td data-label="Server said">
                  <code>{m.lastError ?? '—'}</code>
                </td>
                <td className="title-cell">
                  <button type="button" onClick={() => void retry(m.id)} disabled={busy !== null}>
                    Send again
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {message && (
        <p role={message.kind === 'error' ? 'alert' : 'status'} className={message.kind === 'error' ? 'error' : 'notice'}>
          {message.text}
        </p>
      )}
    </div>
  );
}
