'use client';

import { useState } from 'react';
import type { CommentView } from '@/lib/comments/threads';
import { useOrganisationTime } from '../../OrganisationTime';
import type { ThreadsApi } from './api';
import { Composer } from './Composer';

/** One comment; Edit and Delete are offered as the server's abilities for it say (own comments; admins delete any). */
export function Comment({ api, comment, onChanged }: { api: ThreadsApi; comment: CommentView; onChanged: () => void }) {
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
