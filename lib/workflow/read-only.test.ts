import { describe, expect, it } from 'vitest';
import { readOnlyReason } from './read-only';

describe('readOnlyReason', () => {
  it('is null for a user who may edit', () => {
    expect(readOnlyReason({ state: 'draft', abilities: { edit: true }, submittedBy: null })).toBeNull();
  });

  it('is null for a reviewer in review, who may suggest (the editor then suggests only)', () => {
    expect(readOnlyReason({ state: 'in_review', abilities: { edit: false, suggest: true }, submittedBy: { name: 'D' } })).toBeNull();
  });

  it('names the submitter of a document in review', () => {
    expect(readOnlyReason({ state: 'in_review', abilities: {}, submittedBy: { name: 'Daniyar Seitkali' } })).toBe(
      'submitted for review by Daniyar Seitkali; the text is frozen until it comes back to draft.',
    );
  });

  it('says which state a document is in past review, and when the role is the reason', () => {
    expect(readOnlyReason({ state: 'published', abilities: {}, submittedBy: null })).toBe('this document is published; only drafts can be edited.');
    expect(readOnlyReason({ state: 'draft', abilities: { edit: false }, submittedBy: null })).toBe('your role lets you read this document, not edit it.');
  });
});
