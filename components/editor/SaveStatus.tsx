'use client';

import { useTranslations } from 'next-intl';
import type { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import { type SaveState, useSaveState } from './useSaveState';

export interface StatusText {
  tone: 'ok' | 'busy' | 'warn';
  text: string;
}

/** The `SaveStatus` namespace's translator (next-intl's `useTranslations('SaveStatus')`). */
type Words = (key: string, values?: Record<string, string | number>) => string;

/**
 * The one sentence that tells the truth about where this user's work is, in the interface's language. `offline` is set
 * while the socket is down: `kept` is how many changes IndexedDB has confirmed, `network`
 * whether the browser itself has no network ("Offline") rather than the server being out
 * of reach ("Reconnecting…").
 */
export function saveStatusText(
  t: Words,
  save: SaveState,
  readOnlyReason: string | null,
  offline: { kept: number; network: boolean } | null = null,
): StatusText {
  if (offline) {
    const where = offline.network ? t('offline') : t('reconnecting');
    if (readOnlyReason) return { tone: 'warn', text: t('offlineReadOnly', { where }) };
    if (offline.kept === 0) return { tone: 'warn', text: t('offlineKeepsNone', { where }) };
    return { tone: 'warn', text: t('offlineKept', { where, count: offline.kept }) };
  }
  if (readOnlyReason) return { tone: 'warn', text: t('readOnly', { reason: readOnlyReason }) };
  // Down without a local copy to speak of (before the first connection): nothing to claim.
  if (save.connection !== 'connected') return save.confirmed ? { tone: 'warn', text: t('reconnecting') } : { tone: 'busy', text: t('connecting') };
  if (!save.synced) return { tone: 'busy', text: t('loading') };
  if (save.unsaved) return { tone: 'busy', text: t('saving') };
  return { tone: 'ok', text: t('saved') };
}

/**
 * The status line under the editor: "Saving…", "Saved", offline and read-only states. It
 * follows the save state on its own, so the change of status at every keystroke re-renders
 * this line and nothing else of the editor.
 */
export function SaveStatusLine({
  ydoc,
  provider,
  readOnlyReason,
  offline,
  pendingChanges,
  keptChanges,
}: {
  ydoc: Y.Doc;
  provider: WebsocketProvider;
  readOnlyReason: string | null;
  offline: boolean;
  pendingChanges: number;
  keptChanges: number;
}) {
  const t = useTranslations('SaveStatus');
  const save = useSaveState(ydoc, provider);
  const status = saveStatusText(t, save, readOnlyReason, offline ? { kept: keptChanges, network: !navigator.onLine } : null);
  return (
    <span
      className={`status status-${status.tone}`}
      role="status"
      aria-live="polite"
      data-testid="save-status"
      // Away from the server (offline, or reconnecting after a drop): on a phone the line then stays in sight.
      data-away={offline || (save.connection !== 'connected' && save.confirmed) ? 'true' : undefined}
      // Offline: changes made since the socket went down, and how many IndexedDB confirmed.
      data-pending={pendingChanges}
      data-kept={keptChanges}
    >
      {status.text}
    </span>
  );
}
