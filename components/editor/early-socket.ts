import { localCopyName } from './local-copy-name';

/**
 * The collaboration socket, opened by a document page's HTML before its scripts have loaded.
 *
 * A long text's open is a race between the page's scripts (download, module instantiation,
 * hydration: more than a second on a 2-core machine) and the text's first sync (the socket's
 * upgrade, the server's answer, the bytes). Until now the socket opened in an effect after
 * hydration, so the two ran one after the other. An inline script in the HTML starts the
 * socket as the HTML is parsed and, when this browser keeps no copy of the text, asks for it
 * at once (sync step 1 with an empty state vector: "everything"), keeping what arrives; the
 * page's first WebsocketProvider then takes that socket (`adoptingWebSocket`) and reads what
 * waited, in order, as if it had just arrived. The server sees one ordinary connection,
 * judged at its upgrade as any other.
 */

/** The window property the early socket waits in until the editor takes it (once). */
const SLOT = '__communiqueEarlySocket';

/** An early socket was never taken after this long (a page that never hydrated): closed. */
const UNCLAIMED_MS = 30_000;

/** Sync step 1 with an empty state vector ([messageSync, messageYjsSyncStep1, length 1, 0]): "send me everything". */
const ASK_EVERYTHING = [0, 0, 1, 0] as const;

interface EarlySocket {
  url: string;
  socket: WebSocket;
  /** What arrived before the editor took the socket, in order. */
  messages: MessageEvent[];
  /** The socket's open event has run. */
  opened: boolean;
  /** The early script asked for everything (the socket opened, and this browser keeps no copy of the text). */
  asked: boolean;
  /** The editor took the socket: nothing more is asked. */
  taken: boolean;
}

type Slot = { [SLOT]?: EarlySocket };

/** A document's editor page: `/documents/<id>` (its history, side by side and the rest are not). */
const EDITOR_PAGE = String.raw`^\/documents\/([^/]+)\/?$`;

/**
 * The inline script, for the workspace's layout: on a document's editor page (by the address)
 * it opens the text's socket, and asks for the whole text only when this browser keeps no copy
 * of it (IndexedDB, `localCopyName`): with a copy, the editor asks with that copy's state and
 * gets only what it lacks, as before. In the layout, not the page: a layout is rendered into
 * the HTML of a page load and kept across client-side navigations, so React never makes this
 * element in the browser (where it would not run, and development React says so). It does
 * nothing on other pages and offline (the editor opens from its local copy and connects when
 * the browser is back), and never throws into the page.
 */
export function earlySocketScript(userId: string): string {
  // JSON for the string, and no "<" at all, so that nothing in an id can end the script element.
  const copyPrefix = JSON.stringify(localCopyName(userId, '')).replace(/</g, '\\u003c');
  return `(()=>{try{const m=new RegExp(${JSON.stringify(EDITOR_PAGE)}).exec(location.pathname);if(!m||!navigator.onLine)return;const url=(location.protocol==='https:'?'wss://':'ws://')+location.host+'/collab/'+m[1];const copy=${copyPrefix}+decodeURIComponent(m[1]);const socket=new WebSocket(url);socket.binaryType='arraybuffer';const e={url,socket,messages:[],opened:false,asked:false,taken:false};let fresh=false;const ask=()=>{if(e.opened&&fresh&&!e.asked&&!e.taken){socket.send(new Uint8Array([${ASK_EVERYTHING.join(',')}]));e.asked=true}};if(typeof indexedDB!=='undefined'&&typeof indexedDB.databases==='function')indexedDB.databases().then((l)=>{fresh=!l.some((d)=>d.name===copy);ask()},()=>{});socket.onopen=()=>{e.opened=true;ask()};socket.onmessage=(m)=>e.messages.push(m);window.${SLOT}=e;setTimeout(()=>{if(window.${SLOT}===e){delete window.${SLOT};socket.close()}},${UNCLAIMED_MS})}catch{}})()`;
}

/** The early socket for `url`, once: taken out of the window. One for another URL, or one that closed, is closed and not used. */
function take(url: string): EarlySocket | null {
  const slot = window as unknown as Slot;
  const early = slot[SLOT];
  if (!early) return null;
  delete slot[SLOT];
  if (early.url === url && early.socket.readyState <= WebSocket.OPEN) return early;
  early.socket.close();
  return null;
}

function isSyncStep1(data: unknown): boolean {
  return data instanceof Uint8Array && data[0] === ASK_EVERYTHING[0] && data[1] === ASK_EVERYTHING[1];
}

/** A message of y-websocket's sync protocol (type 0, the first byte): the text, or a change to it. */
function isSyncMessage(data: unknown): boolean {
  return data instanceof ArrayBuffer && data.byteLength > 0 && new Uint8Array(data)[0] === ASK_EVERYTHING[0];
}

function asksEverything(data: unknown): boolean {
  return data instanceof Uint8Array && data.length === ASK_EVERYTHING.length && ASK_EVERYTHING.every((b, i) => data[i] === b);
}

/**
 * A WebSocket constructor for y-websocket's `WebSocketPolyfill`: its first connection to the
 * early socket's URL gets that socket; every other one is a new WebSocket. y-websocket sets
 * its handlers right after construction; then, in a task of its own, an open socket's `open`
 * is played to them, and every message that waited, in order. A task, not a microtask: the
 * editor is made first (the session's subscribers render it at once) and takes the text as it
 * would from the network, a whole 60-page text applied to the Y.Doc before the editor exists
 * makes the editor's creation about 400 ms slower (bench:editor, the open's milestones).
 * When the early script asked for everything, the provider's own "send me everything" is not
 * sent again (the answer is in those messages); a provider that holds a local copy asks with
 * its own state vector, and that goes out as usual.
 *
 * `together` runs the replay of the text's messages (y-websocket's sync messages: the text,
 * and the changes colleagues made while the page loaded) as one Yjs transaction, so that the
 * editor takes them as one change. Played one by one, each colleague's keystroke that waited
 * behind a long text was a ProseMirror transaction of its own over the whole text, and the
 * first of them made Chromium lay the new text out inside the replay (ProseMirror reads the
 * DOM selection after each update). The other messages (presence, the server's own) follow in
 * their order: each stands alone, and presence then points into a text that is there.
 */
export function adoptingWebSocket(together: (replay: () => void) => void = (replay) => replay()): typeof WebSocket {
  function AdoptingWebSocket(url: string | URL, protocols?: string | string[]): WebSocket {
    const early = take(String(url));
    if (!early) return new WebSocket(url, protocols);
    const { socket, messages } = early;
    early.taken = true;
    socket.onopen = null;
    // Its open event has not run yet (connecting, or open with the event still queued): nothing
    // was asked or received, and that event now runs the provider's own handler.
    if (!early.opened) {
      socket.onmessage = null;
      return socket;
    }
    // Until the replay, the provider's message handler is held aside and the early script's
    // own handler goes on keeping what arrives behind what waited: the order stays the socket's.
    let handler: WebSocket['onmessage'] = null;
    Object.defineProperty(socket, 'onmessage', {
      configurable: true,
      get: () => handler,
      set: (h: WebSocket['onmessage']) => {
        handler = h;
      },
    });
    if (early.asked) {
      // The provider's first sync step 1 (after what its "connected" listeners send): dropped
      // when it asks for everything again; the socket's own send from then on.
      const send = socket.send.bind(socket);
      socket.send = (data) => {
        if (isSyncStep1(data)) socket.send = send;
        if (!asksEverything(data)) send(data);
      };
    }
    setTimeout(() => {
      delete (socket as { onmessage?: unknown }).onmessage; // the socket's own handler attribute again
      socket.onmessage = handler;
      if (socket.readyState !== WebSocket.OPEN) return; // closed meanwhile: the provider has heard of it
      socket.onopen?.call(socket, new Event('open'));
      const waiting = messages.splice(0);
      together(() => {
        for (const m of waiting) if (isSyncMessage(m.data)) handler?.call(socket, m);
      });
      for (const m of waiting) if (!isSyncMessage(m.data)) handler?.call(socket, m);
    }, 0);
    return socket;
  }
  return AdoptingWebSocket as unknown as typeof WebSocket;
}
