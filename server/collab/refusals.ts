import * as Y from 'yjs';
import { CLOSE } from '@/server/errors';
import type { Editor } from './connection';
import type { LiveDocument } from './live-document';
import type { CollabModule, ModuleContext } from './modules';
import { checkUpdate, isEmptyUpdate, type UpdateShape } from './update-trial';

/** What the refusal rules need to know of a connection. */
export interface Sender {
  user: { id: string };
  /** Presence ids the connection introduced as its own (see Connection.claimedIds). */
  claimedIds?: ReadonlySet<number>;
  clientIds: ReadonlySet<number>;
}

/**
 * The Yjs client ids whose edits a document refused, and who sent them: an edit refused once
 * (its connection was read-only, or the document frozen) never comes back by a replay, from
 * any connection, after restarts too (the caller stores them) and on every process (the
 * caller relays them).
 */
export class RefusedClients {
  private readonly refused = new Map<number, string | null>();

  get size(): number {
    return this.refused.size;
  }

  /** Adds refusals made elsewhere (storage, another process); the first refusal's user stays. */
  add(userId: string | null, clientIds: Iterable<number>): void {
    for (const id of clientIds) if (!this.refused.has(id)) this.refused.set(id, userId);
  }

  /**
   * Remembers who sent an update that was dropped: the Yjs client ids of its structs, and
   * (for deletions, which carry no id of their own: a delete set names items of others) the
   * connection's own presence ids, which y-websocket takes from the Y.Doc (a client sends
   * its presence when it connects, before its sync step 2). Echoes of other people's
   * presence never count. Returns the ids refused for the first time (to store and relay).
   */
  record(sender: Sender, update: Uint8Array, doc: Y.Doc): number[] {
    if (isEmptyUpdate(update)) return [];
    let ids: Set<number>;
    try {
      ids = checkUpdate(update);
      // Every sync step 2 carries the sender's whole delete set: only a deletion the document
      // has not made is an edit (and only then is it worth a look at the document).
      if (ids.size === 0 && !deletesSomethingNew(update, doc)) return [];
    } catch {
      return []; // malformed and dropped anyway: nothing to remember
    }
    for (const id of sender.claimedIds ?? []) ids.add(id);
    for (const id of sender.clientIds) ids.add(id);
    const fresh = [...ids].filter((id) => !this.refused.has(id));
    this.add(sender.user.id, fresh);
    return fresh;
  }

  /**
   * Whether an update carries structs of a refused client (whoever sends them), or comes from
   * a connection whose own presence id was refused for this same user (presence is only a
   * claim: nobody can get someone else's updates refused by naming their id).
   */
  carries(sender: Sender, clients: ReadonlySet<number>): boolean {
    for (const id of clients) if (this.refused.has(id)) return true;
    for (const id of sender.claimedIds ?? []) if (this.refused.get(id) === sender.user.id) return true;
    for (const id of sender.clientIds) if (this.refused.get(id) === sender.user.id) return true;
    return false;
  }
}

/**
 * The refusals module: an update dropped because its editor may not write (`onDropped`)
 * has its client ids refused from now on, stored and told to the other processes; an update
 * that carries edits refused earlier revokes its connection (`beforeApply`, 4410: sync anew).
 */
export class Refusals implements CollabModule {
  private readonly refused = new RefusedClients();

  constructor(
    private readonly doc: LiveDocument,
    private readonly ctx: ModuleContext,
  ) {
    for (const { clientId, userId } of ctx.loaded.refused) this.refused.add(userId, [clientId]);
  }

  beforeApply(_update: Uint8Array, shape: UpdateShape, from: Editor): boolean {
    if (!this.refused.size || !this.refused.carries(from, shape.clients)) return true;
    this.ctx.log.warn('refused an update carrying edits refused earlier; closing that connection', { doc: this.doc.id, user: from.user.id });
    this.ctx.counters.refusal('refused_copy');
    from.revoke(CLOSE.refusedCopy, 'this copy carries edits the document refused; sync anew');
    return false;
  }

  onDropped(update: Uint8Array, from: Editor): void {
    const fresh = this.refused.record(from, update, this.doc.ydoc);
    if (!fresh.length) return;
    const { log, storage, relay } = this.ctx;
    log.warn('refused edits from a connection that may not write; their client ids are refused from now on', {
      doc: this.doc.id,
      user: from.user.id,
      clients: fresh,
    });
    storage.refuseClients(this.doc.id, from.user.id, fresh).catch((err) => log.error('could not record refused client ids', { doc: this.doc.id, err }));
    relay.refused?.(from.user.id, fresh);
  }

  /** Client ids another process refused (relayed, or read from storage when catching up). */
  fromElsewhere(userId: string | null, clientIds: readonly number[]): void {
    this.refused.add(userId, clientIds);
  }
}

/** Whether an update's delete set deletes anything that is not deleted in the document. */
function deletesSomethingNew(update: Uint8Array, doc: Y.Doc): boolean {
  const { ds } = Y.decodeUpdate(update);
  const store = doc.store;
  for (const [client, ranges] of ds.clients) {
    const structs = store.clients.get(client);
    if (!structs) return true;
    const last = structs[structs.length - 1]!;
    for (const { clock, len } of ranges) {
      if (clock + len > last.id.clock + last.length) return true;
      for (let i = Y.findIndexSS(structs, clock); i < structs.length && structs[i]!.id.clock < clock + len; i++) {
        if (!structs[i]!.deleted) return true;
      }
    }
  }
  return false;
}
