import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import type { Logger } from '../log';

/**
 * What Yjs never writes but does not check when it reads: a struct or a deletion of length
 * zero. Such an update applies without complaint, and every encoding of the document after it
 * (each snapshot, each sync to a new client) then fails to load; the trial on the replica does
 * not see it (update-trial.test.ts). Returns the Yjs client ids of the update's structs (for
 * the refused-client check); throws on a malformed update.
 *
 * This reads the update's fields as Yjs's v1 decoder does (readClientsStructRefs,
 * readItemContent, readDeleteSet) without building its structs: Y.decodeUpdate cost as much as
 * applying the update, at every keystroke. Anything it lets through that Yjs cannot read
 * fails the trial.
 */
export function checkUpdate(update: Uint8Array): Set<number> {
  const d = decoding.createDecoder(update);
  const clients = new Set<number>();
  const structClients = decoding.readVarUint(d);
  for (let c = 0; c < structClients; c++) {
    const structs = decoding.readVarUint(d);
    const client = decoding.readVarUint(d);
    decoding.readVarUint(d); // the first struct's clock
    clients.add(client);
    for (let i = 0; i < structs; i++) if (!(structLength(d) > 0)) throw new Error('an update with an empty struct');
  }
  const deletionClients = decoding.readVarUint(d);
  for (let c = 0; c < deletionClients; c++) {
    decoding.readVarUint(d); // client
    const ranges = decoding.readVarUint(d);
    for (let i = 0; i < ranges; i++) {
      decoding.readVarUint(d); // clock
      if (!(decoding.readVarUint(d) > 0)) throw new Error('an update with an empty deletion');
    }
  }
  return clients;
}

/** Reads one struct (v1: info byte, origins, parent, content) and returns its length. */
function structLength(d: decoding.Decoder): number {
  const info = decoding.readUint8(d);
  const ref = info & 0b11111;
  if (ref === 0 || ref === 10) return decoding.readVarUint(d); // GC, Skip
  if (info & 0x80) readId(d); // origin
  if (info & 0x40) readId(d); // right origin
  if ((info & 0xc0) === 0) {
    // no neighbour: the parent is written, a root type's name or an item's id
    if (decoding.readVarUint(d) === 1) decoding.readVarString(d);
    else readId(d);
    if (info & 0x20) decoding.readVarString(d); // key in a map
  }
  switch (ref) {
    case 1: // ContentDeleted
      return decoding.readVarUint(d);
    case 2: {
      // ContentJSON
      const n = decoding.readVarUint(d);
      for (let i = 0; i < n; i++) decoding.readVarString(d);
      return n;
    }
    case 3: // ContentBinary
      decoding.readVarUint8Array(d);
      return 1;
    case 4: // ContentString: its length is that of the string Yjs decodes (a lone BOM is empty)
      return decoding.readVarString(d).length;
    case 5: // ContentEmbed
      decoding.readVarString(d);
      return 1;
    case 6: // ContentFormat
      decoding.readVarString(d);
      decoding.readVarString(d);
      return 1;
    case 7: {
      // ContentType: an XmlElement or XmlHook carries its name
      const typeRef = decoding.readVarUint(d);
      if (typeRef > 6) throw new Error(`an update with unknown type ${typeRef}`);
      if (typeRef === 3 || typeRef === 5) decoding.readVarString(d);
      return 1;
    }
    case 8: {
      // ContentAny
      const n = decoding.readVarUint(d);
      for (let i = 0; i < n; i++) decoding.readAny(d);
      return n;
    }
    case 9: // ContentDoc
      decoding.readVarString(d);
      decoding.readAny(d);
      return 1;
    default:
      throw new Error(`an update with unknown content ${ref}`);
  }
}

function readId(d: decoding.Decoder): void {
  decoding.readVarUint(d);
  decoding.readVarUint(d);
}

/** An update that carries no structs and no deletions (y-websocket sends these on sync). */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}

/**
 * A second copy of a document, ahead of it by the updates accepted but not yet applied, on
 * which every update a client sends is tried before it is queued. Y.decodeUpdate lets
 * through updates that Yjs cannot apply: applied after it was stored, such an update threw
 * half-way, failed the document for everyone, and failed every later load of it. Made at
 * the first update a client sends (a document only read costs nothing); then a second copy
 * in memory and a second apply per update.
 */
export class UpdateTrial {
  private replica: Y.Doc | null = null;

  /**
   * @param source the document as applied, and the updates accepted but not yet applied
   *   (in order): what a rebuilt replica starts from.
   */
  constructor(
    private readonly source: () => { doc: Y.Doc; queued: readonly Uint8Array[] },
    private readonly log: Logger,
    private readonly documentId: string,
  ) {}

  /**
   * Throws, leaving the replica as it was, when `update` does not apply on top of everything
   * accepted, or when it leaves structs or deletions waiting for content the document does
   * not have. A client's updates build on what it got from us, so it never sends those;
   * garbage that waits is worse than garbage that throws: Yjs folds waiting structs into
   * every encoding of the document, where they can take the place of real text, so a new
   * client or a reload sees text that is not there, or loses text that is. (If the document
   * already has such leftovers, from before this check, the check stands aside until they
   * resolve.)
   */
  accept(update: Uint8Array): void {
    const replica = this.replica ?? this.rebuild();
    const waitingBefore = replica.store.pendingStructs !== null || replica.store.pendingDs !== null;
    try {
      Y.applyUpdate(replica, update);
      if (!waitingBefore && (replica.store.pendingStructs !== null || replica.store.pendingDs !== null)) {
        throw new Error('an update that refers to content the document does not have');
      }
    } catch (err) {
      this.rebuild(); // the attempt may have applied part of the update
      throw err;
    }
  }

  /**
   * Keeps the replica level with whatever is applied to the document: a no-op for updates
   * tried on it already, and a catch-up for anything applied another way (a restore).
   */
  mirror(update: Uint8Array): void {
    if (!this.replica) return;
    try {
      Y.applyUpdate(this.replica, update);
    } catch {
      try {
        this.rebuild();
      } catch (err) {
        this.log.error('could not rebuild the replica', { doc: this.documentId, err });
      }
    }
  }

  destroy(): void {
    this.replica?.destroy();
    this.replica = null;
  }

  /** The replica anew: the document, then the updates accepted but not yet applied, in order. */
  private rebuild(): Y.Doc {
    this.destroy(); // the document may be built now, and must not mirror into a half-made copy
    const { doc, queued } = this.source();
    const replica = new Y.Doc({ gc: false });
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    for (const u of queued) Y.applyUpdate(replica, u);
    this.replica = replica;
    return replica;
  }
}
