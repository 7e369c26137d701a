import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openSnapshot, sealSnapshot } from './snapshot-seal';

function state(text: string): Uint8Array {
  const doc = new Y.Doc();
  doc.getText('t').insert(0, text);
  return Y.encodeStateAsUpdate(doc);
}

describe('snapshot seals', () => {
  it('a sealed snapshot opens to exactly the state that was sealed', () => {
    const s = state('Hörmətli xanımlar və cənablar');
    const opened = openSnapshot(sealSnapshot(s));
    expect(opened.sealed).toBe(true);
    expect(Buffer.from(opened.state).equals(Buffer.from(s))).toBe(true);
  });

  it('any changed byte breaks the seal, and the whole blob comes back to be proven by applying it', () => {
    const sealed = sealSnapshot(state('statement'));
    for (const at of [0, 5, 40, sealed.length - 1]) {
      const damaged = sealed.slice();
      damaged[at] = damaged[at]! ^ 0x01;
      const opened = openSnapshot(damaged);
      expect(opened.sealed).toBe(false);
      expect(opened.state).toBe(damaged);
    }
  });

  it('a snapshot written before seals existed is returned as it is, unsealed', () => {
    const legacy = state('older');
    expect(openSnapshot(legacy)).toEqual({ state: legacy, sealed: false });
    expect(openSnapshot(new Uint8Array([1, 2]))).toEqual({ state: new Uint8Array([1, 2]), sealed: false });
  });
});
