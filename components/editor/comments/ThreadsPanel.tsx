'use client';

import { useTranslations } from 'next-intl';
import { useState } from 'react';
import { keyLabel, SHORTCUTS } from '@/components/editor/shortcuts';
import { mentions, passes, THREAD_FILTERS, type Reader, type ThreadFilter } from '@/lib/comments/panel';
import type { AnchorInput, SuggestionThreadView, ThreadView } from '@/lib/comments/threads';
import type { SuggestionSummary } from '@/lib/editor/suggestions';
import { SuggestionCard, SuggestionsBar, type SuggestingAbilities, useSuggestionDecisions } from '../suggestions/SuggestionCard';
import type { ThreadsApi } from './api';
import { Comment } from './Comment';
import { Composer } from './Composer';

/**
 * One entry of the side panel's list, in document order: a thread on a passage, an open
 * suggestion with its reply thread (issue 21), or the reply thread of a suggestion that is no
 * longer in the text (accepted, rejected, or gone with an edit), closed, kept for its replies.
 */
export type PanelItem =
  | { kind: 'thread'; thread: ThreadView }
  | { kind: 'suggestion'; suggestion: SuggestionSummary; thread: SuggestionThreadView | null }
  | { kind: 'decided'; thread: SuggestionThreadView };

const SUGGESTION = 'suggestion:';

/** The panel's key for a suggestion in `active` (thread ids and suggestion ids never meet). */
export const suggestionKey = (suggestionId: string) => `${SUGGESTION}${suggestionId}`;

/** The suggestion's id in a key made by `suggestionKey`; null for a thread's id. */
export const suggestionOf = (key: string): string | null => (key.startsWith(SUGGESTION) ? key.slice(SUGGESTION.length) : null);

/** A passage selected for a new thread, waiting for its first comment. */
export interface DraftThread {
  anchor: AnchorInput;
}

export interface ThreadsPanelProps {
  api: ThreadsApi;
  /** Threads in document order (null while the first read is under way). */
  threads: ThreadView[] | null;
  /** Threads and open suggestions in one list, in document order (null while the first read is under way). */
  items: PanelItem[] | null;
  /** What this user may do with suggestions, who they are, and the document (for accepting and rejecting). */
  suggesting: { abilities: SuggestingAbilities; me: string; documentId: string };
  loadError: string | null;
  reader: Reader;
  /** The server's abilities say this user may comment here. */
  mayComment: boolean;
  active: string | null;
  /** Threads whose passage is not in the text now (deleted since the list was read, too). */
  gone: ReadonlySet<string>;
  draft: DraftThread | null;
  /** Narrow screens: the panel is a sheet, shown when open. */
  open: boolean;
  onClose: () => void;
  onSelect: (threadId: string) => void;
  onDraftDone: (threadId: string | null) => void;
  onChanged: () => void;
}

/**
 * The comment threads of the document, beside the text (a sheet from the bottom on a
 * phone): in document order, filtered (open, resolved, mine, mentioning me), each with its
 * passage, its comments, a reply box, and resolve or reopen. The server decides everything;
 * a refusal shows its sentence where the user acted, and the text they typed stays.
 */
export function ThreadsPanel(props: ThreadsPanelProps) {
  const t = useTranslations('ThreadsPanel');
  const { threads, reader, active, draft } = props;
  const [filter, setFilter] = useState<ThreadFilter>('open');
  const decisions = useSuggestionDecisions(props.suggesting.documentId);
  const itemPasses = (item: PanelItem, f: ThreadFilter) =>
    item.kind === 'suggestion'
      ? suggestionPasses(item, f, reader)
      : // A decided suggestion's thread is closed, whatever became of it: its suggestion is not in the text.
        passes(item.kind === 'thread' ? item.thread : { resolved: true, comments: item.thread.comments }, f, reader);
  const shown = (props.items ?? []).filter((item) => itemPasses(item, filter) || (item.kind !== 'suggestion' && item.thread.id === active));
  // "Open" counts the comment threads (as the header's button does); the other filters count what they show, suggestions too.
  const counts = Object.fromEntries(
    THREAD_FILTERS.map((f) => [
      f,
      f === 'open' ? (threads ?? []).filter((t) => passes(t, f, reader)).length : (props.items ?? []).filter((i) => itemPasses(i, f)).length,
    ]),
  ) as Record<ThreadFilter, number>;
  const suggestionCount = (props.items ?? []).filter((i) => i.kind === 'suggestion').length;

  return (
    <section
      className="panel threads-panel"
      aria-labelledby="threads-title"
      data-open={props.open}
      id="threads-panel"
      // Escape closes the sheet on a phone (a comment box being written takes Escape first).
      onKeyDown={(e) => {
        if (e.key === 'Escape' && props.open) props.onClose();
      }}
    >
      <div className="threads-head">
        <h2 id="threads-title" tabIndex={-1}>
          {t('title')} <span className="threads-count">{t('openCount', { count: counts.open })}</span>
        </h2>
        <button type="button" className="icon-button threads-close" aria-label={t('close')} onClick={props.onClose}>
          ×
        </button>
      </div>
      <fieldset className="thread-filters">
        <legend className="visually-hidden">{t('show')}</legend>
        {THREAD_FILTERS.map((f) => (
          <button key={f} type="button" className="chip" aria-pressed={filter === f} onClick={() => setFilter(f)}>
            {t(FILTER_KEYS[f])} <span className="chip-count">{counts[f]}</span>
          </button>
        ))}
      </fieldset>
      <SuggestionsBar count={suggestionCount} abilities={props.suggesting.abilities} decisions={decisions} />
      {draft && (
        <NewThread
          api={props.api}
          draft={draft}
          onDone={(id) => {
            if (id) setFilter((f) => (f === 'resolved' ? 'open' : f));
            props.onDraftDone(id);
          }}
        />
      )}
      {props.loadError && (
        <p className="form-error" role="alert">
          {props.loadError}
        </p>
      )}
      {threads === null && !props.loadError ? (
        <p className="muted">{t('reading')}</p>
      ) : shown.length === 0 ? (
        !draft && <p className="muted threads-empty">{emptyText(t, filter, props.mayComment)}</p>
      ) : (
        <ol className="threads">
          {shown.map((item) =>
            item.kind !== 'suggestion' ? (
              <li key={item.thread.id}>
                <Thread
                  api={props.api}
                  thread={item.kind === 'thread' ? item.thread : { decided: item.thread }}
                  mayComment={props.mayComment}
                  active={item.thread.id === active}
                  gone={props.gone.has(item.thread.id)}
                  onSelect={() => props.onSelect(item.thread.id)}
                  onChanged={props.onChanged}
                />
              </li>
            ) : (
              <li key={suggestionKey(item.suggestion.id)}>
                <SuggestionCard
                  suggestion={item.suggestion}
                  thread={item.thread}
                  abilities={props.suggesting.abilities}
                  me={props.suggesting.me}
                  decisions={decisions}
                  api={props.api}
                  mayComment={props.mayComment}
                  active={suggestionKey(item.suggestion.id) === active}
                  onSelect={() => props.onSelect(suggestionKey(item.suggestion.id))}
                  onChanged={props.onChanged}
                />
              </li>
            ),
          )}
        </ol>
      )}
    </section>
  );
}

/**
 * Whether an open suggestion passes a filter: it is open; "mine" when the reader proposed it
 * or replied on it; "mentioning me" when a reply names them. Never "resolved" (a decided
 * suggestion leaves the text; its reply thread is then listed as a closed thread of its own).
 */
function suggestionPasses(item: Extract<PanelItem, { kind: 'suggestion' }>, filter: ThreadFilter, reader: Reader): boolean {
  const comments = item.thread?.comments ?? [];
  if (filter === 'open') return true;
  if (filter === 'mine') return item.suggestion.author.id === reader.id || comments.some((c) => c.author.id === reader.id);
  if (filter === 'mentioning') return comments.some((c) => c.author.id !== reader.id && mentions(c.body, reader.name));
  return false;
}

/** The filter chips' catalogue keys (`ThreadsPanel.<key>`). */
const FILTER_KEYS: Record<ThreadFilter, string> = {
  open: 'filterOpen',
  resolved: 'filterResolved',
  mine: 'filterMine',
  mentioning: 'filterMentioning',
};

type Words = (key: string, values?: Record<string, string | number>) => string;

function emptyText(t: Words, filter: ThreadFilter, mayComment: boolean): string {
  if (filter === 'open') return mayComment ? t('emptyOpenMayComment', { keys: keyLabel(SHORTCUTS.comment!.keys) }) : t('emptyOpen');
  if (filter === 'resolved') return t('emptyResolved');
  if (filter === 'mine') return t('emptyMine');
  return t('emptyMentioning');
}

function NewThread({ api, draft, onDone }: { api: ThreadsApi; draft: DraftThread; onDone: (threadId: string | null) => void }) {
  const t = useTranslations('ThreadsPanel');
  return (
    <div className="thread thread-new">
      <blockquote className="thread-quote">{draft.anchor.exact}</blockquote>
      <Composer
        api={api}
        label={t('newLabel')}
        placeholder={t('newPlaceholder')}
        submitLabel={t('newSubmit')}
        autoFocus
        onSubmit={async (body, mentions) => {
          const answer = await api.create(draft.anchor, body, mentions);
          if (!answer.ok) return answer.message;
          onDone(answer.value.id);
          return null;
        }}
        onCancel={() => onDone(null)}
      />
    </div>
  );
}

/**
 * One thread in the list: on a passage (resolve, reopen, reply), or, `decided`, the closed
 * reply thread of a suggestion no longer in the text, which says how it was decided and by
 * whom and shows its replies (their authors may still edit or delete them; nothing else).
 */
function Thread(props: {
  api: ThreadsApi;
  thread: ThreadView | { decided: SuggestionThreadView };
  mayComment: boolean;
  active: boolean;
  gone: boolean;
  onSelect: () => void;
  onChanged: () => void;
}) {
  const t = useTranslations('ThreadsPanel');
  const { api, active, gone } = props;
  const decided = 'decided' in props.thread ? props.thread.decided : null;
  const thread = decided ?? (props.thread as ThreadView);
  const open = !thread.resolved && !decided;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const titleId = `thread-${thread.id}-title`;

  const setResolved = async (resolved: boolean) => {
    setBusy(true);
    setError(null);
    const answer = await api.resolve(thread.id, resolved);
    setBusy(false);
    if (!answer.ok) return setError(answer.message);
    props.onChanged();
  };

  return (
    <article
      className={`thread${active ? ' is-active' : ''}${open ? '' : ' is-resolved'}${decided ? ' thread-decided' : ''}`}
      aria-labelledby={titleId}
      data-thread-id={thread.id}
    >
      <button type="button" id={titleId} className="thread-quote" onClick={props.onSelect} aria-expanded={active}>
        {gone && <span className="thread-flag">{t('onDeleted')}</span>}
        {decided ? (
          <span className="thread-flag resolved">{decidedFlag(t, decided)}</span>
        ) : (
          thread.resolved && (
            <span className="thread-flag resolved">{thread.resolvedBy ? t('resolvedBy', { name: thread.resolvedBy.name }) : t('resolved')}</span>
          )
        )}
        <q>{thread.quote}</q>
      </button>
      {active && props.mayComment && !decided && (
        <div className="thread-actions">
          {thread.resolved ? (
            <button type="button" className="secondary" disabled={busy} onClick={() => void setResolved(false)}>
              {t('reopen')}
            </button>
          ) : (
            <button type="button" className="secondary resolve" disabled={busy} onClick={() => void setResolved(true)}>
              <svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d="M5 12.5l4.5 4.5L19 7.5" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" strokeLinejoin="round" />
              </svg>{' '}
              {t('resolve')}
            </button>
          )}
        </div>
      )}
      <ol className="comments">
        {(active ? thread.comments : thread.comments.slice(0, 1)).map((c) => (
          <li key={c.id}>
            <Comment api={api} comment={c} onChanged={props.onChanged} />
          </li>
        ))}
      </ol>
      {!active && thread.comments.length > 1 && (
        <button type="button" className="link-button more-replies" onClick={props.onSelect}>
          {t('replies', { count: thread.comments.length - 1 })}
        </button>
      )}
      {active && props.mayComment && open && (
        <Composer
          api={api}
          label={t('reply')}
          placeholder={t('replyPlaceholder')}
          submitLabel={t('reply')}
          onSubmit={async (body, mentions) => {
            const answer = await api.reply(thread.id, body, mentions);
            if (!answer.ok) return answer.message;
            props.onChanged();
            return null;
          }}
        />
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </article>
  );
}

/** What became of a suggestion whose reply thread is listed closed: accepted or rejected, and by whom; or gone from the text with an edit. */
function decidedFlag(t: Words, thread: SuggestionThreadView): string {
  if (!thread.resolved) return t('suggestionGone');
  if (!thread.resolvedBy) return t('resolved');
  const { name } = thread.resolvedBy;
  if (thread.decision === 'accept') return t('suggestionAcceptedBy', { name });
  if (thread.decision === 'reject') return t('suggestionRejectedBy', { name });
  return t('suggestionDecidedBy', { name });
}
