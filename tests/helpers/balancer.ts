import net from 'node:net';
import type { AddressInfo } from 'node:net';

export interface Balancer {
  /** http://127.0.0.1:<port> */
  url: string;
  /** How many connections went to each backend, by index. */
  routed: number[];
  close(): Promise<void>;
}

/**
 * A load balancer in miniature, on loopback: each TCP connection goes to the first backend
 * in the list that accepts it, so when a process dies its clients' reconnections land on
 * the next one (what nginx does with `proxy_next_upstream error`). No stickiness.
 */
export async function startBalancer(backendPorts: readonly number[]): Promise<Balancer> {
  const routed = backendPorts.map(() => 0);
  const sockets = new Set<net.Socket>();
  const server = net.createServer((client) => {
    sockets.add(client);
    client.on('close', () => sockets.delete(client));
    client.pause();
    const tryBackend = (index: number) => {
      if (index >= backendPorts.length) return client.destroy();
      const upstream = net.connect({ host: '127.0.0.1', port: backendPorts[index]! });
      upstream.once('error', () => {
        upstream.destroy();
        tryBackend(index + 1);
      });
      upstream.once('connect', () => {
        routed[index]!++;
        sockets.add(upstream);
        upstream.on('close', () => sockets.delete(upstream));
        upstream.removeAllListeners('error');
        upstream.on('error', () => client.destroy());
        client.on('error', () => upstream.destroy());
        client.on('close', () => upstream.destroy());
        upstream.on('close', () => client.destroy());
        client.pipe(upstream);
        upstream.pipe(client);
        client.resume();
      });
    };
    tryBackend(0);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    routed,
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
