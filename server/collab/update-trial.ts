import * as decoding from 'lib0/decoding';
import * as Y from 'yjs';
import { isLinkMarkName, isSafeHref } from '@/lib/editor/links';
import type { Logger } from '@/server/log';

/**
 * What one update holds, as far as the checks need it: read from its bytes by `readUpdate`.
 * Ids are kept in flat arrays of numbers (client, clock, …) to keep the keystroke path free
 * of small objects.
 */
export interface UpdateShape {
  /** The Yjs client ids of its structs (for the refused-client check). */
  clients: Set<number>;
  /** Per client: [client, first clock, clock after the last struct]. */
  blocks: number[];
  /** Neighbours the structs were inserted between: [client, clock, own client, own clock]. */
  neighbours: number[];
  /** Parents named by id: [client, clock, own client, own clock]. */
  parents: number[];
  /** Structs that are types (can be parents): [client, clock]. */
  types: number[];
  /** Deletions: [client, clock, end]. */
  deletions: number[];
  /** A Skip struct, a subdocument or a client listed twice: left to the replica to judge. */
  unusual: boolean;
}

/**
 * Reads an update's fields as Yjs's v1 decoder does (readClientsStructRefs, readItemContent,
 * readDeleteSet) without building its structs (Y.decodeUpdate cost as much as applying the
 * update, at every keystroke), and refuses what Yjs never writes but does not check when it
 * reads: a struct or a deletion of length zero. Such an update applies without complaint, and
 * every encoding of the document after it (each snapshot, each sync to a new client) then
 * fails to load; the replica's trial does not see it (update-trial.test.ts). Also refuses a
 * link mark whose target is not http, https or mailto (lib/editor/links.ts), so such a link
 * never reaches the log. Throws on a malformed update; anything it lets through that Yjs
 * cannot read fails the trial.
 */
export function readUpdate(update: Uint8Array): UpdateShape {
  const d = decoding.createDecoder(update);
  const shape: UpdateShape = { clients: new Set(), blocks: [], neighbours: [], parents: [], types: [], deletions: [], unusual: false };
  const structClients = decoding.readVarUint(d);
  for (let c = 0; c < structClients; c++) {
    const structs = decoding.readVarUint(d);
    const client = decoding.readVarUint(d);
    const first = decoding.readVarUint(d);
    let clock = first;
    if (shape.clients.has(client)) shape.unusual = true; // Yjs would read only the last block of a client
    shape.clients.add(client);
    for (let i = 0; i < structs; i++) {
      const length = readStruct(d, shape, client, clock);
      if (!(length > 0)) throw new Error('an update with an empty struct');
      clock += length;
    }
    shape.blocks.push(client, first, clock);
  }
  const deletionClients = decoding.readVarUint(d);
  for (let c = 0; c < deletionClients; c++) {
    const client = decoding.readVarUint(d);
    const ranges = decoding.readVarUint(d);
    for (let i = 0; i < ranges; i++) {
      const clock = decoding.readVarUint(d);
      const length = decoding.readVarUint(d);
      if (!(length > 0)) throw new Error('an update with an empty deletion');
      shape.deletions.push(client, clock, clock + length);
    }
  }
  return shape;
}

/** readUpdate, for what needs only the client ids (and the checks). */
export function checkUpdate(update: Uint8Array): Set<number> {
  return readUpdate(update).clients;
}

/** Reads one struct (v1: info byte, neighbours, parent, content), notes what it refers to, and returns its length. */
function readStruct(d: decoding.Decoder, shape: UpdateShape, client: number, clock: number): number {
  const info = decoding.readUint8(d);
  const ref = info & 0b11111;
  if (ref === 0) return decoding.readVarUint(d); // GC
  if (ref === 10) {
    shape.unusual = true; // Skip
    return decoding.readVarUint(d);
  }
  if (info & 0x80) shape.neighbours.push(decoding.readVarUint(d), decoding.readVarUint(d), client, clock); // origin
  if (info & 0x40) shape.neighbours.push(decoding.readVarUint(d), decoding.readVarUint(d), client, clock); // right origin
  if ((info & 0xc0) === 0) {
    // no neighbour: the parent is written, a root type's name or an item's id
    if (decoding.readVarUint(d) === 1) decoding.readVarString(d);
    else shape.parents.push(decoding.readVarUint(d), decoding.readVarUint(d), client, clock);
    if (info & 0x20) decoding.readVarString(d); // key in a map
  }
  switch (ref) {
    case 1: // ContentDeleted
      return decoding.readVarUint(d);
    case 2: {
      // ContentJSON
      const n = decoding.readVarUint(d);
      for (let i = 0; i < n; i++) {
        const json = decoding.readVarString(d);
        if (json !== 'undefined') JSON.parse(json); // as Yjs reads it: malformed JSON throws before anything applies
      }
      return n;
    }
    case 3: // ContentBinary
      decoding.readVarUint8Array(d);
      return 1;
    case 4: // ContentString: its length is that of the string Yjs decodes (a lone BOM is empty)
      return decoding.readVarString(d).length;
    case 5: // ContentEmbed
      JSON.parse(decoding.readVarString(d));
      return 1;
    case 6: {
      // ContentFormat: a mark as y-prosemirror stores it (name → attributes; null ends it)
      const key = decoding.readVarString(d);
      const value: unknown = JSON.parse(decoding.readVarString(d));
      if (isLinkMarkName(key) && value !== null && !isSafeHref((value as { href?: unknown } | undefined)?.href)) {
        throw new Error('an update with a link that is not http, https or mailto');
      }
      return 1;
    }
    case 7: {
      // ContentType: an XmlElement or XmlHook carries its name
      const typeRef = decoding.readVarUint(d);
      if (typeRef > 6) throw new Error(`an update with unknown type ${typeRef}`);
      if (typeRef === 3 || typeRef === 5) decoding.readVarString(d);
      shape.types.push(client, clock);
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
      shape.unusual = true;
      return 1;
    default:
      throw new Error(`an update with unknown content ${ref}`);
  }
}

/** An update that carries no structs and no deletions (y-websocket sends these on sync). */
export function isEmptyUpdate(update: Uint8Array): boolean {
  return update.length === 2 && update[0] === 0 && update[1] === 0;
}

/**
 * The check every update a client sends passes before it is queued. Y.decodeUpdate lets
 * through updates that Yjs cannot apply: applied after it was stored, such an update threw
 * half-way, failed the document for everyone, and failed every later load of it; and updates
 * that wait for content the document lacks, which Yjs folds into every later encoding.
 *
 * Most updates (typing, pasting, formatting, a new paragraph) build only on what the document
 * holds and on themselves: every neighbour and parent they name exists, every parent named by
 * id is a type, every deletion is of clocks that exist. Yjs applies such an update whole,
 * leaving nothing waiting, so it is accepted on what `readUpdate` read. Anything else is tried
 * on a replica: a second copy of the document, ahead of it by the updates accepted but not yet
 * applied, built for that one update and dropped after it (kept only while the document holds
 * leftovers from before these checks, and then every update is tried on it).
 */
export class UpdateTrial {
  private replica: Y.Doc | null = null;
  /** How many replicas were built: each costs a copy of the whole document. */
  replicasBuilt = 0;
  /** Per client, the clock after what was accepted but is not applied yet. */
  private readonly ahead = new Map<number, number>();
  /** Types among what was accepted but is not applied yet: client → clocks. */
  private readonly aheadTypes = new Map<number, Set<number>>();

  /**
   * @param document the document as applied
   * @param queued the updates accepted but not yet applied
   *   (in order): what a replica starts from.
   */
  constructor(
    private readonly document: () => Y.Doc,
    private readonly queued: () => readonly Uint8Array[],
    private readonly log: Logger,
    private readonly documentId: string,
  ) {}

  /**
   * Throws when `update` does not apply on top of everything accepted, or when it leaves
   * structs or deletions waiting for content the document does not have. A client's updates
   * build on what it got from us, so it never sends those; garbage that waits is worse than
   * garbage that throws: Yjs folds waiting structs into every encoding of the document, where
   * they can take the place of real text, so a new client or a reload sees text that is not
   * there, or loses text that is. (If the document already has such leftovers, from before
   * this check, the check stands aside until they resolve.)
   */
  accept(update: Uint8Array, shape: UpdateShape = readUpdate(update)): void {
    if (!this.replica) {
      if (this.standsOnItsOwn(shape, this.document())) {
        this.noteAhead(shape);
        return;
      }
    }
    const replica = this.replica ?? this.rebuild();
    const waitingBefore = replica.store.pendingStructs !== null || replica.store.pendingDs !== null;
    try {
      Y.applyUpdate(replica, update);
      if (!waitingBefore && (replica.store.pendingStructs !== null || replica.store.pendingDs !== null)) {
        throw new Error('an update that refers to content the document does not have');
      }
    } catch (err) {
      this.destroy(); // the attempt may have applied part of the update
      throw err;
    } finally {
      // Without leftovers the next update needs no replica: it would only fall behind.
      if (!waitingBefore) this.destroy();
    }
    this.noteAhead(shape);
  }

  /** Everything accepted is applied to the document now (nothing is queued). */
  settled(): void {
    this.ahead.clear();
    this.aheadTypes.clear();
  }

  /**
   * Keeps a kept replica level with whatever is applied to the document another way (a
   * restore, another process's updates); a no-op without one.
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

  /**
   * Whether Yjs applies the update whole on top of the document and what is queued, with
   * nothing left waiting: each block of structs starts at or before the clock its client is
   * at; each neighbour exists already or is an earlier struct of the same block; each parent
   * named by id is a type that exists (or is a GC'd struct, which Yjs handles); each deletion
   * ends within what exists once the update is in.
   */
  private standsOnItsOwn(shape: UpdateShape, doc: Y.Doc): boolean {
    if (shape.unusual || doc.store.pendingStructs !== null || doc.store.pendingDs !== null) return false;
    const { blocks, neighbours, parents, deletions } = shape;
    for (let i = 0; i < blocks.length; i += 3) if (blocks[i + 1]! > this.known(doc, blocks[i]!)) return false;
    for (let i = 0; i < neighbours.length; i += 4) {
      const client = neighbours[i]!;
      const clock = neighbours[i + 1]!;
      if (clock < this.known(doc, client) || (client === neighbours[i + 2] && clock < neighbours[i + 3]!)) continue;
      return false;
    }
    for (let i = 0; i < parents.length; i += 4) {
      const client = parents[i]!;
      const clock = parents[i + 1]!;
      const inThisUpdate = client === parents[i + 2] && clock < parents[i + 3]! && isTypeIn(shape, client, clock);
      if (clock < Y.getState(doc.store, client)) {
        const parent = Y.getItem(doc.store, Y.createID(client, clock));
        if (parent instanceof Y.Item && !(parent.content instanceof Y.ContentType)) return false;
      } else if (!(this.aheadTypes.get(client)?.has(clock) || inThisUpdate)) {
        return false;
      }
    }
    for (let i = 0; i < deletions.length; i += 3) {
      const client = deletions[i]!;
      let end = this.known(doc, client);
      for (let b = 0; b < blocks.length; b += 3) if (blocks[b] === client) end = Math.max(end, blocks[b + 2]!);
      if (deletions[i + 2]! > end) return false;
    }
    return true;
  }

  /** The clock `client` is at in the document and what is queued. */
  private known(doc: Y.Doc, client: number): number {
    return Math.max(Y.getState(doc.store, client), this.ahead.get(client) ?? 0);
  }

  private noteAhead(shape: UpdateShape): void {
    const { blocks, types } = shape;
    for (let i = 0; i < blocks.length; i += 3) this.ahead.set(blocks[i]!, Math.max(this.ahead.get(blocks[i]!) ?? 0, blocks[i + 2]!));
    for (let i = 0; i < types.length; i += 2) {
      let clocks = this.aheadTypes.get(types[i]!);
      if (!clocks) this.aheadTypes.set(types[i]!, (clocks = new Set()));
      clocks.add(types[i + 1]!);
    }
  }

  /** The replica anew: the document, then the updates accepted but not yet applied, in order. */
  private rebuild(): Y.Doc {
    this.destroy(); // the document may be built now, and must not mirror into a half-made copy
    const doc = this.document();
    const queued = this.queued();
    const replica = new Y.Doc({ gc: false });
    this.replicasBuilt++;
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(doc));
    for (const u of queued) Y.applyUpdate(replica, u);
    this.replica = replica;
    return replica;
  }
}

/** Whether the update itself holds a type struct at (client, clock). */
function isTypeIn(shape: UpdateShape, client: number, clock: number): boolean {
  for (let i = 0; i < shape.types.length; i += 2) if (shape.types[i] === client && shape.types[i + 1] === clock) return true;
  return false;
}
