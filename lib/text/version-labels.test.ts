import { describe, expect, it } from 'vitest';
import { beforeRestoringLabel, restoredName } from './version-labels';

describe('the label of the text kept before a restore', () => {
  it('gives back the restored version’s name, quotes and all, and nothing for another label', () => {
    for (const name of ['İlk taslak', 'auto', 'Draft “two”', 'Line\nbreak']) expect(restoredName(beforeRestoringLabel(name))).toBe(name);
    expect(beforeRestoringLabel('First draft')).toBe('Before restoring “First draft”');
    expect(restoredName('Sent to legal')).toBeNull();
  });
});
