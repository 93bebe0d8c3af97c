import { describe, expect, it } from 'vitest';
import { absoluteUrl, formatDate } from './format';

describe('absoluteUrl', () => {
  it('makes the server-relative setup link absolute on the current origin', () => {
    expect(absoluteUrl('/setup/abc', 'https://forms.example.com')).toBe('https://forms.example.com/setup/abc');
    expect(absoluteUrl('https://other.example/setup/x', 'http://localhost:8080')).toBe('https://other.example/setup/x');
  });
});

describe('formatDate', () => {
  it('formats in the UI language and tolerates missing or bad values', () => {
    expect(formatDate('2025-03-01T12:00:00Z', 'zh-CN')).toContain('2025');
    expect(formatDate('2025-03-01T12:00:00Z', 'en')).toMatch(/Mar/);
    expect(formatDate(undefined, 'en')).toBe('');
    expect(formatDate('not a date', 'en')).toBe('');
  });
});
