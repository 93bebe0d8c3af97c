import { describe, expect, it } from 'vitest';
import { buildPattern, parsePattern, patternOk, prefixOk, preview } from './model';

describe('serial number patterns', () => {
  it('reads the starters’ patterns back into prefix, date part and digits', () => {
    expect(parsePattern('XS-{yyyy}-{seq:5}')).toEqual({ prefix: 'XS-', date: '{yyyy}', digits: 5 });
    expect(parsePattern('HT-{yyyy}-{seq:4}')).toEqual({ prefix: 'HT-', date: '{yyyy}', digits: 4 });
    expect(parsePattern('NO-{seq:6}')).toEqual({ prefix: 'NO-', date: '', digits: 6 });
    expect(parsePattern('{yy}{MM}{dd}-{seq:3}')).toEqual({ prefix: '', date: '{yy}{MM}{dd}', digits: 3 });
  });

  it('writes what it reads, unchanged', () => {
    for (const p of ['XS-{yyyy}-{seq:6}', 'PO{yyyy}{MM}-{seq:4}', '{seq:12}', 'A-{yyyy}{MM}{dd}-{seq:1}']) expect(buildPattern(parsePattern(p)!)).toBe(p);
  });

  it('leaves patterns the controls cannot show to be shown as they are', () => {
    // Valid for the server, but not prefix + date + "-" + number.
    for (const p of ['XS{yyyy}{seq:6}', '{seq:4}-{yyyy}', 'A-{MM}-{seq:3}', 'X-{yyyy}-{seq:6}-Z']) {
      expect(patternOk(p), p).toBe(true);
      expect(parsePattern(p), p).toBeUndefined();
    }
    // Not valid at all.
    for (const p of ['XS-{seq:0}', 'XS-{seq:13}', 'XS-{yyyy}', '{seq:2}{seq:3}', 'A{b}{seq:3}', 'A}{seq:3}', '']) expect(patternOk(p), p).toBe(false);
  });

  it('previews the next number as the server renders it', () => {
    const at = new Date(2026, 4, 1);
    expect(preview('XS-{yyyy}-{seq:6}', at)).toBe('XS-2026-000001');
    expect(preview('{yy}{MM}{dd}-{seq:3}', at, 42)).toBe('260501-042');
    expect(preview('N{seq:2}', at, 1234)).toBe('N1234');
    expect(preview('XS-{seq:0}', at)).toBe('');
  });

  it('refuses braces in a prefix', () => {
    expect(prefixOk('XS-')).toBe(true);
    expect(prefixOk('X{S')).toBe(false);
  });
});
