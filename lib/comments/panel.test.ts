import { describe, expect, it } from 'vitest';
import { editorSchema } from '@/lib/editor/content';
import type { PMJson } from '@/lib/editor/suggestions';
import { inDocumentOrder, insertMention, mentionAt, mentionedIds, mentions, type PanelEntry, panelOrder, passes, suggestionRanges, textQuote } from './panel';
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

describe('one side panel: threads and suggestions in document order (issue 21)', () => {
  const by = (id: string) => ({ id, authorId: 'u-r', authorName: 'Reviewer', createdAt: '2026-12-06T09:00:00.000Z' });
  const text = (t: string, marks: { type: string; attrs?: Record<string, unknown> }[] = []): PMJson => ({
    type: 'text',
    text: t,
    ...(marks.length ? { marks } : {}),
  });
  const ins = (id: string) => ({ type: 'suggestionInsert', attrs: by(id) });
  const del = (id: string) => ({ type: 'suggestionDelete', attrs: by(id) });
  const cell = (type: string, ...content: PMJson[]): PMJson => ({
    type,
    attrs: { colspan: 1, rowspan: 1, colwidth: null },
    content: [{ type: 'paragraph', content }],
  });
  // "Dost ölkələrin əməkdaşlığı" with a thread on "ölkələrin əməkdaşlığı" (positions 6–28), a
  // replacement inside it, two suggestions inserted at one point, and one in a table cell.
  const doc = editorSchema().nodeFromJSON({
    type: 'doc',
    content: [
      {
        type: 'paragraph',
        content: [text('Dost '), text('ölkələrin '), text('sıx', [del('s-inside')]), text('möhkəm', [ins('s-inside')]), text(' əməkdaşlığı')],
      },
      { type: 'paragraph', content: [text('Bakı', [ins('s-same-b')]), text('Astana', [ins('s-same-a')]), text(' sammiti.')] },
      {
        type: 'table',
        content: [
          { type: 'tableRow', content: [cell('tableHeader', text('Ölkə')), cell('tableHeader', text('Nümayəndə'))] },
          { type: 'tableRow', content: [cell('tableCell', text('Qazaxıstan')), cell('tableCell', text('səfir '), text('müavini', [ins('s-cell')]))] },
        ],
      },
    ],
  });
  const ranges = suggestionRanges((visit) => doc.descendants(visit));
  const textAt = (r: { from: number; to: number } | undefined) => (r ? doc.textBetween(r.from, r.to, '\n') : null);

  it('finds each suggestion where it is, a replacement as one range, in a table cell too', () => {
    expect([...ranges.keys()]).toEqual(['s-inside', 's-same-b', 's-same-a', 's-cell']);
    expect(textAt(ranges.get('s-inside'))).toBe('sıxmöhkəm');
    expect(textAt(ranges.get('s-same-b'))).toBe('Bakı');
    expect(textAt(ranges.get('s-cell'))).toBe('müavini');
    expect(ranges.get('s-cell')!.from).toBeGreaterThan(ranges.get('s-same-a')!.from);
  });

  it('a proposed paragraph join counts at the start of its block', () => {
    const joined = editorSchema().nodeFromJSON({
      type: 'doc',
      content: [
        { type: 'paragraph', content: [text('Birinci.')] },
        { type: 'paragraph', attrs: { suggestion: { type: 'join', ...by('s-join') } }, content: [text('İkinci.')] },
      ],
    });
    expect(suggestionRanges((visit) => joined.descendants(visit)).get('s-join')).toEqual({ from: 10, to: 11 });
  });

  it('interleaves: the commented passage before the suggestion inside it, one point’s suggestions oldest first, then the table cell; deleted passages last', () => {
    const placed = (kind: PanelEntry['kind'], id: string, range: PanelEntry['range'], createdAt: string): PanelEntry => ({ kind, id, range, createdAt });
    const passage = { from: doc.textContent.indexOf('ölkələrin') + 1, to: ranges.get('s-inside')!.to + ' əməkdaşlığı'.length };
    expect(doc.textBetween(passage.from, passage.to)).toBe('ölkələrin sıxmöhkəm əməkdaşlığı');
    const same = ranges.get('s-same-b')!.from;
    const entries = [
      placed('suggestion', 's-cell', ranges.get('s-cell')!, '2026-12-06T09:00:00.000Z'),
      placed('thread', 't-gone', null, '2026-12-06T07:00:00.000Z'),
      placed('suggestion', 's-inside', ranges.get('s-inside')!, '2026-12-06T08:00:00.000Z'),
      placed('suggestion', 's-same-a', { from: same, to: same + 4 }, '2026-12-06T09:30:00.000Z'),
      placed('suggestion', 's-same-b', { from: same, to: same + 4 }, '2026-12-06T09:10:00.000Z'),
      placed('thread', 't-passage', passage, '2026-12-06T10:00:00.000Z'),
      placed('thread', 't-same', { from: same, to: same + 4 }, '2026-12-06T11:00:00.000Z'),
      placed('thread', 't-gone-older', null, '2026-12-06T06:00:00.000Z'),
    ];
    const order = ['t-passage', 's-inside', 't-same', 's-same-b', 's-same-a', 's-cell', 't-gone-older', 't-gone'];
    expect(panelOrder(entries).map((e) => e.id)).toEqual(order);
    expect(panelOrder([...entries].reverse()).map((e) => e.id)).toEqual(order);
  });

  it('at one start, the entry that reaches further comes first, whatever its kind', () => {
    const at = (kind: PanelEntry['kind'], id: string, to: number): PanelEntry => ({ kind, id, range: { from: 5, to }, createdAt: '2026-12-06T08:00:00Z' });
    expect(panelOrder([at('thread', 't-short', 7), at('suggestion', 's-long', 20)]).map((e) => e.id)).toEqual(['s-long', 't-short']);
  });
});
