import { afterAll, describe, expect, it } from 'vitest';
import { CLOSE } from '@/lib/collab/protocol';
import { createDocument } from '@/tests/factories/documents';
import { connectClient, waitSynced, type CollabClient } from '@/tests/helpers/collab';
import { startServer, waitFor, type TestServer } from '@/tests/helpers/server';
import { signIn } from '@/tests/helpers/session';
import { startTyping, storedAcks } from '@/tests/helpers/stored-acks';

/**
 * A restart for a deploy: SIGTERM takes the process out of rotation (/readyz 503), closes
 * its sockets with 1012 so clients reconnect, finishes its commits and exits; nothing the
 * server acknowledged as stored is lost, and the client, reconnecting to the process that
 * replaced it, delivers what it typed meanwhile.
 */
describe('a SIGTERM restart while someone types', () => {
  let server: TestServer | undefined;
  const clients: CollabClient[] = [];
  afterAll(async () => {
    for (const c of clients) c.destroy();
    await server?.stop();
  });

  it('answers /readyz 503 while it drains, closes with 1012, and loses no acknowledged edit', async () => {
    server = await startServer({ env: { SHUTDOWN_DRAIN_SECONDS: '1' } });
    const { dataDir, port } = server;
    const drafter = await signIn(server.url, 'drafter@example.org');
    const docId = await createDocument(server.url, drafter);
    const writer = connectClient(server.url, docId, drafter);
    clients.push(writer);
    const closes: number[] = [];
    writer.provider.on('connection-close', (event: CloseEvent | null) => void (event && closes.push(event.code)));
    await waitSynced(writer);
    const acks = storedAcks(writer);
    acks.ask();
    const typist = startTyping(writer, 'Paraqraf');
    await waitFor(() => typist.acknowledged(acks.clock).length >= 20, 'twenty acknowledged paragraphs');

    // SIGTERM mid-typing: what was acknowledged up to now must survive.
    const first = server;
    const exited = new Promise<void>((resolve) => first.proc.once('exit', () => resolve()));
    const readyStatuses: number[] = [];
    const ackedAtTerm = acks.clock;
    first.proc.kill('SIGTERM');
    // The orchestrator's view while the process drains (it still answers, typing goes on).
    await waitFor(async () => {
      const res = await fetch(`${first.url}/readyz`).catch(() => null);
      if (res) readyStatuses.push(res.status);
      return res?.status === 503;
    }, '/readyz to answer 503 during the drain');
    const drained = await fetch(`${first.url}/readyz`).then((r) => r.json() as Promise<Record<string, string>>);
    expect(drained).toMatchObject({ status: 'unavailable', process: 'stopping' });
    await exited;
    expect(first.proc.exitCode).toBe(0);
    expect(closes).toContain(CLOSE.serviceRestart);
    const acknowledged = typist.acknowledged(Math.max(ackedAtTerm, acks.clock));
    const typedBeforeRestart = typist.typed.length;
    expect(acknowledged.length).toBeGreaterThanOrEqual(20);

    // The replacement, on the same data directory and port: the writer reconnects by itself.
    server = await startServer({ dataDir, port });
    const reader = connectClient(server.url, docId, await signIn(server.url, 'viewer@example.org'));
    clients.push(reader);
    await waitSynced(reader);
    const restored = reader.text().split('\n');
    for (const paragraph of acknowledged) expect(restored).toContain(paragraph);

    // And what was typed while the process was away reaches the new one from the client's copy.
    await typist.stop();
    expect(typist.typed.length).toBeGreaterThan(typedBeforeRestart);
    const last = typist.typed.at(-1)!;
    await waitFor(() => reader.text().includes(last), 'the paragraphs typed during the restart, resent after the reconnect', 20_000);
    expect(reader.text().split('\n')).toEqual(typist.typed);
  });
});
