'use client';

import { useTranslations } from 'next-intl';
import { useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { insertMention, mentionAt, mentionedIds } from '@/lib/comments/panel';
import { MAX_COMMENT_CHARS } from '@/lib/comments/threads';
import type { Person, ThreadsApi } from './api';

interface Props {
  api: ThreadsApi;
  /** The box's accessible name ("Comment", "Reply", "Edit your comment"). */
  label: string;
  placeholder: string;
  submitLabel: string;
  initial?: string;
  autoFocus?: boolean;
  /**
   * Sends the text; answers null when it went through (the box empties) or the sentence to
   * show when it did not (the text stays in the box).
   */
  onSubmit: (body: string, mentions: string[]) => Promise<string | null>;
  onCancel?: () => void;
}

/**
 * A comment box: a text area where "@" offers the people who can see the document (from the
 * server, as they are typed), Ctrl+Enter sends, Escape cancels. A failed send leaves every
 * word where it was and says why under the box.
 */
export function Composer({ api, label, placeholder, submitLabel, initial = '', autoFocus, onSubmit, onCancel }: Props) {
  const t = useTranslations('Composer');
  const [text, setText] = useState(initial);
  const [error, setError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const [mention, setMention] = useState<{ start: number; query: string } | null>(null);
  const [people, setPeople] = useState<Person[]>([]);
  const [highlighted, setHighlighted] = useState(0);
  const [picked, setPicked] = useState<Person[]>([]);
  const box = useRef<HTMLTextAreaElement>(null);
  const id = useId();
  const listId = `${id}-people`;
  const errorId = `${id}-error`;

  useEffect(() => {
    if (autoFocus) box.current?.focus();
  }, [autoFocus]);

  // People for the mention being typed, from the server (who can see this document).
  useEffect(() => {
    if (!mention) return setPeople([]);
    let current = true;
    void api.people(mention.query).then((answer) => {
      if (!current) return;
      const list = answer.ok ? (Array.isArray(answer.value) ? answer.value : answer.value.people) : [];
      setPeople(list.slice(0, 8));
      setHighlighted(0);
    });
    return () => {
      current = false;
    };
  }, [api, mention]);

  const readMention = (value: string, caret: number) => setMention(mentionAt(value, caret));

  // The caret goes after the chosen name as React writes the new text, before the next key
  // is read: set a frame later, a fast typist's first letter went to the end of the text and
  // the caret then jumped back before it.
  const caretAfterChoice = useRef<number | null>(null);
  useLayoutEffect(() => {
    const el = box.current;
    const caret = caretAfterChoice.current;
    if (!el || caret === null) return;
    caretAfterChoice.current = null;
    el.focus();
    el.setSelectionRange(caret, caret);
  });
  const choose = (person: Person) => {
    const el = box.current;
    if (!el || !mention) return;
    const next = insertMention(text, mention.start, el.selectionStart, person.name);
    setText(next.text);
    setPicked((p) => (p.some((x) => x.id === person.id) ? p : [...p, person]));
    setMention(null);
    caretAfterChoice.current = next.caret;
  };

  const send = async () => {
    const body = text.trim();
    if (!body) {
      setError(t('empty'));
      return;
    }
    if (body.length > MAX_COMMENT_CHARS) {
      setError(t('tooLong', { max: MAX_COMMENT_CHARS, length: body.length }));
      return;
    }
    setSending(true);
    setError(null);
    const failure = await onSubmit(body, mentionedIds(body, picked));
    setSending(false);
    if (failure) {
      setError(failure);
      return;
    }
    setText('');
    setPicked([]);
  };

  const open = mention !== null && people.length > 0;
  return (
    <form
      className="composer"
      onSubmit={(e) => {
        e.preventDefault();
        void send();
      }}
    >
      <div className="composer-field">
        <textarea
          ref={box}
          value={text}
          rows={text.includes('\n') || text.length > 60 ? 4 : 2}
          aria-label={label}
          placeholder={placeholder}
          // A text area may not take the combobox role; as GitHub's comment boxes do, it names
          // the list it completes from and the highlighted option.
          aria-autocomplete="list"
          aria-controls={listId}
          aria-activedescendant={open ? `${listId}-${highlighted}` : undefined}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(e) => {
            setText(e.target.value);
            readMention(e.target.value, e.target.selectionStart);
          }}
          onClick={(e) => readMention(e.currentTarget.value, e.currentTarget.selectionStart)}
          onBlur={() => setTimeout(() => setMention(null), 150)}
          onKeyDown={(e) => {
            if (open && (e.key === 'ArrowDown' || e.key === 'ArrowUp')) {
              e.preventDefault();
              setHighlighted((h) => (h + (e.key === 'ArrowDown' ? 1 : people.length - 1)) % people.length);
            } else if (open && (e.key === 'Enter' || e.key === 'Tab') && !e.ctrlKey && !e.metaKey) {
              e.preventDefault();
              const person = people[highlighted];
              if (person) choose(person);
            } else if (e.key === 'Escape') {
              if (open) setMention(null);
              else onCancel?.();
              e.stopPropagation();
            } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void send();
            }
          }}
        />
        {/* biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: the list of suggestions is a listbox whose highlighted option the text area names (aria-activedescendant) */}
        <ul id={listId} role="listbox" aria-label={t('people')} className="mention-list" hidden={!open}>
          {people.map((person, i) => (
            // biome-ignore lint/a11y/useFocusableInteractive: focus stays in the text area, which names the highlighted option with aria-activedescendant
            <li
              key={person.id}
              id={`${listId}-${i}`}
              // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: an option of the listbox above
              role="option"
              aria-selected={i === highlighted}
              onMouseDown={(e) => {
                e.preventDefault();
                choose(person);
              }}
            >
              <span className="mention-name">{person.name}</span> <span className="mention-email">{person.email}</span>
            </li>
          ))}
        </ul>
      </div>
      {error && (
        <p id={errorId} className="form-error" role="alert">
          {error}
        </p>
      )}
      <div className="composer-actions">
        {onCancel && (
          <button type="button" className="secondary" onClick={onCancel}>
            {t('cancel')}
          </button>
        )}
        <button type="submit" className="primary" disabled={sending}>
          {sending ? t('sending') : submitLabel}
        </button>
      </div>
    </form>
  );
}
