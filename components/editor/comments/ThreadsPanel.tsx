'use client';

import { useState } from 'react';
import { FILTER_LABELS, passes, THREAD_FILTERS, type Reader, type ThreadFilter } from '@/lib/comments/panel';
import type { AnchorInput, CommentView, ThreadView } from '@/lib/comments/threads';
import { useOrganisationTime } from '../../OrganisationTime';
import type { ThreadsApi } from './api';
import { Composer } from './Composer';

/** A passage selected for a new thread, waiting for its first comment. */
export interface DraftThread {
  anchor: AnchorInput;
}

export interface ThreadsPanelProps {
  api: ThreadsApi;
  /** Threads in document order (null while the first read is under way). */
  threads: ThreadView[] | null;
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
  const { threads, reader, active, draft } = props;
  const [filter, setFilter] = useState<ThreadFilter>('open');
  const shown = (threads ?? []).filter((t) => passes(t, filter, reader) || t.id === active);
  const counts = Object.fromEntries(THREAD_FILTERS.map((f) => [f, (threads ?? []).filter((t) => passes(t, f, reader)).length])) as Record<ThreadFilter, number>;

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
          Comments <span className="threads-count">{counts.open === 1 ? '1 open' : `${counts.open} open`}</span>
        </h2>
        <button type="button" className="icon-button threads-close" aria-label="Close comments" onClick={props.onClose}>
          ×
        </button>
      </div>
      <fieldset className="thread-filters">
        <legend className="visually-hidden">Show</legend>
        {THREAD_FILTERS.map((f) => (
          <button key={f} type="button" className="chip" aria-pressed={filter === f} onClick={() => setFilter(f)}>
            {FILTER_LABELS[f]} <span className="chip-count">{counts[f]}</span>
          </button>
        ))}
      </fieldset>
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
        <p className="muted">Reading the comments…</p>
      ) : shown.length === 0 ? (
        !draft && <p className="muted threads-empty">{emptyText(filter, props.mayComment)}</p>
      ) : (
        <ol className="threads">
          {shown.map((t) => (
            <li key={t.id}>
              <Thread
                api={props.api}
                thread={t}
                mayComment={props.mayComment}
                active={t.id === active}
                gone={props.gone.has(t.id)}
                onSelect={() => props.onSelect(t.id)}
                onChanged={props.onChanged}
              />
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function emptyText(filter: ThreadFilter, mayComment: boolean): string {
  if (filter === 'open') return mayComment ? 'No open comments. Select a passage and choose “Comment” (Ctrl+Alt+M).' : 'No open comments.';
  if (filter === 'resolved') return 'No resolved comments.';
  if (filter === 'mine') return 'You have not written in any thread.';
  return 'Nobody has mentioned you here.';
}

function NewThread({ api, draft, onDone }: { api: ThreadsApi; draft: DraftThread; onDone: (threadId: string | null) => void }) {
  return (
    <div className="thread thread-new">
      <blockquote className="thread-quote">{draft.anchor.exact}</blockquote>
      <Composer
        api={api}
        label="Comment on the selected passage"
        placeholder="Add a comment; @ to mention someone"
        submitLabel="Comment"
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

function Thread(props: {
  api: ThreadsApi;
  thread: ThreadView;
  mayComment: boolean;
  active: boolean;
  gone: boolean;
  onSelect: () => void;
  onChanged: () => void;
}) {
  const { api, thread, active, gone } = props;
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
    <article className={`thread${active ? ' is-active' : ''}${thread.resolved ? ' is-resolved' : ''}`} aria-labelledby={titleId} data-thread-id={thread.id}>
      <button type="button" id={titleId} className="thread-quote" onClick={props.onSelect} aria-expanded={active}>
        {gone && <span className="thread-flag">On deleted text</span>}
        {thread.resolved && <span className="thread-flag resolved">Resolved{thread.resolvedBy ? ` by ${thread.resolvedBy.name}` : ''}</span>}
        <q>{thread.quote}</q>
      </button>
      {active && props.mayComment && (
        <div className="thread-actions">
          {thread.resolved ? (
            <button type="button" className="secondary" disabled={busy} onClick={() => void setResolved(false)}>
              Reopen
            </button>
          ) : (
            <button type="button" className="secondary resolve" disabled={busy} onClick={() => void setResolved(true)}>
              <svg width="14" height="14" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
                <path d="M5 12.5l4.5 4.5L19 7.5" fill="none" stroke="currentColor" strokeWidth="2.5" strokeLinecap="round" strokeLinejoin="round" />
              </svg>{' '}
              Resolve
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
          {thread.comments.length === 2 ? '1 reply' : `${thread.comments.length - 1} replies`}
        </button>
      )}
      {active && props.mayComment && !thread.resolved && (
        <Composer
          api={api}
          label="Reply"
          placeholder="Reply; @ to mention someone"
          submitLabel="Reply"
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

/** One comment; Edit and Delete are offered as the server's abilities for it say (own comments; admins delete any). */
function Comment({ api, comment, onChanged }: { api: ThreadsApi; comment: CommentView; onChanged: () => void }) {
  const may = comment.abilities;
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const when = new Date(comment.createdAt);
  const clock = useOrganisationTime();

  if (editing)
    return (
      <Composer
        api={api}
        label="Edit your comment"
        placeholder="Your comment"
        submitLabel="Save"
        initial={comment.body}
        autoFocus
        onSubmit={async (body) => {
          const answer = await api.edit(comment.id, body);
          if (!answer.ok) return answer.message;
          setEditing(false);
          onChanged();
          return null;
        }}
        onCancel={() => setEditing(false)}
      />
    );

  return (
    <div className="comment">
      <div className="comment-head">
        <span className="avatar-dot" aria-hidden="true">
          {initials(comment.author.name)}
        </span>
        <span className="comment-author">{comment.author.name}</span>
        <time dateTime={comment.createdAt} title={clock.format(when)}>
          {relativeTime(when, clock.format)}
        </time>
        {comment.editedAt && <span className="muted comment-edited">(edited)</span>}
      </div>
      <p className="comment-body">{comment.body}</p>
      {(may.edit || may.delete) && !confirming && (
        <div className="comment-actions">
          {may.edit && (
            <button type="button" className="link-button" onClick={() => setEditing(true)}>
              Edit
            </button>
          )}
          {may.delete && (
            <button type="button" className="link-button" onClick={() => setConfirming(true)}>
              Delete
            </button>
          )}
        </div>
      )}
      {confirming && (
        <fieldset className="comment-actions">
          <legend>Delete this comment?</legend>
          <button
            type="button"
            className="link-button danger"
            onClick={async () => {
              const answer = await api.remove(comment.id);
              if (!answer.ok) return setError(answer.message);
              setConfirming(false);
              onChanged();
            }}
          >
            Delete
          </button>
          <button type="button" className="link-button" onClick={() => setConfirming(false)}>
            Keep
          </button>
        </fieldset>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

function initials(name: string): string {
  return name
    .split(/\s+/)
    .filter(Boolean)
    .slice(0, 2)
    .map((w) => w[0]!.toUpperCase())
    .join('');
}

/** "just now", "5 min ago", "3 h ago", else the moment in the organisation's time (`format`). */
function relativeTime(when: Date, format: (when: Date) => string): string {
  const seconds = (Date.now() - when.getTime()) / 1000;
  if (seconds < 60) return 'just now';
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min ago`;
  if (seconds < 86_400) return `${Math.floor(seconds / 3600)} h ago`;
  return format(when);
}
