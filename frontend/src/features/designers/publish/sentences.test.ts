import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createI18n } from '../../../shared/i18n';
import type { JsonObject, Template } from '../form/designer';
import { nothingToBreak, publishSentences, type PublishReport, type ReportChange, type Sentence } from './sentences';

const STARTER = join(__dirname, '../../../../../templates/starter/contract-approval.json');
const load = (): Template => JSON.parse(readFileSync(STARTER, 'utf8')) as Template;

function say(old: Template, next: Template, changes: ReportChange[], more: Partial<PublishReport> = {}, language = 'en'): Sentence[] {
  const i18n = createI18n(language as 'en');
  const report: PublishReport = { from: 3, to: 4, changes, breaking: changes.some((c) => c.breaking), running: 0, affected: {}, ...more };
  return publishSentences({
    old,
    next,
    report,
    language,
    t: i18n.getFixedT(language, 'designerPublish') as never,
    ft: i18n.getFixedT(language, 'flow') as never,
  });
}
const texts = (s: Sentence[]) => s.map((x) => x.text);

const form = (t: Template) => (t.forms as JsonObject[])[0]!;
const props = (t: Template) => (form(t).schema as JsonObject).properties as Record<string, JsonObject>;
const nodes = (t: Template) => ((t.pipelines as JsonObject[])[0]!.nodes as JsonObject[]);
const node = (t: Template, key: string) => nodes(t).find((n) => n.key === key)!;

describe('publishSentences', () => {
  it('names fields by their labels, in the reader’s language', () => {
    const old = load();
    const next = load();
    props(next).risk = { type: 'string', 'x-formloom': { type: 'text', label: { 'zh-CN': '风险等级', en: 'Risk level' } } };
    const changes: ReportChange[] = [
      { pointer: '/forms/0/schema/properties/risk', kind: 'field_added', breaking: false, form: 'contract', field: 'risk' },
      { pointer: '/forms/0/schema/required', kind: 'required_added', breaking: true, form: 'contract', field: 'summary' },
      { pointer: '/forms/0/schema/properties/type/enum', kind: 'option_removed', breaking: true, form: 'contract', field: 'type', from: 'other' },
    ];
    expect(texts(say(old, next, changes))).toEqual(
      expect.arrayContaining([
        'Field “Risk level” is added to “Contract”.',
        'Field “Main terms” of “Contract” becomes required.',
        'Field “Type” of “Contract” loses the option “Other”.',
      ]),
    );
    const zh = texts(say(old, next, changes, {}, 'zh-CN'));
    expect(zh).toContain('“合同”新增字段“风险等级”。');
    expect(zh).toContain('“合同”的字段“合同类型”删除选项“其他”。');
    expect(zh.join('')).not.toMatch(/summary|risk|\/forms/);
  });

  it('says a renamed label, and a changed key with the same label as one rename', () => {
    const old = load();
    const next = load();
    (props(next).title!['x-formloom'] as JsonObject).label = { 'zh-CN': '合同标题', en: 'Contract title' };
    props(next).summary2 = props(next).summary!;
    delete props(next).summary;
    const out = say(old, next, [
      { pointer: '/forms/0/schema/properties/title/x-formloom/label', kind: 'label_changed', breaking: false, form: 'contract', field: 'title' },
      { pointer: '/forms/0/schema/properties/summary', kind: 'field_removed', breaking: true, form: 'contract', field: 'summary' },
      { pointer: '/forms/0/schema/properties/summary2', kind: 'field_added', breaking: false, form: 'contract', field: 'summary2' },
    ]);
    expect(texts(out)).toContain('Field “Title” of “Contract” is renamed “Contract title”.');
    const key = out.filter((s) => s.text.includes('Main terms'));
    expect(key).toHaveLength(1);
    expect(key[0]).toMatchObject({ breaking: true, text: 'Field “Main terms” of “Contract” gets a new key: records keep their values under the old one.' });
  });

  it('says what breaks with the records the server counted', () => {
    const old = load();
    const out = say(old, load(), [{ pointer: '/forms/0/schema/required', kind: 'required_added', breaking: true, form: 'contract', field: 'summary' }], {
      affected: { contract: 12 },
    });
    expect(out.filter((s) => s.group === 'breaks').map((s) => s.text)).toEqual([
      'Form “Contract” holds 12 records written under version 3; they may need a migration.',
    ]);
    const uncounted = say(old, load(), [{ pointer: '/forms/0', kind: 'rules_changed', breaking: true, form: 'contract' }]);
    expect(uncounted.find((s) => s.group === 'breaks')?.text).toBe('Some records written under the old version may no longer be valid.');
    expect(texts(uncounted)).toContain('The rules of form “Contract” (conditions between fields) change.');
  });

  it('does not alarm about breaking changes when the forms hold no records yet', () => {
    const old = load();
    const change: ReportChange = { pointer: '/forms/0/schema/properties/summary', kind: 'field_removed', breaking: true, form: 'contract', field: 'summary' };
    const out = say(old, load(), [change], { affected: { contract: 0 } });
    expect(out.filter((s) => s.group === 'breaks')).toEqual([]);
    expect(out.some((s) => s.breaking)).toBe(false);
    expect(nothingToBreak({ from: 1, to: 2, changes: [change], breaking: true, running: 0, affected: { contract: 0 } })).toBe(true);
    expect(nothingToBreak({ from: 1, to: 2, changes: [change], breaking: true, running: 0, affected: { contract: 3 } })).toBe(false);
    expect(nothingToBreak({ from: 1, to: 2, changes: [change], breaking: true, running: 0, affected: {} })).toBe(false);
  });

  it('says runs in progress keep their version', () => {
    const t = load();
    expect(say(t, t, [], { running: 5 }).find((s) => s.group === 'runs')?.text).toBe('5 runs in progress keep version 3; new records use version 4.');
    expect(say(t, t, [], { running: 1 }).find((s) => s.group === 'runs')?.text).toBe('1 run in progress keeps version 3; new records use version 4.');
    expect(say(t, t, [], { running: 0 }).find((s) => s.group === 'runs')?.text).toBe('No run is in progress; new records use version 4.');
    expect(say(t, t, [], { running: 2 }, 'zh-CN').find((s) => s.group === 'runs')?.text).toBe('2 个进行中的流程继续使用版本 3；新数据使用版本 4。');
  });

  it('says flow changes step by step, by step names', () => {
    const old = load();
    const next = load();
    node(next, 'director').name = { 'zh-CN': '总经理审批', en: 'General manager' };
    node(next, 'legal').assignees = [{ type: 'role', role: 'director' }];
    node(next, 'finance').deadline = { after: { workingDays: 2 } };
    node(next, 'legal').allow = { transfer: false };
    const p = (next.pipelines as JsonObject[])[0]!;
    p.nodes = nodes(next).filter((n) => n.key !== 'supervisor');
    p.edges = (p.edges as JsonObject[]).map((e) => (e.to === 'supervisor' ? { ...e, to: 'split' } : e)).filter((e) => e.from !== 'supervisor');
    const out = say(old, next, [{ pointer: '/pipelines/0', kind: 'pipeline_changed', breaking: false }]);
    expect(out.filter((s) => s.group === 'flow').map((s) => s.text)).toEqual([
      'Contract approval: “Legal review” is now handled by Role Director.',
      'Contract approval: the actions “Legal review” offers change.',
      'Contract approval: the deadline of “Finance review” becomes 2 working days after start.',
      'Contract approval: step “Director” is renamed “General manager”.',
      'Contract approval: step “Supervisor” is removed.',
      'Contract approval: the route between steps changes.',
    ]);
    const added = load();
    nodes(added).push({ key: 'cc1', type: 'cc', name: { 'zh-CN': '抄送行政', en: 'Copy admin' } });
    expect(texts(say(old, added, [{ pointer: '/pipelines/0', kind: 'pipeline_changed', breaking: false }], {}, 'zh-CN'))).toContain('合同审批：新增节点“抄送行政”（抄送）。');
  });
});
