import { describe, expect, it } from 'vitest';
import { designerAutomationsEn } from './locales/en';
import { designerAutomationsZhCN } from './locales/zh-CN';
import { ACTION_TYPES } from './model';
import { duration, failure, outcomeColor, tally, wordsIn, type AutomationRun } from './runs';

const base: AutomationRun = { id: 'r1', automation: 'a', form: 'f', record: 'x', event: 'created', at: '2026-11-02T09:00:00Z', tookMs: 12, outcome: 'ok' };

describe('automation runs', () => {
  it('picks the text in the language, falling back to the other', () => {
    expect(wordsIn({ en: 'answered 500', 'zh-CN': '返回了 500' }, 'zh-CN')).toBe('返回了 500');
    expect(wordsIn({ en: 'answered 500', 'zh-CN': '返回了 500' }, 'en-US')).toBe('answered 500');
    expect(wordsIn({ en: '', 'zh-CN': '只有中文' }, 'en')).toBe('只有中文');
    expect(wordsIn(undefined, 'en')).toBe('');
  });

  it('names the failed action and its error', () => {
    const run: AutomationRun = { ...base, outcome: 'failed', failedAction: 2, error: { en: 'boom', 'zh-CN': '出错' },
      actions: [{ type: 'setFields', outcome: 'done' }, { type: 'webhook', outcome: 'failed' }] };
    expect(failure(run, [], 'zh-CN')).toEqual({ step: 2, type: 'webhook', text: '出错' });
    // A failed job keeps no actions: the type comes from the automation.
    expect(failure({ ...run, actions: undefined }, ['setFields', 'createRecords'], 'en')).toEqual({ step: 2, type: 'createRecords', text: 'boom' });
    expect(failure({ ...run, failedAction: undefined }, [], 'en')).toEqual({ step: undefined, type: undefined, text: 'boom' });
    expect(failure(base, [], 'en')).toBeUndefined();
  });

  it('counts outcomes and colours them', () => {
    expect(tally([base, { ...base, outcome: 'failed' }, { ...base, outcome: 'skipped' }, { ...base, outcome: 'failed' }])).toEqual({ ok: 1, failed: 2, skipped: 1 });
    expect(outcomeColor('ok')).toBe('success');
    expect(outcomeColor('failed')).toBe('error');
    expect(outcomeColor('retrying')).toBe('warning');
    expect(outcomeColor('skipped')).toBe('default');
  });

  it('says durations', () => {
    expect(duration(35)).toBe('35 ms');
    expect(duration(1234)).toBe('1.2 s');
    expect(duration(25000)).toBe('25 s');
    expect(duration(-1)).toBe('');
  });
});

describe('action labels', () => {
  it('names every action type in both languages, as the runs list and the action cards show them', () => {
    for (const type of ACTION_TYPES) {
      expect(designerAutomationsEn.actions[type]).toBeTruthy();
      expect(designerAutomationsZhCN.actions[type]).toBeTruthy();
    }
    expect(designerAutomationsZhCN.actions.updateRecords).toBe('修改数据');
    expect(designerAutomationsEn.actions.updateRecords).toBe('Update records');
  });
});
