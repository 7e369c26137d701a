'use client';

import { useRouter } from 'next/navigation';
import { useCallback, useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { ReadOnlyReason } from '@/lib/workflow/read-only';
import { EditorSession, type EditorSessionState, type Session } from './EditorSession';

export type { Session } from './EditorSession';

/** What the editor renders from its session (see EditorSession). */
export interface LocalCopy {
  /** null until the first session has begun (see `loaded`). */
  session: Session | null;
  /** The local copy is in the session's Y.Doc: until then the editor takes no typing. */
  loaded: boolean;
  /** The socket is down (the browser is offline, or the server unreachable). */
  offline: boolean;
  /** Local changes made since the socket went down (delivered when it comes back). */
  pendingChanges: number;
  /** How many of those are safely stored in this browser's IndexedDB. */
  keptChanges: number;
  /** Why this user cannot edit now (a code and values: `ReadOnly` in the catalogues words it), or null when they can. */
  readOnly: { reason: ReadOnlyReason } | null;
  /** Text this browser had typed that the server never took, or null. */
  rescueText: string | null;
  dismissRescue(): void;
  /** Calls `listener` whenever the document's threads may have changed; returns the unsubscribe. */
  onThreadsChanged(listener: () => void): () => void;
}

const BEFORE: EditorSessionState = { session: null, loaded: false, offline: false, pendingChanges: 0, keptChanges: 0, readOnlyReason: null, rescueText: null };
const noSubscription = () => () => undefined;
const before = () => BEFORE;

/**
 * The editor's EditorSession for React, the way HocuspocusRoom wraps its provider: one
 * session per document and user, made and destroyed by an effect (so StrictMode's second
 * mount gets a fresh one), its state read with useSyncExternalStore, the page's mode passed
 * in as it changes, and the page refreshed when a turn has the server's answer.
 */
export function useEditorSession(props: { documentId: string; userId: string; readOnlyReason: ReadOnlyReason | null }): LocalCopy {
  const { documentId, userId, readOnlyReason } = props;
  const router = useRouter();
  const routerRef = useRef(router);
  routerRef.current = router;
  const firstReason = useRef(readOnlyReason);
  const [session, setSession] = useState<EditorSession | null>(null);

  useEffect(() => {
    const s = new EditorSession({ documentId, userId, readOnlyReason: firstReason.current });
    s.on('refresh', () => routerRef.current.refresh());
    s.start();
    setSession(s);
    return () => s.destroy();
  }, [documentId, userId]);

  useEffect(() => {
    session?.pageSays(readOnlyReason);
  }, [session, readOnlyReason]);

  const subscribe = useCallback((onChange: () => void) => (session ? session.on('change', onChange) : noSubscription()), [session]);
  const snapshot = useCallback(() => session?.state ?? BEFORE, [session]);
  const state = useSyncExternalStore(subscribe, snapshot, before);
  const dismissRescue = useCallback(() => session?.dismissRescue(), [session]);
  const onThreadsChanged = useCallback((listener: () => void) => (session ? session.on('threads', listener) : () => undefined), [session]);
  return {
    session: state.session,
    loaded: state.loaded,
    offline: state.offline,
    pendingChanges: state.pendingChanges,
    keptChanges: state.keptChanges,
    readOnly: state.readOnlyReason === null ? null : { reason: state.readOnlyReason },
    rescueText: state.rescueText,
    dismissRescue,
    onThreadsChanged,
  };
}
