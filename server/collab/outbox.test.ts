import { describe, expect, it } from 'vitest';
import type { EventEmitter } from 'node:events';
import * as ws from 'ws';
import * as encoding from 'lib0/encoding';
import * as syncProtocol from 'y-protocols/sync';
import { frame } from './outbox';
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
