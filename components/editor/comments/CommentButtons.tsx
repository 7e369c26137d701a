'use client';

import type { Editor } from '@tiptap/react';
import { useTranslations } from 'next-intl';
import { type RefObject, useCallback, useEffect, useState } from 'react';
import { keyLabel, SHORTCUTS } from '@/components/editor/shortcuts';
import { useLaterEditorState } from '@/components/editor/useLaterEditorState';

const shortcut = SHORTCUTS.comment!;

/** The editor bar's "Comment" button (it works on read-only text too) and the open-thread count. */
export function CommentTools(props: { canStart: boolean; mayComment: boolean; openCount: number; onStart: () => void; onShowPanel: () => void }) {
  const t = useTranslations('CommentButtons');
  const name = useTranslations('shortcuts');
  return (
    <div className="comment-tools">
      {props.mayComment && (
        <button
          type="button"
          className="tool tool-wide"
          disabled={!props.canStart}
          title={t('withKeys', { action: name('comment'), keys: keyLabel(shortcut.keys) })}
          aria-keyshortcuts="Control+Alt+M"
          // Keep the selection: the click must not move it before the thread takes it.
          onMouseDown={(e) => e.preventDefault()}
          onClick={props.onStart}
          data-tool="comment"
        >
          <CommentIcon /> {t('comment')}
        </button>
      )}
      {/* On a phone the bar shows the count as an icon and a number (CSS, from data-count): the
          sentence stays the button's text and name, so a screen reader still reads it. */}
      <button
        type="button"
        className="thread-count-button"
        onClick={props.onShowPanel}
        aria-controls="threads-panel"
        data-testid="open-threads"
        data-count={props.openCount}
        title={t('openCount', { count: props.openCount })}
      >
        <ThreadsIcon />
        <span className="thread-count-text">{t('openCount', { count: props.openCount })}</span>
      </button>
    </div>
  );
}

/**
 * A small "Comment" bubble under the end of the selection, the way Google Docs offers it:
 * shown while a passage is selected and no new thread is being written.
 */
export function CommentBubble({
  editor,
  surface,
  hidden,
  onStart,
}: {
  editor: Editor;
  surface: RefObject<HTMLDivElement | null>;
  hidden: boolean;
  onStart: () => void;
}) {
  const t = useTranslations('CommentButtons');
  const name = useTranslations('shortcuts');
  // Where the selection ends, read after the frame (useLaterEditorState); nothing while there is none, so typing renders nothing here.
  const selection = useLaterEditorState(editor, (e) => (e.state.selection.empty ? null : { from: e.state.selection.from, to: e.state.selection.to }));
  useRelayoutWhile(selection !== null, surface);
  // The bubble's own width once drawn (its label is longer in Russian than in English), so that
  // near the right edge it stays inside the text's frame.
  const [width, setWidth] = useState(130);
  const measure = useCallback(
    (bubble: HTMLButtonElement | null) => {
      if (bubble && Math.abs(bubble.offsetWidth - width) > 1) setWidth(bubble.offsetWidth);
    },
    [width],
  );
  const box = surface.current;
  if (hidden || !selection || !box || editor.isDestroyed) return null;
  let place: { top: number; left: number };
  try {
    const end = editor.view.coordsAtPos(selection.to);
    const frame = box.getBoundingClientRect();
    place = { top: end.bottom - frame.top + 6, left: Math.max(0, Math.min(end.left - frame.left - 20, frame.width - width - 8)) };
  } catch {
    return null; // the selection is not drawn (yet)
  }
  return (
    <button
      ref={measure}
      type="button"
      className="comment-bubble"
      style={{ top: place.top, left: place.left }}
      onMouseDown={(e) => e.preventDefault()}
      onClick={onStart}
      title={t('withKeys', { action: name('comment'), keys: keyLabel(shortcut.keys) })}
      data-testid="comment-bubble"
    >
      <CommentIcon /> {t('comment')}
    </button>
  );
}

function ThreadsIcon() {
  return (
    <svg className="thread-count-icon" width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M3 4h13v9H8l-5 4V4z M19 8h2v12l-4-3h-7v-2" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
    </svg>
  );
}

function CommentIcon() {
  return (
    <svg width="16" height="16" viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <path d="M4 5h16v11H9l-5 4V5z" fill="none" stroke="currentColor" strokeWidth="2" strokeLinejoin="round" />
    </svg>
  );
}

/**
 * Renders again when `surface` changes size while `active` (a window resized, a phone turned,
 * the side panel opened): the bubble is placed from the text's layout, which moved.
 */
function useRelayoutWhile(active: boolean, surface: RefObject<HTMLDivElement | null>): void {
  const [, setSize] = useState('');
  useEffect(() => {
    const box = surface.current;
    if (!active || !box || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(([entry]) => {
      if (entry) setSize(`${Math.round(entry.contentRect.width)}x${Math.round(entry.contentRect.height)}`);
    });
    observer.observe(box);
    return () => observer.disconnect();
  }, [active, surface]);
}
