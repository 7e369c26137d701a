import type { Logger } from '@/server/log';
import type { Storage } from '@/server/storage/types';
import type { Connection, Editor } from './connection';
import type { CollabCounters } from './counters';
import type { LiveDocument } from './live-document';
import type { UpdateShape } from './update-trial';

/** The origin of the transaction that builds the Y.Doc from storage: relayed to nobody. */
export const FROM_STORAGE = Symbol('from storage');
/**
 * The origin of updates and presence from other processes (the relay, or the log read to
 * catch up): relayed to every connection here, and never published again.
 */
export const FROM_ELSEWHERE = Symbol('from another process');

/** An update accepted from an editor, queued for the log. */
export interface PendingUpdate {
  data: Uint8Array;
  from: Editor;
}

/**
 * A concern of the collaboration server attached to the core (live-document.ts) at named
 * points. The core calls the modules that have a point in the order they were registered
 * (hub.ts `STANDARD_MODULES`), as Hocuspocus calls its extensions, with one difference: the
 * log (`commit`) is written before anything is relayed. Points on the keystroke path are
 * synchronous. A new concern (comment threads' live updates, metrics) is a new module.
 */
export interface CollabModule {
  /**
   * An update from an editor that may write, read and not empty. `false` drops it (the
   * module said why, and to whom); a throw closes that connection as malformed.
   */
  beforeApply?(update: Uint8Array, shape: UpdateShape, from: Editor): boolean;
  /** An update from an editor that may not write now (read-only, or the document frozen) was dropped. */
  onDropped?(update: Uint8Array, from: Editor): void;
  /**
   * Writes a batch to the durable log, before anything of it is applied or relayed, and
   * returns the log position of its last update (at once when the write was done at once,
   * otherwise a promise of it); null when the write failed (the module has failed the
   * document). Exactly one module has it.
   */
  commit?(batch: readonly PendingUpdate[]): Promise<number | null> | number | null;
  /** The batch at log positions first… is durable, applied and queued to this process's sockets. */
  afterCommit?(batch: readonly PendingUpdate[], first: number): void;
  /** Text has just been queued to the connections (committed here, or from another process). */
  onText?(): void;
  /** The write queue is empty after commits; the queue waits for the promise (`settled` too). */
  afterDrain?(): Promise<void> | void;
  /** Writing has stopped (nothing is being committed): what waited for the commits may go. */
  onSettled?(): void;
  /** Updates applied that no editor sent here (storage, another process). */
  onForeignUpdate?(update: Uint8Array): void;
  /** A presence (awareness) message from a connection. */
  onPresence?(conn: Connection, update: Uint8Array): void;
  /**
   * A message of a type the core does not know (our extensions beyond y-websocket's and
   * `stored`): `true` when the module took it. A type that no module takes closes the
   * connection as malformed.
   */
  onMessage?(conn: Connection, type: number, decoder: import('lib0/decoding').Decoder): boolean;
  /** A connection left. */
  onDisconnect?(conn: Connection): void;
  /** A freeze ended (see LiveDocument.release). */
  onRelease?(): void;
  /** The document leaves memory: last writes (a version, a snapshot), in module order. */
  onEvict?(): Promise<void>;
  /** The document has left memory: timers stop, nothing more is sent. */
  onDestroy?(): void;
}

/**
 * Where a document's committed updates and presence go besides this process's sockets
 * (the relay between processes); empty with one process.
 */
export interface DocumentRelay {
  /** Updates just committed at positions first, first+1, … (called after the commit, never before). */
  committed?(first: number, updates: readonly Uint8Array[]): void;
  /** A presence update (y-protocols awareness encoding) accepted or made here. */
  presence?(update: Uint8Array): void;
  /** Client ids refused here: every other process refuses them too. */
  refused?(userId: string | null, clientIds: readonly number[]): void;
}

/** What a module is made with, besides its document. */
export interface ModuleContext {
  storage: Storage;
  log: Logger;
  relay: DocumentRelay;
  /** The process's counters (/metrics): plain increments, cheap enough for the keystroke path. */
  counters: CollabCounters;
  /** What was read when the document was loaded. */
  loaded: { updatesSinceSnapshot: number; refused: readonly { clientId: number; userId: string | null }[] };
  /** A version of the committed content (automatic versions); absent when they are off. */
  onUnversionedChanges?: (documentId: string, content: import('./content').DocumentContent) => Promise<void>;
}

/** Makes one module for one document: how a concern is registered (hub.ts STANDARD_MODULES). */
export type ModuleFactory = (doc: LiveDocument, ctx: ModuleContext) => CollabModule;
