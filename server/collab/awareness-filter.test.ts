import { describe, expect, it } from 'vitest';
import { decodeAwarenessUpdate, encodeAwarenessUpdate, jsonDepth } from './awareness-filter';

describe('awareness filter', () => {
  it('keeps ordinary presence states', () => {
    const update = encodeAwarenessUpdate([{ clientId: 7, clock: 3, state: { user: { name: 'Ada', color: '#1d4ed8' }, cursor: null } }]);
    expect(decodeAwarenessUpdate(update)).toEqual([{ clientId: 7, clock: 3, state: { user: { name: 'Ada', color: '#1d4ed8' }, cursor: null } }]);
  });

  it('keeps removals (null states)', () => {
    expect(decodeAwarenessUpdate(encodeAwarenessUpdate([{ clientId: 1, clock: 9, state: null }]))).toEqual([{ clientId: 1, clock: 9, state: null }]);
  });

  it('drops states deeper than 16 levels or larger than 8 KB, keeping the others', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 17; i++) deep = { deep };
    let ok: unknown = 1;
    for (let i = 0; i < 15; i++) ok = { ok };
    const update = encodeAwarenessUpdate([
      { clientId: 1, clock: 1, state: { deep } as Record<string, unknown> },
      { clientId: 2, clock: 1, state: { big: 'ə'.repeat(4200) } },
      { clientId: 3, clock: 1, state: { ok } as Record<string, unknown> },
    ]);
    expect(decodeAwarenessUpdate(update).map((e) => e.clientId)).toEqual([3]);
  });

  it('counts depth outside strings only', () => {
    expect(jsonDepth('{"a":"[[[[{{{{"}')).toBe(1);
    expect(jsonDepth('[[["\\"]"]]]')).toBe(3);
  });

  it('throws on a truncated message', () => {
    const update = encodeAwarenessUpdate([{ clientId: 1, clock: 1, state: { a: 1 } }]);
    expect(() => decodeAwarenessUpdate(update.slice(0, update.length - 3))).toThrow();
  });
});
