import type { SaveState } from './useSaveState';

export interface StatusText {
  tone: 'ok' | 'busy' | 'warn';
  text: string;
}

/** The one sentence that tells the truth about where this user's work is. */
export function saveStatusText(save: SaveState, readOnlyReason: string | null): StatusText {
  if (readOnlyReason) return { tone: 'warn', text: `Read-only: ${readOnlyReason}` };
  if (save.connection !== 'connected') {
    if (!save.synced && save.connection === 'connecting' && !save.confirmed) return { tone: 'busy', text: 'Connecting…' };
    return { tone: 'warn', text: save.unsaved ? 'Reconnecting… your latest changes are kept here until then' : 'Reconnecting…' };
  }
  if (!save.synced) return { tone: 'busy', text: 'Loading…' };
  if (save.unsaved) return { tone: 'busy', text: 'Saving…' };
  return { tone: 'ok', text: 'Saved' };
}
