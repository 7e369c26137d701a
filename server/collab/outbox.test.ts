import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { once, type EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import * as ws from 'ws';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import type { SessionUser } from '@/server/auth/session';
import { Connection } from './connection';
import { Outbox, frame } from './outbox';
import { updateMessageParts } from './protocol';

/** ws's frame reader: exported by ws, not declared by @types/ws. */
const { Receiver } = ws as unknown as {
  Receiver: new (options: { isServer: boolean; maxPayload: number }) => EventEmitter & { write(chunk: Buffer): void };
};

/** Reads frames back with ws's own receiver, as a client's would (client side: unmasked frames allowed). */
function readBack(bytes: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const receiver = new Receiver({ isServer: false, maxPayload: 0 });
    receiver.on('message', (data: Buffer, isBinary: boolean) => (isBinary ? resolve(data) : reject(new Error('not binary'))));
    receiver.on('error', reject);
    receiver.write(bytes);
  });
}

describe('frame', () => {
  // Each of the three length forms of RFC 6455 §5.2, at and around their edges.
  for (const size of [0, 1, 125, 126, 127, 65_535, 65_536, 300_000]) {
    it(`a ${size}-byte message is read back whole by a websocket client`, async () => {
      const message = Uint8Array.from({ length: size }, (_, i) => (i * 31 + 7) % 256);
      const read = await readBack(frame(message));
      expect(read.length).toBe(size);
      expect(Buffer.compare(read, Buffer.from(message))).toBe(0);
    });
  }
});

describe('an update relayed in parts', () => {
  // The varUint length takes 1, 2, 3 and 4 bytes across these sizes.
  for (const size of [0, 1, 127, 128, 16_383, 16_384, 65_536, 2_097_152]) {
    it(`a ${size}-byte update reads back as the message y-protocols writes`, async () => {
      const update = Uint8Array.from({ length: size }, (_, i) => (i * 17 + 3) % 256);
      const encoder = encoding.createEncoder();
      encoding.writeVarUint(encoder, 0); // messageSync
      syncProtocol.writeUpdate(encoder, update);
      const read = await readBack(frame(updateMessageParts(update)));
      expect(Buffer.compare(read, Buffer.from(encoding.toUint8Array(encoder)))).toBe(0);
    });
  }
});

/** A websocket server on loopback whose sockets become outbox recipients, and clients that record what they read. */
describe('the outbox, over real sockets', () => {
  let server: ws.WebSocketServer;
  let url: string;
  const accepted: Connection[] = [];
  const clients: Client[] = [];
  const user: SessionUser = { id: 'u1', role: 'drafter', email: 'u1@example.org', name: 'U1' };

  interface Client {
    ws: ws.WebSocket;
    /** Each message read, as its bytes. */
    read: number[][];
    closed: Promise<number>;
    /** Resolves when a message starting with `marker` has been read. */
    upTo(marker: number): Promise<void>;
  }

  beforeAll(async () => {
    server = new ws.WebSocketServer({ host: '127.0.0.1', port: 0, perMessageDeflate: false });
    await once(server, 'listening');
    url = `ws://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterEach(() => {
    for (const c of clients.splice(0)) c.ws.terminate();
    accepted.length = 0;
  });

  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
  });

  /** Opens a client; resolves with it and its server side as a Connection (a real one: its close is what the document uses). */
  async function connect(): Promise<{ client: Client; conn: Connection }> {
    const serverSide = once(server, 'connection') as Promise<[ws.WebSocket, IncomingMessage]>;
    const socket = new ws.WebSocket(url, { perMessageDeflate: false });
    const read: number[][] = [];
    const waiting: { marker: number; resolve: () => void }[] = [];
    socket.binaryType = 'nodebuffer';
    socket.on('message', (data: Buffer) => {
      read.push([...data]);
      for (const w of waiting) if (data[0] === w.marker) w.resolve();
    });
    const closed = new Promise<number>((resolve) => socket.on('close', (code) => resolve(code)));
    const [serverWs, req] = await serverSide;
    await once(socket, 'open');
    const client: Client = {
      ws: socket,
      read,
      closed,
      upTo: (marker) =>
        new Promise((resolve) => {
          if (read.some((m) => m[0] === marker)) resolve();
          else waiting.push({ marker, resolve });
        }),
    };
    clients.push(client);
    const conn = new Connection(serverWs, req.socket, user, true);
    accepted.push(conn);
    return { client, conn };
  }

  /** Counts the writes to a socket (each still goes through to the socket). */
  function countWrites(socket: Duplex): { count: number } {
    const counted = { count: 0 };
    const write = socket.write.bind(socket) as (chunk: Buffer) => boolean;
    socket.write = ((chunk: Buffer) => {
      counted.count++;
      return write(chunk);
    }) as typeof socket.write;
    return counted;
  }

  it('what is queued to one recipient in a tick leaves in one write, at the end of the tick, in order', async () => {
    const outbox = new Outbox<Connection>();
    const { client, conn } = await connect();
    const writes = countWrites(conn.socket);
    outbox.send(conn, Uint8Array.of(1, 1));
    outbox.broadcast([conn], [Uint8Array.of(2), Uint8Array.of(2, 2)], null);
    outbox.send(conn, Uint8Array.of(3));
    expect(writes.count).toBe(0);
    await new Promise((resolve) => process.nextTick(resolve));
    expect(writes.count).toBe(1);
    await client.upTo(3);
    expect(client.read).toEqual([[1, 1], [2, 2, 2], [3]]);
  });

  it('one message is one plain write; large ones leave corked, in order', async () => {
    const outbox = new Outbox<Connection>();
    const { client, conn } = await connect();
    const writes = countWrites(conn.socket);
    outbox.send(conn, Uint8Array.of(1));
    outbox.flush();
    expect(writes.count).toBe(1);
    const large = new Uint8Array(40_000).fill(2);
    outbox.send(conn, large);
    outbox.send(conn, Uint8Array.of(3));
    outbox.flush();
    expect(writes.count).toBe(3); // one write per frame into the corked socket: one writev
    await client.upTo(3);
    expect(client.read.map((m) => [m[0], m.length])).toEqual([
      [1, 1],
      [2, 40_000],
      [3, 1],
    ]);
  });

  it('a broadcast reaches everyone but `except`, framed once', async () => {
    const outbox = new Outbox<Connection>();
    const a = await connect();
    const b = await connect();
    const c = await connect();
    const written: Buffer[] = [];
    for (const { conn } of [a, b, c]) {
      const write = conn.socket.write.bind(conn.socket) as (chunk: Buffer) => boolean;
      conn.socket.write = ((chunk: Buffer) => {
        written.push(chunk);
        return write(chunk);
      }) as typeof conn.socket.write;
    }
    outbox.broadcast([a.conn, b.conn, c.conn], Uint8Array.of(1, 2, 3), b.conn);
    outbox.flush();
    expect(written).toHaveLength(2);
    expect(written[0]).toBe(written[1]);
    // A marker to everyone: b reads it first, so it never read the broadcast.
    outbox.broadcast([a.conn, b.conn, c.conn], Uint8Array.of(9), null);
    await Promise.all([a, b, c].map(({ client }) => client.upTo(9)));
    expect(a.client.read).toEqual([[1, 2, 3], [9]]);
    expect(b.client.read).toEqual([[9]]);
    expect(c.client.read).toEqual([[1, 2, 3], [9]]);
  });

  it('a connection closed by the server gets what was queued to it first, then the close frame', async () => {
    const outbox = new Outbox<Connection>();
    const { client, conn } = await connect();
    outbox.send(conn, Uint8Array.of(1));
    outbox.send(conn, Uint8Array.of(2));
    conn.close(4205, 'judged again');
    outbox.send(conn, Uint8Array.of(3)); // after the close: never sent
    outbox.flush();
    expect(await client.closed).toBe(4205);
    expect(client.read).toEqual([[1], [2]]);
  });

  it('nothing is written to a socket that is closing (ws closed it itself)', async () => {
    const outbox = new Outbox<Connection>();
    const { client, conn } = await connect();
    outbox.send(conn, Uint8Array.of(1));
    conn.ws.close(1000); // as ws does when the client closes, or on a protocol error
    const writes = countWrites(conn.socket);
    outbox.flush();
    expect(writes.count).toBe(0);
    expect(await client.closed).toBe(1000);
    expect(client.read).toEqual([]);
  });

  it('a recipient too far behind is closed (1013), the others still served', async () => {
    const limit = 64 * 1024;
    const outbox = new Outbox<Connection>(limit);
    const slow = await connect();
    const fast = await connect();
    (slow.client.ws as unknown as { _socket: Duplex })._socket.pause(); // reads nothing
    const chunk = new Uint8Array(256 * 1024).fill(7);
    for (let i = 0; i < 200 && slow.conn.ws.readyState === ws.WebSocket.OPEN; i++) {
      outbox.send(slow.conn, chunk);
      outbox.flush();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(slow.conn.ws.readyState).not.toBe(ws.WebSocket.OPEN);
    expect(slow.conn.socket.writableLength).toBeGreaterThan(limit);
    outbox.broadcast([slow.conn, fast.conn], Uint8Array.of(5), null);
    outbox.flush();
    await fast.client.upTo(5);
    (slow.client.ws as unknown as { _socket: Duplex })._socket.resume();
    expect(await slow.client.closed).toBe(1013);
    expect(slow.client.read.every((m) => m[0] === 7)).toBe(true);
  });

  it('lastSentAt is the time its first message of the tick was queued', async () => {
    const outbox = new Outbox<Connection>();
    const { client, conn } = await connect();
    expect(conn.lastSentAt).toBe(0);
    const before = Date.now();
    outbox.send(conn, Uint8Array.of(1));
    expect(conn.lastSentAt).toBeGreaterThanOrEqual(before);
    expect(conn.lastSentAt).toBeLessThanOrEqual(Date.now());
    outbox.flush();
    await client.upTo(1);
  });
});
