import { describe, expect, it } from 'vitest';
import { withScheme } from './FormWidgets';

describe('withScheme', () => {
  it('completes an address pasted without its scheme as https, and leaves complete ones', () => {
    expect(withScheme('meeting.tencent.com/dm/abc')).toBe('https://meeting.tencent.com/dm/abc');
    expect(withScheme('  www.example.com ')).toBe('https://www.example.com');
    expect(withScheme('http://intranet/wiki')).toBe('http://intranet/wiki');
    expect(withScheme('https://example.com')).toBe('https://example.com');
    expect(withScheme('mailto:a@b.c')).toBe('mailto:a@b.c');
    expect(withScheme('')).toBe('');
  });
});
