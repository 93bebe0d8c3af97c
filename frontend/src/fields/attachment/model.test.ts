import { describe, expect, it } from 'vitest';
import { attachmentLimits, withAttachmentLimits } from './model';

const contractFiles = {
  type: 'array',
  items: { type: 'string' },
  'x-formloom': { type: 'attachment', label: { 'zh-CN': '合同文本' }, maxCount: 10, maxSize: 20971520 },
};

describe('attachment limits', () => {
  it('reads the count, the size in MB and the kinds', () => {
    expect(attachmentLimits(contractFiles)).toEqual({ maxCount: 10, maxSizeMB: 20, kinds: [], other: [] });
    const photos = { ...contractFiles, 'x-formloom': { type: 'attachment', accept: ['image/*', 'text/csv'] } };
    expect(attachmentLimits(photos)).toEqual({ maxCount: undefined, maxSizeMB: undefined, kinds: ['image'], other: ['text/csv'] });
  });

  it('writes them back with maxItems agreeing, and removes what is left empty', () => {
    const out = withAttachmentLimits(contractFiles, { maxCount: 3, maxSizeMB: 5, kinds: ['image', 'pdf'], other: [] });
    expect(out.maxItems).toBe(3);
    expect(out['x-formloom']).toEqual({ type: 'attachment', label: { 'zh-CN': '合同文本' }, maxCount: 3, maxSize: 5242880, accept: ['image/*', 'application/pdf'] });
    const open = withAttachmentLimits(out, { kinds: [], other: [] });
    expect(open.maxItems).toBeUndefined();
    expect(open['x-formloom']).toEqual({ type: 'attachment', label: { 'zh-CN': '合同文本' } });
    // A pattern written by hand survives the kinds being changed.
    const kept = withAttachmentLimits(contractFiles, { kinds: ['pdf'], other: ['text/csv'] });
    expect((kept['x-formloom'] as { accept: string[] }).accept).toEqual(['application/pdf', 'text/csv']);
  });
});
