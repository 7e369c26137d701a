'use client';

import { useLocale, useTranslations } from 'next-intl';
import { useState } from 'react';
import type { CommentView } from '@/lib/comments/threads';
import { initials } from '@/lib/text/case';
import { useOrganisationTime } from '../../OrganisationTime';
import type { ThreadsApi } from './api';
import { Composer } from './Composer';

/** One comment; Edit and Delete are offered as the server's abilities for it say (own comments; admins delete any). */
export function Comment({ api, comment, onChanged }: { api: ThreadsApi; comment: CommentView; onChanged: () => void }) {
  const t = useTranslations('Comment');
  const locale = useLocale();
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
        label={t('editLabel')}
        placeholder={t('placeholder')}
        submitLabel={t('save')}
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
          {initials(comment.author.name, locale)}
        </span>
        <span className="comment-author">{comment.author.name}</span>
        <time dateTime={comment.createdAt} title={clock.format(when)}>
          {relativeTime(t, when, clock.format)}
        </time>
        {comment.editedAt && <span className="muted comment-edited">{t('edited')}</span>}
      </div>
      <p className="comment-body">{comment.body}</p>
      {(may.edit || may.delete) && !confirming && (
        <div className="comment-actions">
          {may.edit && (
            <button type="button" className="link-button" onClick={() => setEditing(true)}>
              {t('edit')}
            </button>
          )}
          {may.delete && (
            <button type="button" className="link-button" onClick={() => setConfirming(true)}>
              {t('delete')}
            </button>
          )}
        </div>
      )}
      {confirming && (
        <fieldset className="comment-actions">
          <legend>{t('confirmDelete')}</legend>
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
            {t('delete')}
          </button>
          <button type="button" className="link-button" onClick={() => setConfirming(false)}>
            {t('keep')}
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

/** "just now", "5 min ago", "3 h ago", else the moment in the organisation's time (`format`). */
function relativeTime(t: (key: string, values?: Record<string, number>) => string, when: Date, format: (when: Date) => string): string {
  const seconds = (Date.now() - when.getTime()) / 1000;
  if (seconds < 60) return t('justNow');
  if (seconds < 3600) return t('minutesAgo', { count: Math.floor(seconds / 60) });
  if (seconds < 86_400) return t('hoursAgo', { count: Math.floor(seconds / 3600) });
  return format(when);
}
