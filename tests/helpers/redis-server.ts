import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { probeRedis } from './services';
import { waitFor } from './server';

export const haveRedisServer = spawnSync('redis-server', ['--version']).status === 0;

export interface OwnRedis {
  url: string;
  port: number;
  /** SIGKILL of the redis-server this helper started (by its pid, nothing else). */
  kill(): Promise<void>;
  /** Starts it again on the same port. */
  restart(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * A redis-server of the test's own on a free loopback port (never the shared one on 6379),
 * so a test can take Redis away and bring it back.
 */
export async function startOwnRedis(): Promise<OwnRedis> {
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let proc: ChildProcess | null = null;
  const launch = async () => {
    proc = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
    await waitFor(async () => (await probeRedis(url)) === null, `redis-server on port ${port} to answer`);
  };
  const kill = async () => {
    const running = proc;
    proc = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once('exit', () => resolve()));
    running.kill('SIGKILL');
    await exited;
  };
  await launch();
  return { url, port, kill, restart: launch, stop: kill };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}
