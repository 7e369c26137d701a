import { describe, expect, it } from 'vitest';
import az from '@/messages/az.json';
import ru from '@/messages/ru.json';
import { type Catalogue, formatMessage } from './format';
import { refOf, sentence, sentenceOf } from './sentence';

describe('sentences written in English and answered in the reader’s language', () => {
  it('a sentence made once at start (a constant) keeps its message after thousands of filled-in ones', () => {
    const fixed = sentence('commandErrors.threads.onASuggestion');
    for (let i = 0; i < 5000; i++) sentence('commandErrors.users.hasAccount', { email: `person${i}@example.org` });
    expect(refOf(fixed)).toEqual({ key: 'commandErrors.threads.onASuggestion' });
    expect(formatMessage(ru as Catalogue, 'ru', refOf(fixed)!)).toMatch(/^Это обсуждение относится к предложению/);
  });

  it('a language tag is named in English for the log and in the reader’s language for them', () => {
    const english = sentence('commandErrors.languages.alreadyHasVersion', undefined, { language: 'kk' });
    expect(english).toBe('This statement already has a version in Kazakh.');
    const ref = refOf(english)!;
    expect(formatMessage(ru as Catalogue, 'ru', ref)).toBe('У этого заявления уже есть версия на языке: казахский.');
    expect(formatMessage(az as Catalogue, 'az', ref)).toBe('Bu bəyanatın artıq bu dildə versiyası var: qazax.');
  });

  it('a list of reasons (parts) is written reason by reason in the reader’s language', () => {
    const english = sentenceOf({
      key: 'commandErrors.languages.groupWaits',
      parts: {
        holders: [
          { key: 'commandErrors.languages.memberNotAligned', values: { title: 'Декларация' }, languages: { language: 'kk' } },
          { key: 'commandErrors.languages.memberNotApproved', values: { title: 'Декларация (кыргызча)', state: 'draft' }, languages: { language: 'ky' } },
        ],
      },
    });
    expect(english).toBe(
      'The language versions cannot be published together yet: Kazakh (“Декларация”) is not aligned with the master’s current text; Kyrgyz (“Декларация (кыргызча)”) is draft, not approved.',
    );
    expect(formatMessage(ru as Catalogue, 'ru', refOf(english)!)).toBe(
      'Языковые версии пока нельзя опубликовать вместе: казахский («Декларация»): не согласована с текущим основным текстом; киргизский («Декларация (кыргызча)»): черновик, не утверждена.',
    );
  });

  it('numbers are written as the reader writes them, and English as it always was', () => {
    const english = sentence('commandErrors.threads.commentTooLong', { max: 10_000, length: 12_345 });
    expect(english).toBe('A comment can be at most 10,000 characters long; this one has 12,345.');
    expect(formatMessage(ru as Catalogue, 'ru', refOf(english)!)).toBe('Комментарий может содержать не более 10\u00a0000 символов; в этом 12\u00a0345.');
  });
});
