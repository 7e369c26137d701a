import { Extension, Mark } from '@tiptap/core';
import { formatInZone } from '@/lib/text/dates';
import { SUGGESTION_BLOCK_TYPES, parseSuggestionAttrs, parseBlockSuggestion, type SuggestionAttrs } from './suggestions';

/**
 * The schema side of suggestions (issue 21): two marks, `suggestionInsert` (proposed text)
 * and `suggestionDelete` (text proposed for removal, kept until decided), each with
 * `{id, authorId, authorName, createdAt}`, and a `suggestion` attribute on paragraphs and
 * headings for proposed paragraph breaks (`type: "split"`, on the new second paragraph) and
 * joins (`type: "join"`, on the paragraph that would join the one before). Marks travel in
 * Yjs as XmlText formatting attributes and node attributes as XmlElement attributes, both of
 * which @tiptap/y-tiptap syncs (it does not sync marks on nodes, hence the attribute).
 */
function suggestionMark(name: 'suggestionInsert' | 'suggestionDelete', tag: 'ins' | 'del') {
  return Mark.create({
    name,
    // Not inclusive: typing right after a suggestion is not part of it unless the editor's
    // suggesting mode puts it there (with the typist as author).
    inclusive: false,
    addAttributes() {
      const attr = (key: keyof SuggestionAttrs) => ({
        default: null,
        parseHTML: (el: HTMLElement) => el.getAttribute(`data-${key.toLowerCase()}`),
        renderHTML: (attrs: Record<string, unknown>) => (attrs[key] ? { [`data-${key.toLowerCase()}`]: String(attrs[key]) } : {}),
      });
      return { id: attr('id'), authorId: attr('authorId'), authorName: attr('authorName'), createdAt: attr('createdAt') };
    },
    parseHTML() {
      return [{ tag: `${tag}[data-suggestion]`, getAttrs: (el) => (parseSuggestionAttrs(datasetOf(el as HTMLElement)) ? null : false) }];
    },
    renderHTML({ HTMLAttributes, mark }) {
      // The author and time show on hover (in the one date format; the schema knows no time
      // zone, so UTC, named; the suggestions panel shows the organisation's).
      const what = tag === 'ins' ? 'Suggested' : 'Suggested deleting';
      const at = typeof mark.attrs.createdAt === 'string' && !Number.isNaN(Date.parse(mark.attrs.createdAt)) ? mark.attrs.createdAt : null;
      const title = `${what} by ${String(mark.attrs.authorName ?? 'someone')}${at ? `, ${formatInZone(at, 'UTC')}` : ''}`;
      return [tag, { ...HTMLAttributes, 'data-suggestion': '', class: `suggestion suggestion-${tag}`, title }, 0];
    },
  });
}

function datasetOf(el: HTMLElement): Record<string, unknown> {
  return {
    id: el.getAttribute('data-id'),
    authorId: el.getAttribute('data-authorid'),
    authorName: el.getAttribute('data-authorname'),
    createdAt: el.getAttribute('data-createdat'),
  };
}

export const SuggestionInsert = suggestionMark('suggestionInsert', 'ins');
export const SuggestionDelete = suggestionMark('suggestionDelete', 'del');

/** `suggestion` on paragraphs and headings: a proposed paragraph break or join (see suggestions.ts). */
export const SuggestionBlocks = Extension.create({
  name: 'suggestionBlocks',
  addGlobalAttributes() {
    return [
      {
        types: [...SUGGESTION_BLOCK_TYPES],
        attributes: {
          suggestion: {
            default: null,
            parseHTML: (el: HTMLElement) => {
              const raw = el.getAttribute('data-suggestion-block');
              if (!raw) return null;
              try {
                return parseBlockSuggestion(JSON.parse(raw));
              } catch {
                return null;
              }
            },
            renderHTML: (attrs: Record<string, unknown>) => {
              const s = parseBlockSuggestion(attrs.suggestion);
              return s ? { 'data-suggestion-block': JSON.stringify(s), class: `suggestion-${s.type}` } : {};
            },
          },
        },
      },
    ];
  },
});
