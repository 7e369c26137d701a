'use client';

import type { Node as PMNode } from '@tiptap/pm/model';
import type { Editor } from '@tiptap/react';
import { useEditorState } from '@tiptap/react';
import { useState } from 'react';
import { listSuggestions, type PMJson, type SuggestionSummary } from '@/lib/editor/suggestions';
import { useOrganisationTime } from '@/components/OrganisationTime';

/** What the policy lets this user do with suggestions (from the document's abilities). */
export interface SuggestingAbilities {
  /** May suggest here (draft: whoever may edit; in review: reviewers and approvers). */
  may: boolean;
  /** May only suggest (in review): the editor is locked in Suggesting mode. */
  only: boolean;
  accept: boolean;
  /** May reject anyone's; a suggester may always reject their own. */
  reject: boolean;
}

const listed = new WeakMap<object, SuggestionSummary[]>();
const EMPTY: SuggestionSummary[] = [];
/** Per top-level block (by node identity, as countDocument caches counts): whether it holds any suggestion. */
const holds = new WeakMap<PMNode, boolean>();

function blockHolds(block: PMNode): boolean {
  let known = holds.get(block);
  if (known === undefined) {
    known = block.attrs.suggestion != null;
    if (!known)
      block.descendants((n) => {
        if (known) return false;
        if (n.attrs?.suggestion != null || n.marks.some((m) => m.type.name === 'suggestionInsert' || m.type.name === 'suggestionDelete')) known = true;
        return !known;
      });
    holds.set(block, known);
  }
  return known;
}

/**
 * The open suggestions of the editor's text in document order, read again only when the text
 * changed, and only when some block holds one: a keystroke in a text without suggestions
 * costs a look at the block it changed.
 */
export function useSuggestions(editor: Editor | null): SuggestionSummary[] {
  return (
    useEditorState({
      editor,
      selector: ({ editor: e }) => {
        if (!e) return [];
        const doc = e.state.doc;
        let list = listed.get(doc);
        if (!list) {
          let any = false;
          doc.forEach((block) => {
            any ||= blockHolds(block);
          });
          list = any ? listSuggestions(doc.toJSON() as PMJson) : EMPTY;
          listed.set(doc, list);
        }
        return list;
      },
      equalityFn: (a, b) => JSON.stringify(a) === JSON.stringify(b),
    }) ?? []
  );
}

/** "Editing" / "Suggesting", as in Google Docs; locked to Suggesting for those who may only suggest. */
export function ModeSwitch({ suggesting, on, onChange }: { suggesting: SuggestingAbilities; on: boolean; onChange: (on: boolean) => void }) {
  if (!suggesting.may) return null;
  return (
    <fieldset className="mode-switch" aria-label="Editing mode">
      <button
        type="button"
        aria-pressed={!on}
        disabled={suggesting.only}
        onClick={() => onChange(false)}
        title={suggesting.only ? 'In review you can only suggest' : undefined}
      >
        Editing
      </button>
      <button type="button" aria-pressed={on} onClick={() => onChange(true)}>
        Suggesting
      </button>
    </fieldset>
  );
}

/**
 * The open suggestions beside the text, in document order: who proposed what, with accept
 * and reject for those the policy allows (the server decides; a refusal shows its sentence).
 */
export function SuggestionsPanel({
  documentId,
  suggestions,
  abilities,
  me,
}: {
  documentId: string;
  suggestions: SuggestionSummary[];
  abilities: SuggestingAbilities;
  me: string;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const clock = useOrganisationTime();
  if (suggestions.length === 0 && !problem) return null;
  const decide = async (sid: string | null, decision: 'accept' | 'reject') => {
    setBusy(sid ?? 'all');
    setProblem(null);
    try {
      const path = sid ? `/api/documents/${documentId}/suggestions/${encodeURIComponent(sid)}` : `/api/documents/${documentId}/suggestions`;
      const res = await fetch(path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify(sid ? { decision } : { decision, all: true }),
      });
      if (!res.ok) {
        const body = (await res.json().catch(() => null)) as { error?: { message?: string } } | null;
        setProblem(body?.error?.message ?? 'That did not work; try again.');
      }
    } catch {
      setProblem('The server could not be reached; try again.');
    } finally {
      setBusy(null);
    }
  };
  const canReject = (s: SuggestionSummary) => abilities.reject || s.author.id === me;
  return (
    <section className="panel suggestions-panel" aria-labelledby="suggestions-title" data-testid="suggestions-panel">
      <div className="threads-head">
        <h2 id="suggestions-title">
          Suggestions <span className="threads-count">{suggestions.length} open</span>
        </h2>
      </div>
      {problem && (
        <p className="error" role="alert">
          {problem}
        </p>
      )}
      {suggestions.length > 1 && (abilities.accept || abilities.reject) && (
        <div className="suggestion-all">
          {abilities.accept && (
            <button type="button" disabled={busy !== null} onClick={() => decide(null, 'accept')}>
              Accept all
            </button>
          )}
          {abilities.reject && (
            <button type="button" disabled={busy !== null} onClick={() => decide(null, 'reject')}>
              Reject all
            </button>
          )}
        </div>
      )}
      <ol className="suggestion-list">
        {suggestions.map((s) => (
          <li key={s.id} className={`suggestion-card suggestion-card-${s.type}`} data-suggestion-id={s.id}>
            <p className="suggestion-who">
              <strong>{s.author.name}</strong> <time dateTime={s.createdAt}>{clock.format(s.createdAt)}</time>
            </p>
            <p className="suggestion-what">
              {s.type === 'insert' && (
                <>
                  Add <ins>{shown(s.text)}</ins>
                </>
              )}
              {s.type === 'delete' && (
                <>
                  Delete <del>{shown(s.text)}</del>
                </>
              )}
              {s.type === 'replace' && (
                <>
                  Replace <del>{shown(s.replaced ?? '')}</del> with <ins>{shown(s.text)}</ins>
                </>
              )}
            </p>
            <div className="suggestion-actions">
              {abilities.accept && (
                <button type="button" disabled={busy !== null} onClick={() => decide(s.id, 'accept')} aria-label={`Accept the suggestion by ${s.author.name}`}>
                  Accept
                </button>
              )}
              {canReject(s) && (
                <button type="button" disabled={busy !== null} onClick={() => decide(s.id, 'reject')} aria-label={`Reject the suggestion by ${s.author.name}`}>
                  Reject
                </button>
              )}
            </div>
          </li>
        ))}
      </ol>
    </section>
  );
}

/** A paragraph break shows as ¶; long text is shortened. */
function shown(text: string): string {
  const t = text.replace(/\n/g, ' ¶ ');
  return t.length > 160 ? `${t.slice(0, 157)}…` : t;
}
