'use client';

import type { Editor } from '@tiptap/react';
import { useTranslations } from 'next-intl';
import { useRouter, useSearchParams } from 'next/navigation';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { type PanelEntry, panelOrder, type Reader, suggestionRanges } from '@/lib/comments/panel';
import type { ThreadView } from '@/lib/comments/threads';
import type { SuggestionSummary } from '@/lib/editor/suggestions';
import { useLaterEditorState } from '../useLaterEditorState';
import { threadsApi } from './api';
import { type AnchoredThread, scrollToThread, selectionAnchor, showInText, showThreads, textIsBound, threadRange } from './highlights';
import { type DraftThread, type PanelItem, suggestionOf, type ThreadsPanelProps } from './ThreadsPanel';
import { useThreads } from './useThreads';

export interface CommentThreads {
  /** What the side panel is given (ThreadsPanel's props, written once there). */
  panel: ThreadsPanelProps;
  openCount: number;
  /** A passage is selected that may be commented on. */
  canStart: boolean;
  /** Starts a thread on the selection (the toolbar button, the bubble, Ctrl+Alt+M). */
  start: () => void;
  /** Opens a thread (a click on its highlight). */
  openThread: (threadId: string) => void;
  /** Shows the panel (the header's count; on a phone the sheet). */
  showPanel: () => void;
}

/**
 * Everything the editor does with comment threads, in one place: the list (kept live by the
 * session's "threads changed"), its document order, the highlights drawn in the text, the
 * thread open in the panel, a new thread on the selection, and `?thread=<id>` (a mention's
 * notification) opening that thread once its passage is known.
 */
export function useCommentThreads(options: {
  editor: Editor | null;
  documentId: string;
  reader: Reader;
  mayComment: boolean;
  onThreadsChanged: (listener: () => void) => () => void;
  /** The open suggestions of the text (issue 21): in the same list as the threads, by where they are. */
  suggestions: SuggestionSummary[];
  suggesting: ThreadsPanelProps['suggesting'];
}): CommentThreads {
  const { editor, documentId, reader, mayComment, suggestions } = options;
  const say = useTranslations('CommentsApi');
  const api = useMemo(() => threadsApi(documentId, (key, values) => say(key, values)), [documentId, say]);
  const { threads, suggestionThreads, error, reload } = useThreads(api, options.onThreadsChanged);
  const [active, setActive] = useState<string | null>(null);
  const [draft, setDraft] = useState<DraftThread | null>(null);
  const [open, setOpen] = useState(false);

  // The text as the editor holds it now: order and "on deleted text" follow every change.
  // Only while there are threads to order: without any, a keystroke re-rendering the whole
  // editor (this hook lives in it) would buy nothing.
  const anyThreads = (threads?.length ?? 0) > 0 || suggestions.length > 0;
  const view = useLaterEditorState(
    editor,
    (e) => {
      const state = e.state;
      return { doc: anyThreads ? state.doc : null, selecting: !state.selection.empty, bound: textIsBound(state) };
    },
    [anyThreads],
    // The document node by identity: a deep comparison of the whole text at every change would cost more than it saves.
    (a, b) => a.doc === b.doc && a.selecting === b.selecting && a.bound === b.bound,
  );

  const docNow = view?.doc;
  const { ordered, items, gone } = useMemo(() => {
    const gone = new Set<string>();
    if (!threads) return { ordered: null, items: null, gone };
    const state = editor && !editor.isDestroyed && view?.bound && docNow ? editor.state : null;
    type Entry = PanelEntry & { item: PanelItem };
    const entries: Entry[] = threads.map((t) => {
      const range = state ? threadRange(state, t) : null;
      if (state && !range) gone.add(t.id);
      return { kind: 'thread', id: t.id, range, createdAt: t.createdAt, item: { kind: 'thread', thread: t } };
    });
    // Suggestions where they are in this copy of the text (they are the text's own marks).
    const where = state && suggestions.length ? suggestionRanges((visit) => state.doc.descendants(visit)) : new Map<string, { from: number; to: number }>();
    const replies = new Map(suggestionThreads.map((t) => [t.suggestionId, t]));
    for (const s of suggestions)
      entries.push({
        kind: 'suggestion',
        id: s.id,
        range: where.get(s.id) ?? null,
        createdAt: s.createdAt,
        item: { kind: 'suggestion', suggestion: s, thread: replies.get(s.id) ?? null },
      });
    // The reply threads of suggestions no longer in the text (accepted, rejected, or gone with
    // an edit): listed closed, so their replies stay readable. Until the text is bound, only
    // those the server resolved (the text may not have arrived yet).
    const inText = new Set(suggestions.map((s) => s.id));
    for (const t of suggestionThreads)
      if (!inText.has(t.suggestionId) && (t.resolved || state))
        entries.push({ kind: 'suggestion', id: t.id, range: null, createdAt: t.createdAt, item: { kind: 'decided', thread: t } });
    const items = panelOrder(entries).map((e) => e.item);
    const ordered = items.flatMap((i) => (i.kind === 'thread' ? [i.thread] : []));
    // Once the text is bound to its Y.Doc, this copy knows best (it follows edits made since
    // the list was read); until then, only what the server said is known to be gone.
    if (!state) for (const t of threads) if (t.onDeletedText) gone.add(t.id);
    return { ordered, items, gone };
  }, [threads, suggestionThreads, suggestions, editor, docNow, view?.bound]);

  // A passage that goes or comes back through an edit (a deletion, its undo, here or a
  // colleague's) is read again from the server. Yjs follows an undone deletion through
  // `Item.redone`, which only the copy that undid it holds: in every other copy the anchor
  // of a passage of several people's words comes back partly on the deleted originals
  // (slightly off, not collapsed), and restoredBefore in highlights.ts cannot tell. The
  // server finds the undo's copies (server/comments/anchor.ts, locateAnchor) and answers
  // fresh positions. Only a change of the text triggers this, never a new list (no loop).
  const goneKey = [...gone].sort().join(' ');
  const lastGone = useRef<{ threads: ThreadView[] | null; bound: boolean; gone: string } | null>(null);
  useEffect(() => {
    const before = lastGone.current;
    const bound = Boolean(view?.bound);
    lastGone.current = { threads, bound, gone: goneKey };
    if (before && bound && before.bound && before.threads === threads && before.gone !== goneKey) reload();
  }, [threads, goneKey, view?.bound, reload]);

  // Approval waits while any thread is open (the server's abilities say so): when the first
  // opens or the last is resolved, anywhere, the page's workflow buttons are asked again.
  const router = useRouter();
  const anyOpen = threads === null ? null : threads.some((t) => !t.resolved);
  const lastAnyOpen = useRef<boolean | null>(null);
  useEffect(() => {
    if (anyOpen === null) return;
    if (lastAnyOpen.current !== null && lastAnyOpen.current !== anyOpen) router.refresh();
    lastAnyOpen.current = anyOpen;
  }, [anyOpen, router]);

  // The open threads are drawn in the text; so is the passage of a thread being written.
  useEffect(() => {
    if (!editor || editor.isDestroyed) return;
    const drawn: AnchoredThread[] = (threads ?? []).filter((t) => !t.resolved).map((t) => ({ id: t.id, anchor: t.anchor, quote: t.quote }));
    if (draft?.anchor.position) drawn.push({ id: 'new-thread', anchor: draft.anchor.position });
    showThreads(editor, drawn, draft ? 'new-thread' : active);
  }, [editor, threads, active, draft]);

  // Choosing an entry of the panel opens it and shows it in the text: a thread's passage is
  // scrolled to; a suggestion is scrolled to and selected, with the focus in the text unless
  // the panel is a sheet over it (a phone, where the focus would also bring up the keyboard).
  const select = useCallback(
    (id: string) => {
      setActive(id);
      setOpen(true);
      if (!editor || editor.isDestroyed) return;
      const thread = threads?.find((t) => t.id === id);
      if (thread && !thread.resolved) scrollToThread(editor, thread);
      const suggestionId = suggestionOf(id);
      const range = suggestionId ? suggestionRanges((visit) => editor.state.doc.descendants(visit)).get(suggestionId) : undefined;
      const panel = document.getElementById('threads-panel');
      if (range) showInText(editor, range, { select: true, focus: !panel || getComputedStyle(panel).position !== 'fixed' });
    },
    [editor, threads],
  );

  const openThread = useCallback((threadId: string) => {
    if (threadId === 'new-thread') return;
    setActive(threadId);
    setOpen(true);
    requestAnimationFrame(() =>
      document.querySelector<HTMLElement>(`[data-thread-id="${CSS.escape(threadId)}"] .thread-quote`)?.scrollIntoView({ block: 'nearest' }),
    );
  }, []);

  // `?thread=<id>` (a mention's notification): open it once the list has it and the text is
  // bound; a new `?thread=` on the page already open is opened too, each once.
  const threadParam = useSearchParams()?.get('thread') ?? null;
  const opened = useRef<string | null>(null);
  useEffect(() => {
    if (!threadParam || opened.current === threadParam || !threads || !editor || !view?.bound) return;
    if (!threads.some((t) => t.id === threadParam)) return;
    opened.current = threadParam;
    select(threadParam);
    openThread(threadParam);
  }, [threadParam, threads, editor, view?.bound, select, openThread]);

  const start = useCallback(() => {
    if (!editor || !mayComment) return;
    const anchor = selectionAnchor(editor.state);
    if (!anchor) return;
    setDraft({ anchor });
    setActive(null);
    setOpen(true);
  }, [editor, mayComment]);

  const onDraftDone = useCallback(
    (threadId: string | null) => {
      setDraft(null);
      if (threadId) {
        setActive(threadId);
        reload();
      }
    },
    [reload],
  );

  // Ctrl+Alt+M (⌘⌥M) comments on the selection, also when the text is read-only (then the
  // editor has no focus to catch the key).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!(e.ctrlKey || e.metaKey) || !e.altKey || e.code !== 'KeyM') return;
      if (!editor || editor.state.selection.empty) return;
      e.preventDefault();
      start();
    };
    window.addEventListener('keydown', onKey, true);
    return () => window.removeEventListener('keydown', onKey, true);
  }, [editor, start]);

  return {
    panel: {
      api,
      threads: ordered,
      items,
      suggesting: options.suggesting,
      loadError: error,
      reader,
      mayComment,
      active,
      gone,
      draft,
      open,
      onClose: () => setOpen(false),
      onSelect: select,
      onDraftDone,
      onChanged: reload,
    },
    openCount: (threads ?? []).filter((t) => !t.resolved).length,
    canStart: mayComment && Boolean(view?.selecting),
    start,
    openThread,
    showPanel: () => {
      setOpen(true);
      requestAnimationFrame(() => {
        const title = document.getElementById('threads-title');
        title?.scrollIntoView({ block: 'nearest' });
        title?.focus({ preventScroll: true });
      });
    },
  };
}
