import type { SaveState } from './useSaveState';

export interface StatusText {
  tone: 'ok' | 'busy' | 'warn';
  text: string;
}

/**
 * The one sentence that tells the truth about where this user's work is. `offline` is set
 * while the socket is down: `kept` is how many changes IndexedDB has confirmed, `network`
 * whether the browser itself has no network ("Offline") rather than the server being out
 * of reach ("Reconnecting…").
 */
export function saveStatusText(save: SaveState, readOnlyReason: string | null, offline: { kept: number; network: boolean } | null = null): StatusText {
  if (offline) {
    const where = offline.network ? 'Offline' : 'Reconnecting…';
    if (readOnlyReason) return { tone: 'warn', text: `${where} — read-only; the text shown may be out of date` };
    if (offline.kept === 0) return { tone: 'warn', text: `${where} — changes you make are kept on this device` };
    return { tone: 'warn', text: `${where} — ${offline.kept} ${offline.kept === 1 ? 'change' : 'changes'} kept on this device` };
  }
  if (readOnlyReason) return { tone: 'warn', text: `Read-only: ${readOnlyReason}` };
  // Down without a local copy to speak of (before the first connection): nothing to claim.
  if (save.connection !== 'connected') return save.confirmed ? { tone: 'warn', text: 'Reconnecting…' } : { tone: 'busy', text: 'Connecting…' };
  if (!save.synced) return { tone: 'busy', text: 'Loading…' };
  if (save.unsaved) return { tone: 'busy', text: 'Saving…' };
  return { tone: 'ok', text: 'Saved' };
}
