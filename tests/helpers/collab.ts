import * as decoding from 'lib0/decoding';
import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
import { MESSAGE } from '@/lib/collab/protocol';
import { waitFor } from './server';

export interface CollabClient {
  ydoc: Y.Doc;
  provider: WebsocketProvider;
  /** The body text (the `default` XmlFragment TipTap uses), paragraphs joined by newlines. */
  text(): string;
  /** Appends a paragraph with `text` through the same Yjs types TipTap writes. */
  appendParagraph(text: string): void;
  destroy(): void;
}

/**
 * A real y-websocket client (the package's WebsocketProvider, unchanged) connected with a
 * session cookie, as a browser on the app's origin would be; over `ydoc` when given (a
 * copy with a chosen client id and state, to replay what another client had); `params` go
 * into the socket's query (`{suggest: '1'}` asks to suggest only).
 */
export function connectClient(
  baseUrl: string,
  documentId: string,
  cookie: string | null,
  origin?: string,
  ydoc: Y.Doc = new Y.Doc(),
  params?: Record<string, string>,
): CollabClient {
  const headers: Record<string, string> = {};
  if (cookie) headers.Cookie = cookie;
  if (origin) headers.Origin = origin;
  class CookieWebSocket extends WebSocket {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols, { headers });
    }
  }
  const provider = new WebsocketProvider(`${baseUrl.replace(/^http/, 'ws')}/collab`, documentId, ydoc, {
    WebSocketPolyfill: CookieWebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
    ...(params ? { params } : {}),
  });
  const fragment = ydoc.getXmlFragment('default');
  return {
    ydoc,
    provider,
    text: () =>
      fragment
        .toArray()
        .map((node) =>
          node instanceof Y.XmlElement
            ? node
                .toArray()
                .map((t) => (t instanceof Y.XmlText ? t.toString() : ''))
                .join('')
            : '',
        )
        .join('\n'),
    appendParagraph(text: string) {
      ydoc.transact(() => {
        const paragraph = new Y.XmlElement('paragraph');
        paragraph.insert(0, [new Y.XmlText(text)]);
        fragment.push([paragraph]);
      });
    },
    destroy() {
      provider.destroy();
      ydoc.destroy();
    },
  };
}

export async function waitSynced(client: CollabClient, timeoutMs = 10_000): Promise<void> {
  await waitFor(() => client.provider.synced, 'the client to sync', timeoutMs);
}

/**
 * The marker round trip, for "nothing happened" assertions without a fixed wait: sends a
 * marker (a query-awareness message) on the client's socket and waits for the server's
 * answer. A socket's messages are handled in order, so once the answer is here the server
 * has handled everything sent on that socket before the marker: an update from a read-only
 * connection has been dropped (and refused), a presence state checked and kept or dropped.
 * Returns the presence states the server holds, by Yjs client id (read from its answer).
 */
export async function roundTrip(client: CollabClient | WebSocket, timeoutMs = 10_000): Promise<Map<number, Record<string, unknown> | null>> {
  const ws = (client instanceof WebSocket ? client : client.provider.ws) as WebSocket | null;
  if (!ws || ws.readyState !== WebSocket.OPEN) throw new Error('the round trip needs an open socket');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => done(new Error(`no answer to the marker in ${timeoutMs} ms`)), timeoutMs);
    const onMessage = (data: WebSocket.RawData) => {
      const bytes = new Uint8Array(data instanceof ArrayBuffer ? data : Array.isArray(data) ? Buffer.concat(data) : data);
      const decoder = decoding.createDecoder(bytes);
      if (decoding.readVarUint(decoder) !== MESSAGE.awareness) return;
      done(null, presenceStates(decoding.readVarUint8Array(decoder)));
    };
    const done = (err: Error | null, states?: Map<number, Record<string, unknown> | null>) => {
      clearTimeout(timer);
      ws.off('message', onMessage);
      if (err) reject(err);
      else resolve(states!);
    };
    ws.on('message', onMessage);
    ws.send(Uint8Array.of(MESSAGE.queryAwareness));
  });
}

/** The states in an awareness update (y-protocols' encoding: count, then id, clock, JSON). */
function presenceStates(update: Uint8Array): Map<number, Record<string, unknown> | null> {
  const decoder = decoding.createDecoder(update);
  const states = new Map<number, Record<string, unknown> | null>();
  for (let n = decoding.readVarUint(decoder); n > 0; n--) {
    const clientId = decoding.readVarUint(decoder);
    decoding.readVarUint(decoder); // clock
    states.set(clientId, JSON.parse(decoding.readVarString(decoder)) as Record<string, unknown> | null);
  }
  return states;
}
