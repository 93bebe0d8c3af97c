import { describe, expect, it } from 'vitest';
import { reportRows } from './importReport';

describe('reportRows', () => {
  it('names each bad field by its label, never its pointer', () => {
    const rows = reportRows(
      {
        status: 'done',
        dryRun: true,
        total: 3,
        done: 3,
        valid: 2,
        stored: 0,
        failed: 1,
        bad: [{ row: 3, fields: { '/budget': { code: 'minimum', message: '不能小于 0。' } } }],
      },
      (f) => (f === 'budget' ? '预算' : f),
    );
    expect(rows).toEqual([{ key: '3/budget', row: 3, field: '预算', message: '不能小于 0。' }]);
  });
});
