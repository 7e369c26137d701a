// The reference server (@y/websocket-server 0.1.1) exactly as its `y-websocket` bin runs it,
// plus a persistence (its own hook, `setPersistence`): a document whose room has a file
// `<STATE_DIR>/<room>.yjs` is loaded from that file (one Yjs update, the document's state)
// when the server first opens it. The cold-load phase of `npm run bench` starts the reference
// this way, so that both servers load the same document on a process that has not seen it:
// ours from its SQLite log and snapshot, the reference from this initial state.
import fs from 'node:fs';
import path from 'node:path';
import { setPersistence } from '@y/websocket-server/utils';
import * as Y from 'yjs';

const stateDir = process.env.STATE_DIR;
if (!stateDir) throw new Error('STATE_DIR is not set');

setPersistence({
  provider: null,
  // Synchronous, so the document is whole before the server answers the client's first sync
  // (the bin's own LevelDB persistence loads asynchronously, and a client can sync first).
  bindState: (name, ydoc) => {
    const file = path.join(stateDir, `${path.basename(name)}.yjs`);
    if (fs.existsSync(file)) Y.applyUpdate(ydoc, fs.readFileSync(file));
  },
  writeState: async () => {},
});

await import(new URL('../../node_modules/@y/websocket-server/src/server.js', import.meta.url).href);
