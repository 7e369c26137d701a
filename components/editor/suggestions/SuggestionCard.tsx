'use client';

import { useTranslations } from 'next-intl';
import type { Node as PMNode } from '@tiptap/pm/model';
import type { Editor } from '@tiptap/react';
import { useState } from 'react';
import type { SuggestionThreadView } from '@/lib/comments/threads';
import { listSuggestions, type PMJson, type SuggestionSummary } from '@/lib/editor/suggestions';
import { useOrganisationTime } from '@/components/OrganisationTime';
import type { ThreadsApi } from '../comments/api';
import { Comment } from '../comments/Comment';
import { useLaterEditorState } from '../useLaterEditorState';
import { Composer } from '../comments/Composer';

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
    useLaterEditorState(
      editor,
      (e) => {
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
      [],
      (a, b) => JSON.stringify(a) === JSON.stringify(b),
    ) ?? EMPTY
  );
}

/** "Editing" / "Suggesting", as in Google Docs; locked to Suggesting for those who may only suggest. */
export function ModeSwitch({ suggesting, on, onChange }: { suggesting: SuggestingAbilities; on: boolean; onChange: (on: boolean) => void }) {
  const t = useTranslations('ModeSwitch');
  if (!suggesting.may) return null;
  return (
    <fieldset className="mode-switch" aria-label={t('label')}>
      <button
        type="button"
        aria-pressed={!on}
        disabled={suggesting.only}
        onClick={() => onChange(false)}
        title={suggesting.only ? t('onlySuggest') : undefined}
      >
        {t('editing')}
      </button>
      <button type="button" aria-pressed={on} onClick={() => onChange(true)}>
        {t('suggesting')}
      </button>
    </fieldset>
  );
}

export interface SuggestionDecisions {
  /** The suggestion being decided ("all" for all of them), or null. */
  busy: string | null;
  problem: string | null;
  decide: (sid: string | null, decision: 'accept' | 'reject') => Promise<void>;
}

/** Accepting and rejecting through the REST API (the server decides; a refusal keeps its sentence to show). */
export function useSuggestionDecisions(documentId: string): SuggestionDecisions {
  const t = useTranslations('SuggestionCard');
  const [busy, setBusy] = useState<string | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
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
        setProblem(body?.error?.message ?? t('failed'));
      }
    } catch {
      setProblem(t('offline'));
    } finally {
      setBusy(null);
    }
  };
  return { busy, problem, decide };
}

/** Above the panel's list: how many suggestions are open, "Accept all" and "Reject all" as the policy allows, a refusal's sentence. */
export function SuggestionsBar({ count, abilities, decisions }: { count: number; abilities: SuggestingAbilities; decisions: SuggestionDecisions }) {
  const t = useTranslations('SuggestionCard');
  if (count === 0 && !decisions.problem) return null;
  return (
    <div className="suggestions-bar" data-testid="suggestions-bar">
      {count > 0 && <span className="threads-count">{t('open', { count })}</span>}
      {count > 1 && (abilities.accept || abilities.reject) && (
        <span className="suggestion-all">
          {abilities.accept && (
            <button type="button" disabled={decisions.busy !== null} onClick={() => void decisions.decide(null, 'accept')}>
              {t('acceptAll')}
            </button>
          )}
          {abilities.reject && (
            <button type="button" disabled={decisions.busy !== null} onClick={() => void decisions.decide(null, 'reject')}>
              {t('rejectAll')}
            </button>
          )}
        </span>
      )}
      {decisions.problem && (
        <p className="error" role="alert">
          {decisions.problem}
        </p>
      )}
    </div>
  );
}

/**
 * One open suggestion in the side panel, in document order among the comment threads: who
 * proposed what, accept and reject as the policy allows, and its reply thread (issue 21):
 * the replies, and a box to reply for whoever may comment. Its head is a button, as a
 * thread's quote is: choosing it (a click, Enter) opens the card and shows the suggestion
 * in the text (`onSelect`); "Reply" does too and puts the focus in the reply box.
 */
export function SuggestionCard(props: {
  suggestion: SuggestionSummary;
  thread: SuggestionThreadView | null;
  abilities: SuggestingAbilities;
  me: string;
  decisions: SuggestionDecisions;
  api: ThreadsApi;
  mayComment: boolean;
  active: boolean;
  onSelect: () => void;
  onChanged: () => void;
}) {
  const t = useTranslations('SuggestionCard');
  const { suggestion: s, thread, abilities, decisions, api, active } = props;
  const clock = useOrganisationTime();
  const comments = thread?.comments ?? [];
  const canReject = abilities.reject || s.author.id === props.me;
  // The reply box takes the focus only when "Reply" opened the card, not when its head did (the focus is then in the text).
  const [replyAsked, setReplyAsked] = useState(false);
  const select = (reply: boolean) => {
    setReplyAsked(reply);
    props.onSelect();
  };
  return (
    <article className={`suggestion-card suggestion-card-${s.type}${active ? ' is-active' : ''}`} data-suggestion-id={s.id}>
      <button type="button" className="suggestion-head" onClick={() => select(false)} aria-expanded={active}>
        <span className="suggestion-who">
          <strong>{s.author.name}</strong> <time dateTime={s.createdAt}>{clock.format(s.createdAt)}</time>
        </span>
        <span className="suggestion-what">
          {s.type === 'insert' && s.text === '\n' && (
            <>
              {t('split')} <ins>¶</ins>
            </>
          )}
          {s.type === 'delete' && s.text === '\n' && (
            <>
              {t('join')} <del>¶</del>
            </>
          )}
          {s.type === 'insert' && s.text !== '\n' && (
            <>
              {t('add')} <ins>{shown(s.text)}</ins>
            </>
          )}
          {s.type === 'delete' && s.text !== '\n' && (
            <>
              {t('delete')} <del>{shown(s.text)}</del>
            </>
          )}
          {s.type === 'replace' && (
            <>
              {t('replace')} <del>{shown(s.replaced ?? '')}</del> {t('with')} <ins>{shown(s.text)}</ins>
            </>
          )}
        </span>
      </button>
      <div className="suggestion-actions">
        {abilities.accept && (
          <button
            type="button"
            disabled={decisions.busy !== null}
            onClick={() => void decisions.decide(s.id, 'accept')}
            aria-label={t('acceptLabel', { name: s.author.name })}
          >
            {t('accept')}
          </button>
        )}
        {canReject && (
          <button
            type="button"
            disabled={decisions.busy !== null}
            onClick={() => void decisions.decide(s.id, 'reject')}
            aria-label={t('rejectLabel', { name: s.author.name })}
          >
            {t('reject')}
          </button>
        )}
        {props.mayComment && !active && (
          <button type="button" className="link-button" onClick={() => select(true)} aria-label={t('replyLabel', { name: s.author.name })}>
            {comments.length ? t('replies', { count: comments.length }) : t('reply')}
          </button>
        )}
      </div>
      {comments.length > 0 && (
        <ol className="comments">
          {(active ? comments : comments.slice(-1)).map((c) => (
            <li key={c.id}>
              <Comment api={api} comment={c} onChanged={props.onChanged} />
            </li>
          ))}
        </ol>
      )}
      {active && props.mayComment && (
        <Composer
          api={api}
          label={t('replyLabel', { name: s.author.name })}
          placeholder={t('replyPlaceholder')}
          submitLabel={t('reply')}
          autoFocus={replyAsked}
          onSubmit={async (body, mentions) => {
            const answer = await api.replyToSuggestion(s.id, body, mentions);
            if (!answer.ok) return answer.message;
            props.onChanged();
            return null;
          }}
        />
      )}
    </article>
  );
}

/** A paragraph break shows as ¶; long text is shortened. */
function shown(text: string): string {
  const t = text.replace(/\n/g, ' ¶ ');
  return t.length > 160 ? `${t.slice(0, 157)}…` : t;
}
