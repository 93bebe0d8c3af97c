import { describe, expect, it } from 'vitest';
import { bulkOutcome } from './bulk';

const item = (record: string) => ({ id: `${record}.t1`, app: 'a1', form: 'contract', record });

describe('bulkOutcome', () => {
  it('counts the records decided and lists the others with the reason and the required fields', () => {
    const items = [item('r1'), item('r2'), item('r3')];
    const out = bulkOutcome(
      items,
      [
        { record: 'r1', status: 200 },
        {
          record: 'r2',
          status: 422,
          error: {
            status: 422,
            code: 'validation_failed',
            message: 'The submitted data is not valid.',
            fields: { '/legalOpinion': { code: 'required', message: 'Required at this step.' }, '/legalRisk': { code: 'required', message: 'Required at this step.' } },
          },
        },
        { record: 'r3', status: 409, error: { status: 409, code: 'not_your_turn', message: 'You have no open task on this record.' } },
      ],
      (f) => ({ legalOpinion: 'Legal opinion', legalRisk: 'Legal risk' })[f] ?? f,
    );
    expect(out.done).toBe(1);
    expect(out.failed.map((f) => [f.item.record, f.code, f.message])).toEqual([
      ['r2', 'validation_failed', 'The submitted data is not valid. (Legal opinion, Legal risk)'],
      ['r3', 'not_your_turn', 'You have no open task on this record.'],
    ]);
    // The failed item is the one sent, so the page can link to it.
    expect(out.failed[0]!.item).toBe(items[1]);
  });

  it('treats a record the answer leaves out as not decided', () => {
    const out = bulkOutcome([item('r1'), item('r2')], [{ record: 'r1', status: 200 }]);
    expect(out.done).toBe(1);
    expect(out.failed.map((f) => [f.item.record, f.code])).toEqual([['r2', 'no_result']]);
  });

  it('pairs results by position when one record is sent for two of its steps', () => {
    const legal = { id: 'r1.t4', app: 'a1', form: 'contract', record: 'r1' };
    const finance = { id: 'r1.t6', app: 'a1', form: 'contract', record: 'r1' };
    const out = bulkOutcome(
      [legal, finance],
      [
        { record: 'r1', status: 422, error: { status: 422, code: 'validation_failed', message: 'Invalid.', fields: { '/legalRisk': { code: 'required', message: 'Required.' } } } },
        { record: 'r1', status: 200 },
      ],
    );
    expect(out.done).toBe(1);
    expect(out.failed.map((f) => [f.item.id, f.message])).toEqual([['r1.t4', 'Invalid. (legalRisk)']]);
  });
});
