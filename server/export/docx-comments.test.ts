import { describe, expect, it } from 'vitest';
import { CommentMarks, textOffsets } from './docx-comments';

describe('Word comments of an export', () => {
  const body = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Tərəflər razılaşdılar.' }] }] };
  const thread = {
    from: 0,
    to: 8,
    comments: [
      { author: 'ilqar isgəndərov', at: '2026-12-07T09:00:00Z', body: 'Hansı tərəflər?' },
      { author: 'Ilham Heydər oğlu Əliyev', at: '2026-12-07T09:05:00Z', body: 'Hamısı.' },
    ],
  };

  it('gives each comment its author’s initials as every badge does, upper-cased in the document’s language', () => {
    const marks = new CommentMarks([thread], textOffsets(body));
    expect(marks.comments('az').map((c) => c.initials)).toEqual(['İİ', 'IƏ']);
    expect(marks.comments('en').map((c) => c.initials)).toEqual(['II', 'IƏ']);
  });
});
