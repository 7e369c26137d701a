import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import * as Y from 'yjs';
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
 * copy with a chosen client id and state, to replay what another client had).
 */
export function connectClient(baseUrl: string, documentId: string, cookie: string | null, origin?: string, ydoc: Y.Doc = new Y.Doc()): CollabClient {
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
  });
  const fragment = ydoc.getXmlFragment('default');
  return {
    ydoc,
    provider,
    text: () =>
      fragment
        .toArray()
        .map((node) => (node instanceof Y.XmlElement ? node.toArray().map((t) => (t instanceof Y.XmlText ? t.toString() : '')).join('') : ''))
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
