import type { MailRecord } from '@/server/storage/types';
import { isMailMessage, mailStrings, type MailParams, type MessageText } from './messages';

/** A mail ready for SMTP: plain text and the same in simple HTML. */
export interface ComposedMail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

/** Where links point and whose name the mail carries. */
export interface MailContext {
  /** The public origin (NEXTAUTH_URL's, else this process's own address). */
  origin: string;
  org: string;
}

const MAX_PARAM = 500;

/** Subjects and lines are one line each: no CR/LF reaches a header, every param is capped. */
function clean(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  const flat = value.replace(/[\r\n\t\u2028\u2029]+/g, ' ').trim();
  return flat.length > MAX_PARAM ? `${flat.slice(0, MAX_PARAM - 1)}…` : flat;
}

function text(mail: MailRecord): MessageText {
  const strings = mailStrings(mail.locale);
  const p = mail.params as MailParams;
  const params: MailParams = {
    title: clean(p.title) || strings.untitled,
    actor: clean(p.actor) || strings.someone,
    dueDate: clean(p.dueDate),
    comment: clean(p.comment),
    languages: clean(p.languages),
  };
  if (!isMailMessage(mail.message)) throw new Error(`unknown mail message ${mail.message}`);
  return strings.messages[mail.message](params);
}

function link(ctx: MailContext, mail: MailRecord): string | null {
  return mail.documentId ? `${ctx.origin}/documents/${encodeURIComponent(mail.documentId)}` : null;
}

export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function htmlPage(blocks: string[], footer: string): string {
  return [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5;color:#1a1a1a;max-width:36em">',
    ...blocks,
    `<p style="color:#666;font-size:0.9em">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');
}

/**
 * One mail of one or several outbox rows of one person: a single message, or a digest that
 * lists each (the rows are in the order they were written).
 */
export function composeMail(ctx: MailContext, mails: readonly MailRecord[]): ComposedMail {
  const first = mails[0];
  if (!first) throw new Error('nothing to compose');
  const strings = mailStrings(first.locale);
  const footer = strings.footer(clean(ctx.org) ?? '');
  const parts = mails.map((m) => ({ message: text(m), href: link(ctx, m) }));
  if (parts.length === 1) {
    const { message, href } = parts[0]!;
    return {
      to: first.toAddress,
      subject: message.subject,
      text: [...message.lines, '', ...(href ? [`${message.action}: ${href}`, ''] : []), '--', footer].join('\n'),
      html: htmlPage(
        [...message.lines.map((l) => `<p>${escapeHtml(l)}</p>`), ...(href ? [`<p><a href="${escapeHtml(href)}">${escapeHtml(message.action)}</a></p>`] : [])],
        footer,
      ),
    };
  }
  const intro = strings.digestIntro(parts.length);
  return {
    to: first.toAddress,
    subject: strings.digestSubject(parts.length, clean(ctx.org) ?? ''),
    text: [intro, '', ...parts.flatMap(({ message, href }) => [`* ${message.lines.join(' ')}`, ...(href ? [`  ${href}`] : []), '']), '--', footer].join('\n'),
    html: htmlPage(
      [
        `<p>${escapeHtml(intro)}</p>`,
        '<ul>',
        ...parts.map(
          ({ message, href }) =>
            `<li><p>${escapeHtml(message.lines.join(' '))}${href ? ` <a href="${escapeHtml(href)}">${escapeHtml(message.action)}</a>` : ''}</p></li>`,
        ),
        '</ul>',
      ],
      footer,
    ),
  };
}
