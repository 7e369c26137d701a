import { describe, expect, it } from 'vitest';
import type { MailRecord } from '@/server/storage/types';
import { composeMail } from './compose';
import { MAIL_MESSAGES } from './messages';
import { dateIn, nextHourIn } from './outbox';

const mail = (over: Partial<MailRecord> = {}): MailRecord => ({
  id: 1,
  userId: 'u',
  toAddress: 'reader@example.org',
  locale: 'en',
  message: 'changes_requested',
  documentId: 'doc-1',
  params: { title: 'Title', actor: 'Ana' },
  digest: false,
  availableAt: new Date(),
  attempts: 0,
  sentAt: null,
  failedAt: null,
  lastError: null,
  createdAt: new Date(),
  ...over,
});
const ctx = { origin: 'https://c.example.org', org: 'Ministry' };

describe('composing a mail', () => {
  it('writes every message in plain text and HTML with a link to the document', () => {
    for (const message of MAIL_MESSAGES) {
      const m = composeMail(ctx, [mail({ message, params: { title: 'Budget', actor: 'Ana', dueDate: '2026-12-08' } })]);
      expect(m.subject).toContain('Budget');
      expect(m.text).toContain('https://c.example.org/documents/doc-1');
      expect(m.html).toContain('href="https://c.example.org/documents/doc-1"');
    }
  });

  it('escapes HTML and keeps headers on one line, whatever a title or comment holds', () => {
    const m = composeMail(ctx, [mail({ params: { title: 'A <b>bold</b>\r\nBcc: x@evil.example', actor: 'Ana', comment: '<script>alert(1)</script>' } })]);
    expect(m.subject).not.toMatch(/[\r\n]/);
    expect(m.html).not.toContain('<script>');
    expect(m.html).not.toContain('<b>bold</b>');
    expect(m.html).toContain('&lt;script&gt;');
  });

  it('makes one digest of several mails, and refuses an unknown message', () => {
    const m = composeMail(ctx, [mail(), mail({ id: 2, message: 'approved', documentId: 'doc-2' })]);
    expect(m.subject).toBe('Ministry: 2 updates today');
    expect(m.text).toContain('/documents/doc-1');
    expect(m.text).toContain('/documents/doc-2');
    expect(() => composeMail(ctx, [mail({ message: 'nope' })])).toThrow();
  });
});

describe('the digest hour', () => {
  it('is the next time the clock in the zone shows the hour', () => {
    const now = new Date('2026-12-06T10:30:00Z');
    expect(nextHourIn('UTC', 8, now).toISOString()).toBe('2026-12-07T08:00:00.000Z');
    expect(nextHourIn('UTC', 11, now).toISOString()).toBe('2026-12-06T11:00:00.000Z');
    expect(nextHourIn('Asia/Baku', 18, now).toISOString()).toBe('2026-12-06T14:00:00.000Z'); // UTC+4
    expect(nextHourIn('UTC', 10, new Date('2026-12-06T10:00:00Z')).toISOString()).toBe('2026-12-06T10:00:00.000Z');
    expect(dateIn('Asia/Baku', new Date('2026-12-06T21:00:00Z'), 1)).toBe('2026-12-08');
  });
});
