import * as awarenessProtocol from 'y-protocols/awareness';
import { equalityDeep } from 'lib0/function';
import type { SessionUser } from '@/server/auth/session';
import { decodeAwarenessUpdate, type AwarenessEntry } from './awareness-filter';
import type { Connection } from './connection';
import type { LiveDocument } from './live-document';
import { FROM_ELSEWHERE, type CollabModule, type ModuleContext } from './modules';
import { PresencePacer } from './presence-pacer';
import { awarenessMessage } from './protocol';

/** A connection may present at most this many Yjs client ids (one per editor instance). */
const MAX_CLIENT_IDS_PER_CONNECTION = 8;
/**
 * A connection that has been sent nothing for this long gets its own presence update back.
 * y-websocket clients drop a connection that stays silent for 30 s (they count on the
 * server echoing their presence, renewed every 15 s), so a lone editor would reconnect
 * twice a minute; echoing every update, as the reference server does, costs a write each.
 */
const KEEPALIVE_ECHO_MS = 10_000;

/**
 * The `onPresence` point: who owns which presence (a client id belongs to the connection
 * that first showed it, or to the same person reconnecting), names taken from the session
 * (awareness-filter.ts drops oversized states), and when changes leave (presence-pacer.ts).
 */
export class Presence implements CollabModule {
  private readonly owners = new Map<number, Connection>();
  private readonly pacer: PresencePacer<Connection>;

  constructor(
    private readonly doc: LiveDocument,
    private readonly ctx: ModuleContext,
  ) {
    this.pacer = new PresencePacer<Connection>(
      (clientIds, from) => this.relay(clientIds, from),
      () => doc.writing,
    );
    doc.awareness.on('update', (change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown) => this.relayServerChange(change, origin));
  }

  onPresence(conn: Connection, update: Uint8Array): void {
    const accepted: AwarenessEntry[] = [];
    const first = conn.claimedIds === undefined ? (conn.claimedIds = new Set()) : null;
    const skip = (id: number, clock: number, isNull: boolean) => {
      if (first && first.size < MAX_CLIENT_IDS_PER_CONNECTION) first.add(id);
      return !this.wouldChange(id, clock, isNull);
    };
    for (const entry of decodeAwarenessUpdate(update, skip)) {
      const owner = this.owners.get(entry.clientId);
      if (owner && owner !== conn) {
        // The same person reconnecting takes their client id over; nobody else may.
        if (owner.user.id !== conn.user.id) continue;
        owner.clientIds.delete(entry.clientId);
      } else if (!owner && conn.clientIds.size >= MAX_CLIENT_IDS_PER_CONNECTION) continue;
      this.owners.set(entry.clientId, conn);
      conn.clientIds.add(entry.clientId);
      accepted.push({ ...entry, state: withServerIdentity(entry.state, conn.user) });
    }
    if (accepted.length) this.apply(accepted, conn);
  }

  /** A connection left: its presence goes (and that change is relayed like any other). */
  onDisconnect(conn: Connection): void {
    const owned = [...conn.clientIds].filter((id) => this.owners.get(id) === conn);
    for (const id of owned) this.owners.delete(id);
    if (owned.length) awarenessProtocol.removeAwarenessStates(this.doc.awareness, owned, null);
  }

  onText(): void {
    this.pacer.textSent();
  }

  onSettled(): void {
    this.pacer.committed();
  }

  onDestroy(): void {
    this.pacer.stop();
  }

  /**
   * Whether y-protocols' applyAwarenessUpdate would take this entry: a newer clock, or a
   * removal at the same clock. Everything else (above all the echo of each presence update
   * that every y-websocket client sends back) is skipped before its JSON is parsed.
   */
  private wouldChange(clientId: number, clock: number, isNull: boolean): boolean {
    const awareness = this.doc.awareness;
    const current = awareness.meta.get(clientId)?.clock ?? 0;
    return current < clock || (current === clock && isNull && awareness.states.has(clientId));
  }

  /**
   * applyAwarenessUpdate for entries already parsed and checked: sets them on our Awareness
   * (same rules, same events). Other processes hear of them at once; the connections here with
   * the next presence relay (see presence-pacer.ts).
   */
  private apply(entries: readonly AwarenessEntry[], conn: Connection): void {
    const awareness = this.doc.awareness;
    const now = Date.now();
    const added: number[] = [];
    const updated: number[] = [];
    const changed: number[] = [];
    const removed: number[] = [];
    const relayed: number[] = [];
    for (const { clientId, clock, state } of entries) {
      if (!this.wouldChange(clientId, clock, state === null)) continue; // listed twice in one message
      const meta = awareness.meta.get(clientId);
      const previous = awareness.states.get(clientId);
      if (state === null) awareness.states.delete(clientId);
      else awareness.states.set(clientId, state);
      awareness.meta.set(clientId, { clock, lastUpdated: now });
      if (meta === undefined && state !== null) added.push(clientId);
      else if (meta !== undefined && state === null) removed.push(clientId);
      else if (state !== null) {
        if (!equalityDeep(state, previous)) changed.push(clientId);
        updated.push(clientId);
      } else continue; // a removal of a client never seen: nothing to tell anyone
      relayed.push(clientId);
    }
    if (added.length || changed.length || removed.length) awareness.emit('change', [{ added, updated: changed, removed }, conn]);
    if (added.length || updated.length || removed.length) awareness.emit('update', [{ added, updated, removed }, conn]);
    if (!relayed.length) return;
    this.ctx.relay.presence?.(awarenessProtocol.encodeAwarenessUpdate(awareness, relayed));
    this.pacer.changedBy(relayed, conn);
  }

  /**
   * The latest state of `clientIds`, in one message to every connection: but the one it all
   * came from, unless that one has heard nothing for KEEPALIVE_ECHO_MS. (A client ignores its
   * own state at a clock it has, so one message can go to everyone.)
   */
  private relay(clientIds: readonly number[], from: Connection | null): void {
    const doc = this.doc;
    const present = clientIds.filter((id) => doc.awareness.meta.has(id));
    if (!present.length || doc.failed || doc.destroyed) return;
    const except = from && Date.now() - from.lastSentAt <= KEEPALIVE_ECHO_MS ? from : null;
    doc.broadcast(awarenessMessage(doc.awareness, present), except);
  }

  /** Relays presence changes the server made itself (a connection left, a state timed out), or another process. */
  private relayServerChange(change: { added: number[]; updated: number[]; removed: number[] }, origin: unknown): void {
    if (this.doc.connections.has(origin as Connection)) return; // from a connection: `apply` relayed it
    const changed = [...change.added, ...change.updated, ...change.removed];
    if (!changed.length) return;
    this.pacer.changedBy(changed, null);
    // What this process decided (a connection left): the other processes hear it too.
    if (origin !== FROM_ELSEWHERE) this.ctx.relay.presence?.(awarenessProtocol.encodeAwarenessUpdate(this.doc.awareness, changed));
  }
}

/** Presence names come from the server's record of who is connected, never from the client. */
function withServerIdentity(state: Record<string, unknown> | null, user: SessionUser): Record<string, unknown> | null {
  if (state === null) return null;
  const claimed = state.user;
  const base = claimed && typeof claimed === 'object' && !Array.isArray(claimed) ? (claimed as Record<string, unknown>) : {};
  return { ...state, user: { ...base, id: user.id, name: user.name } };
}
