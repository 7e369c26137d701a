/**
 * The protocol between our collaboration server and its clients, written once: the message
 * types (y-websocket's, plus our extension) and the websocket close codes that mean something
 * to a client. Isomorphic (no Node or browser APIs): the server (server/collab, through
 * server/errors.ts for CLOSE), the editor in the browser and the tests import it.
 */

/** y-websocket's message types, and ours. */
export const MESSAGE = {
  sync: 0,
  awareness: 1,
  auth: 2,
  queryAwareness: 3,
  /**
   * Our extension, used only by clients that ask for it (our editor): "tell me what of mine
   * is stored". The client sends [100, its Yjs client id]; from then on, after each batch of
   * its updates is in the log, the server answers [100, client id, clock]: every struct of
   * that client below `clock` is durable. A client that never asks (the reference
   * y-websocket client) never gets one.
   */
  stored: 100,
  /**
   * Our extension for comment threads, used only by clients that ask for it: the client sends
   * [101] once; from then on, whenever a thread of the document is made, answered, edited,
   * resolved, reopened or deleted (on any process), the server sends [101] and the client
   * reads `GET /api/documents/<id>/threads` again. Nothing of the thread rides on the socket,
   * so the REST API's visibility rules are the only ones.
   */
  threads: 101,
} as const;

/** Websocket close codes with meaning in the protocol between our server and its clients. */
export const CLOSE = {
  /** Access or state changed: reconnect and be judged again. */
  reauthorize: 4205,
  /**
   * The connection sent edits of a Yjs client whose edits this document refused earlier (they
   * arrived while it was read-only): nothing of the update was stored or relayed. The client
   * must drop its local copy and sync anew with a new Y.Doc.
   */
  refusedCopy: 4410,
  /** A frame over MAX_MESSAGE_BYTES. */
  tooLarge: 1009,
  /** A message that does not parse as the y-websocket protocol. */
  malformed: 1007,
  /** The server could not store an update; nothing of it was relayed. */
  storageFailed: 1011,
  /** The server is shutting down. */
  goingAway: 1001,
  /**
   * Service restart: this process is stopping (SIGTERM) or the document was reloaded. Every
   * edit the client was told is stored is in the log; the client reconnects, to another
   * process behind the load balancer or to this one once it is back, and resends the rest
   * from its own copy. Never fatal: y-websocket's provider reconnects by itself.
   */
  serviceRestart: 1012,
} as const;

/** Close codes after which a client's copy must be judged again (it asks the REST API why). */
export const REJUDGE_CLOSES: ReadonlySet<number> = new Set([CLOSE.reauthorize, CLOSE.refusedCopy]);
