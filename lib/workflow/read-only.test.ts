import { describe, expect, it } from 'vitest';
import { type Catalogue, formatMessage } from '@/lib/i18n/format';
import en from '@/messages/en.json';
import ru from '@/messages/ru.json';
import { type ReadOnlyReason, readOnlyMessage, readOnlyReason, sameReason } from './read-only';

/** The sentence the banner shows (LocalCopyNotices' `useReadOnlySentence` formats the same message). */
function say(catalogue: Catalogue, locale: string, reason: ReadOnlyReason | null): string | undefined {
  if (!reason) return undefined;
  const { key, values } = readOnlyMessage(reason);
  return formatMessage(catalogue, locale, { key: `ReadOnly.${key}`, values });
}

describe('readOnlyReason', () => {
  it('is null for a user who may edit', () => {
    expect(readOnlyReason({ state: 'draft', abilities: { edit: true }, submittedBy: null })).toBeNull();
  });

  it('is null for a reviewer in review, who may suggest (the editor then suggests only)', () => {
    expect(readOnlyReason({ state: 'in_review', abilities: { edit: false, suggest: true }, submittedBy: { name: 'D' } })).toBeNull();
  });

  it('names the submitter of a document in review', () => {
    const reason = readOnlyReason({ state: 'in_review', abilities: {}, submittedBy: { name: 'Daniyar Seitkali' } });
    expect(reason).toEqual({ code: 'in_review', by: 'Daniyar Seitkali' });
    expect(say(en, 'en', reason)).toBe('submitted for review by Daniyar Seitkali; the text is frozen until it comes back to draft.');
    expect(say(ru, 'ru', reason)).toBe('Daniyar Seitkali направил(а) документ на рассмотрение; до возвращения в черновик текст изменить нельзя.');
  });

  it('says which state a document is in past review, and when the role is the reason', () => {
    const published = readOnlyReason({ state: 'published', abilities: {}, submittedBy: null });
    expect(published).toEqual({ code: 'state', state: 'published' });
    expect(say(en, 'en', published)).toBe('this document is published; only drafts can be edited.');
    expect(say(ru, 'ru', published)).toBe('документ опубликован; редактировать можно только черновики.');
    const role = readOnlyReason({ state: 'draft', abilities: { edit: false }, submittedBy: null });
    expect(role).toEqual({ code: 'role' });
    expect(say(en, 'en', role)).toBe('your role lets you read this document, not edit it.');
  });

  it('tells the same reason from a different one, whatever object carries it', () => {
    expect(sameReason({ code: 'in_review', by: 'A' }, { code: 'in_review', by: 'A' })).toBe(true);
    expect(sameReason({ code: 'in_review', by: 'A' }, { code: 'in_review', by: 'B' })).toBe(false);
    expect(sameReason({ code: 'state', state: 'approved' }, { code: 'state', state: 'published' })).toBe(false);
    expect(sameReason({ code: 'role' }, null)).toBe(false);
    expect(sameReason(null, null)).toBe(true);
  });
});
