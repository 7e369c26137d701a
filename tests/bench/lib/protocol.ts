/** The messages between the orchestrator (run.ts) and its client workers (client-worker.ts). */

export interface ClientSpec {
  key: string;
  /** The Yjs client id, fixed so that arrivals can be matched to keystrokes by clock. */
  clientId: number;
  /** The session cookie (our server); none for the reference. */
  cookie?: string;
  name: string;
  color: string;
  /** Writers (client ids) whose keystrokes this client times on arrival. */
  track: number[];
  /** The document, when clients of one request open different documents. */
  room?: string;
}

/** One keystroke as its writer sent it: the clock of the inserted character and the time. */
export interface SendRecord {
  clock: number;
  t: number;
}

export interface ClientReport {
  key: string;
  /** writer client id → arrival time (monotonic ms) by clock; holes are keystrokes never received. */
  arrivals: Record<string, (number | null)[]>;
  stateVector: string;
  content: string;
  reconnects: number;
  /** The worker's longest event-loop delay since typing started (ms). */
  loopDelayMaxMs: number;
}

export interface BlastResult {
  firstSendAt: number;
  lastSendAt: number;
}

export type Request = { id: number } & (
  | { cmd: 'connect'; url: string; room: string | null; clients: ClientSpec[]; sequential: boolean; timeoutMs: number }
  | { cmd: 'addParagraphs'; keys: string[] }
  /** `carets: false`: text only, no caret update per keystroke (a script, a bot, an import). */
  | { cmd: 'type'; writers: { key: string; intervalMs: number; count: number; startAt: number }[]; carets: boolean }
  | { cmd: 'collect'; expected: Record<number, number>; timeoutMs: number; report: boolean }
  | { cmd: 'closeAll' }
  | { cmd: 'generateHistory'; edits: number; clientId: number }
  /** The cold-load document (lib/speech.ts), its final state written to `stateFile` for the reference. */
  | { cmd: 'generateSpeech'; pages: number; clientId: number; stateFile: string }
  /** Sends a generated history over one socket: the edits (default) or the speech. */
  | { cmd: 'blast'; url: string; cookie?: string; timeoutMs: number; history?: 'edits' | 'speech' }
  | { cmd: 'exit' }
);

export type Reply = { id: number } & ({ ok: true; result: unknown } | { ok: false; error: string });
