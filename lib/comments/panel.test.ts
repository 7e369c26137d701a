import { describe, expect, it } from 'vitest';
import { inDocumentOrder, insertMention, mentionAt, mentionedIds, mentions, passes, textQuote } from './panel';
import type { ThreadView } from './threads';

const ME = { id: 'u-me', name: 'Rustam Karimov' };
const OTHER = { id: 'u-other', name: 'Daniyar Seitkali' };

function thread(id: string, over: Partial<ThreadView> = {}, comments: { by: typeof ME; body: string }[] = []): ThreadView {
  return {
    id,
    quote: 'the words',
    anchor: { start: 'AA==', end: 'AA==' },
    resolved: false,
    resolvedBy: null,
    resolvedAt: null,
    onDeletedText: false,
    createdAt: `2026-12-06T08:00:0${id.length}Z`,
    comments: comments.map((c, i) => ({
      id: `${id}-${i}`,
      author: c.by,
      body: c.body,
      createdAt: '2026-12-06T08:00:00Z',
      editedAt: null,
      abilities: { edit: false, delete: false },
    })),
    ...over,
  };
}

describe('the thread panel’s filters', () => {
  const mine = thread('a', {}, [{ by: ME, body: 'Say “summit”.' }]);
  const mentioning = thread('bb', {}, [{ by: OTHER, body: '@Rustam Karimov, is this right?' }]);
  const resolved = thread('ccc', { resolved: true }, [{ by: OTHER, body: 'Done.' }]);

  it('open and resolved split by state', () => {
    expect([mine, mentioning, resolved].filter((t) => passes(t, 'open', ME)).map((t) => t.id)).toEqual(['a', 'bb']);
    expect([mine, mentioning, resolved].filter((t) => passes(t, 'resolved', ME)).map((t) => t.id)).toEqual(['ccc']);
  });

  it('"mine" is the threads the reader wrote in; "mentioning me" is others naming them', () => {
    expect([mine, mentioning, resolved].filter((t) => passes(t, 'mine', ME)).map((t) => t.id)).toEqual(['a']);
    expect([mine, mentioning, resolved].filter((t) => passes(t, 'mentioning', ME)).map((t) => t.id)).toEqual(['bb']);
  });

  it('a mention is the whole name, not the start of a longer one', () => {
    expect(mentions('thanks @Rustam Karimov.', 'Rustam Karimov')).toBe(true);
    expect(mentions('thanks @Rustam Karimova', 'Rustam Karimov')).toBe(false);
    expect(mentions('@Rustam Karimova and @Rustam Karimov', 'Rustam Karimov')).toBe(true);
    expect(mentions('rustam@example.org', 'Rustam Karimov')).toBe(false);
  });
});

describe('document order', () => {
  it('sorts by where the passage starts now, with threads on deleted text last, oldest first', () => {
    const at: Record<string, number> = { a: 40, bb: 3, dddd: 3 };
    const threads = [thread('a'), thread('bb'), thread('ccc'), thread('dddd'), thread('e')];
    expect(inDocumentOrder(threads, (t) => at[t.id] ?? null).map((t) => t.id)).toEqual(['bb', 'dddd', 'a', 'e', 'ccc']);
  });
});

describe('the text-quote selector of a selection', () => {
  it('keeps a little context on each side', () => {
    const before = `${'x'.repeat(100)}The heads of state `;
    expect(textQuote(before, 'met in Astana', '. They agreed on a statement about water and energy.')).toEqual({
      exact: 'met in Astana',
      prefix: before.slice(-32),
      suffix: '. They agreed on a statement abo',
    });
  });
});

describe('mentions typed in a comment box', () => {
  it('finds the mention at the caret, not an e-mail address', () => {
    expect(mentionAt('Please check, @Rus', 18)).toEqual({ start: 14, query: 'Rus' });
    expect(mentionAt('@', 1)).toEqual({ start: 0, query: '' });
    expect(mentionAt('write to rustam@exa', 19)).toBeNull();
    expect(mentionAt('@Rustam Karimov  and', 20)).toBeNull();
  });

  it('inserts the chosen name and keeps only mentions still in the text', () => {
    const typed = insertMention('Please check, @Rus', 14, 18, 'Rustam Karimov');
    expect(typed).toEqual({ text: 'Please check, @Rustam Karimov ', caret: 30 });
    expect(mentionedIds(typed.text, [ME, OTHER])).toEqual(['u-me']);
    expect(mentionedIds('Please check.', [ME])).toEqual([]);
  });
});
