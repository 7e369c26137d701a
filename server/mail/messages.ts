import { languageName } from '@/lib/languages/tags';

/**
 * Every sentence a mail says, keyed by message and by locale, in this one module so that the
 * interface languages (issue 24) translate them here and nowhere else. English only for now:
 * a locale without its own strings falls back to English. A message says what happened to
 * which document (by its title), who did it, and what to do; never any of the draft's text,
 * since mail is not a safe place for embargoed words (a reviewer's comment is not the text).
 */

export const MAIL_MESSAGES = [
  'review_requested',
  'changes_requested',
  'approved',
  'published',
  'released',
  'group_published',
  'group_released',
  'mention',
  'due_tomorrow',
] as const;
export type MailMessage = (typeof MAIL_MESSAGES)[number];

/** What a message may say besides its words: all optional strings, checked by each message. */
export interface MailParams {
  title?: string;
  actor?: string;
  dueDate?: string;
  comment?: string;
  /** The languages a language group released together, as BCP 47 tags joined by commas ("az,kk,ky"); named in the recipient's locale. */
  languages?: string;
}

/** One message in one language: its subject, its lines, and the link's words. */
export interface MessageText {
  subject: string;
  lines: string[];
  action: string;
}

interface Strings {
  messages: Record<MailMessage, (p: MailParams) => MessageText>;
  digestSubject: (count: number, org: string) => string;
  digestIntro: (count: number) => string;
  footer: (org: string) => string;
  untitled: string;
  someone: string;
}

const en: Strings = {
  messages: {
    review_requested: (p) => ({
      subject: `Review requested: ${p.title}`,
      lines: [`${p.actor} asked you to review “${p.title}”.`, ...(p.dueDate ? [`It is due on ${p.dueDate}.`] : [])],
      action: 'Open the document to review it',
    }),
    changes_requested: (p) => ({
      subject: `Changes requested: ${p.title}`,
      lines: [`${p.actor} asked for changes to “${p.title}”.`, ...(p.comment ? [`Their comment: ${p.comment}`] : [])],
      action: 'Open the document',
    }),
    approved: (p) => ({
      subject: `Approved: ${p.title}`,
      lines: [`“${p.title}” is approved${p.actor ? ` (last approval by ${p.actor})` : ''}. It can be published now.`],
      action: 'Open the document',
    }),
    published: (p) => ({
      subject: `Published: ${p.title}`,
      lines: [`${p.actor} published “${p.title}”. It is public now.`],
      action: 'Open the document',
    }),
    released: (p) => ({
      subject: `Released: ${p.title}`,
      lines: [`The embargo on “${p.title}” has ended: it is public now.`],
      action: 'Open the document',
    }),
    group_published: (p) => ({
      subject: `Published in ${languageList(p.languages, 'en')}: ${p.title}`,
      lines: [`${p.actor} published “${p.title}” in ${languageList(p.languages, 'en')}, all at once. Every language is public now.`],
      action: 'Open the document',
    }),
    group_released: (p) => ({
      subject: `Released in ${languageList(p.languages, 'en')}: ${p.title}`,
      lines: [`The embargo on “${p.title}” has ended: it is public now in ${languageList(p.languages, 'en')}.`],
      action: 'Open the document',
    }),
    mention: (p) => ({
      subject: `${p.actor} mentioned you: ${p.title}`,
      lines: [`${p.actor} mentioned you in a comment on “${p.title}”.`],
      action: 'Open the document to read the comment',
    }),
    due_tomorrow: (p) => ({
      subject: `Due tomorrow: ${p.title}`,
      lines: [`The review of “${p.title}” is due tomorrow, ${p.dueDate}, and is not done yet.`],
      action: 'Open the document to review it',
    }),
  },
  digestSubject: (count, org) => `${org}: ${count} ${count === 1 ? 'update' : 'updates'} today`,
  digestIntro: (count) => `Here ${count === 1 ? 'is what' : `are the ${count} things that`} happened since your last summary.`,
  footer: (org) => `You get this mail from ${org}. Choose every mail at once, a daily summary or none on your account page.`,
  untitled: 'Untitled',
  someone: 'Someone',
};

const LOCALES: Record<string, Strings> = { en };

/**
 * The languages of a group's release, named in `locale` and listed as its readers write a
 * list ("Azerbaijani, Kazakh and Kyrgyz"), from the tags the outbox row keeps.
 */
export function languageList(tags: string | undefined, locale: string): string {
  const names = (tags ?? '')
    .split(',')
    .map((t) => t.trim())
    .filter(Boolean)
    .map((t) => languageName(t, locale));
  if (!names.length) return 'every language';
  try {
    return new Intl.ListFormat(locale === 'en' ? 'en-GB' : locale, { type: 'conjunction' }).format(names);
  } catch {
    return names.join(', ');
  }
}

/** The strings of a locale (its language, then English). */
export function mailStrings(locale: string): Strings {
  return LOCALES[locale] ?? LOCALES[locale.split('-')[0]!.toLowerCase()] ?? en;
}

export function isMailMessage(value: string): value is MailMessage {
  return (MAIL_MESSAGES as readonly string[]).includes(value);
}
