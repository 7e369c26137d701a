import { describe, expect, it } from 'vitest';
import { SUGGESTION_CLOCK_TOLERANCE_MS, normalisedJson, suggestOnlyProblem, suggestionView } from './suggest-only';
import type { PMJson, SuggestionAttrs } from './suggestions';

const NOW = Date.parse('2026-12-06T10:00:00.000Z');
const me = { id: 'u-rustam', name: 'Rustam Karimov' };
const mine: SuggestionAttrs = { id: 's-1', authorId: me.id, authorName: me.name, createdAt: new Date(NOW).toISOString() };
const theirs: SuggestionAttrs = { id: 's-2', authorId: 'u-aigerim', authorName: 'Aigerim Bekova', createdAt: '2026-12-06T09:00:00.000Z' };
const t = (text: string, ...marks: { type: string; attrs?: object }[]): PMJson => ({
  type: 'text',
  text,
  ...(marks.length ? { marks: marks as PMJson['marks'] } : {}),
});
const ins = (a: SuggestionAttrs) => ({ type: 'suggestionInsert', attrs: { ...a } });
const del = (a: SuggestionAttrs) => ({ type: 'suggestionDelete', attrs: { ...a } });
const doc = (...content: PMJson[]): PMJson => ({ type: 'doc', content: [{ type: 'paragraph', content }] });
const judge = (before: PMJson, after: PMJson, now = NOW) => suggestOnlyProblem(suggestionView(before), suggestionView(after), me, now);

describe('the suggest-only rule', () => {
  const base = doc(t('Sülh danışıqları.'));

  it('keeps a suggestion of one’s own, dated now, and lets it grow', () => {
    const one = doc(t('Sülh '), t('yeni ', ins(mine)), t('danışıqları.'));
    expect(judge(base, one)).toBeNull();
    expect(judge(one, doc(t('Sülh '), t('yeni çox ', ins(mine)), t('danışıqları.')), NOW + 60 * 60_000)).toBeNull();
  });

  it('refuses text outside suggestions, someone else’s name, a time away from now, and a changed author or time', () => {
    expect(judge(base, doc(t('Sülh yeni danışıqları.')))).toBe('changes the text outside suggestions');
    expect(judge(base, doc(t('Sülh '), t('yeni ', ins({ ...mine, authorName: 'Aigerim Bekova' })), t('danışıqları.')))).toBe(
      'writes a suggestion in someone else’s name',
    );
    expect(judge(base, doc(t('Sülh '), t('yeni ', ins(mine)), t('danışıqları.')), NOW + SUGGESTION_CLOCK_TOLERANCE_MS + 1)).toBe(
      'dates a new suggestion away from now',
    );
    const theirsOpen = doc(t('Sülh '), t('yeni ', ins(theirs)), t('danışıqları.'));
    expect(judge(theirsOpen, doc(t('Sülh '), t('yeni ', ins({ ...theirs, createdAt: mine.createdAt })), t('danışıqları.')))).toBe(
      'changes the author or time of a suggestion',
    );
    // A malformed mark is never a suggestion: all-rejected keeps it, so the text changed.
    expect(judge(base, doc(t('Sülh '), t('x', { type: 'suggestionInsert', attrs: { id: 'x' } }), t('danışıqları.')))).not.toBeNull();
  });

  it('lets someone else’s suggestion shrink (a partial rejection), never grow', () => {
    const theirsOpen = doc(t('Sülh '), t('yeni çox ', ins(theirs)), t('danışıqları.'));
    expect(judge(theirsOpen, doc(t('Sülh '), t('yeni ', ins(theirs)), t('danışıqları.')))).toBeNull();
    expect(judge(theirsOpen, doc(t('Sülh '), t('yeni çox əbədi ', ins(theirs)), t('danışıqları.')))).toBe('writes a suggestion in someone else’s name');
    // Striking someone else's proposed words is a suggestion of one's own.
    expect(judge(theirsOpen, doc(t('Sülh '), t('yeni ', ins(theirs)), t('çox ', ins(theirs), del(mine)), t('danışıqları.')))).toBeNull();
  });

  it('compares texts as the schema would: split text runs and unset attributes do not count as changes', () => {
    expect(normalisedJson(doc(t('Sülh '), t('danışıqları.')))).toBe(normalisedJson(base));
    expect(normalisedJson({ type: 'doc', content: [{ type: 'paragraph', attrs: { textAlign: null }, content: [t('Sülh danışıqları.')] }] })).toBe(
      normalisedJson(base),
    );
    expect(normalisedJson(doc(t('Sülh danışıqları.', { type: 'bold' })))).not.toBe(normalisedJson(base));
  });
});
