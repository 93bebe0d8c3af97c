import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, InputNumber, Select, Space } from 'antd';
import { useFlowT } from './useFlowT';
import type { Json, JsonObject } from '../form/designer';
import type { FlowField } from './conditions';
import { fieldLabel } from './summary';
import { fieldType } from '../../../fields/registry';

export const ASSIGNEE_TYPES = ['member', 'role', 'departmentHead', 'manager', 'field', 'submitter'] as const;

export interface Choices {
  members: { value: string; label: string }[];
  roles: { value: string; label: string }[];
  fields: FlowField[];
}

/**
 * AssigneeEditor edits a list of assignee rules (who handles a node, who gets a copy, whom to
 * escalate to): members, a role, the department head (of the submitter or of a department
 * field), the manager chain with its levels, a member field of the form, or the submitter.
 * Several members picked at once are one rule each, as the format has it.
 */
export function AssigneeEditor({ value, onChange, choices, readOnly, testid }: { value: Json | undefined; onChange: (v: JsonObject[]) => void; choices: Choices; readOnly: boolean; testid: string }) {
  const { t, i18n } = useFlowT();
  const list = (Array.isArray(value) ? value : []).filter((a): a is JsonObject => typeof a === 'object' && a !== null && !Array.isArray(a));
  const members = list.filter((a) => a.type === 'member').map((a) => String(a.member ?? ''));
  const others = list.filter((a) => a.type !== 'member');
  const setMembers = (ids: string[]) => onChange([...ids.map((m) => ({ type: 'member', member: m })), ...others]);
  const setOther = (i: number, a: JsonObject | undefined) => {
    const next = others.map((x, j) => (j === i ? a : x)).filter((x): x is JsonObject => !!x);
    onChange([...members.map((m) => ({ type: 'member', member: m })), ...next]);
  };
  const byType = (type: string): JsonObject => {
    switch (type) {
      // The role is chosen, not guessed (the first role is often the submitters'); until it
      // is, the server names the rule's missing role.
      case 'role':
        return { type };
      case 'manager':
        return { type, levels: 1 };
      case 'field':
        return { type, field: choices.fields.find((f) => fieldType(f.type)?.people === 'members')?.key ?? '' };
      default:
        return { type };
    }
  };
  const memberFields = choices.fields.filter((f) => fieldType(f.type)?.people === 'members');
  const deptFields = choices.fields.filter((f) => fieldType(f.type)?.people === 'departments');
  const label = (f: FlowField) => fieldLabel([f], f.key, i18n.language);
  return (
    <div data-testid={testid}>
      <div className="fl-flow-row">
        <span style={{ width: 90 }}>{t('assignee.member')}</span>
        <Select
          mode="multiple"
          style={{ flex: 1, minWidth: 160 }}
          value={members}
          disabled={readOnly}
          onChange={setMembers}
          options={choices.members}
          optionFilterProp="label"
          placeholder={t('assignee.pick')}
          data-testid={`${testid}-members`}
        />
      </div>
      {others.map((a, i) => (
        <div className="fl-flow-row" key={i} data-testid={`${testid}-rule-${i}`}>
          <Select
            style={{ width: 130 }}
            value={String(a.type)}
            disabled={readOnly}
            onChange={(type) => setOther(i, byType(type))}
            options={ASSIGNEE_TYPES.filter((x) => x !== 'member').map((x) => ({ value: x, label: t(`assignee.${x}`) }))}
            data-testid={`${testid}-type-${i}`}
          />
          {a.type === 'role' && (
            <Select
              style={{ flex: 1, minWidth: 120 }}
              value={a.role ? String(a.role) : undefined}
              placeholder={t('assignee.pickRole')}
              status={a.role ? undefined : 'warning'}
              disabled={readOnly}
              onChange={(role) => setOther(i, { ...a, role })}
              options={choices.roles}
              data-testid={`${testid}-role-${i}`}
            />
          )}
          {a.type === 'manager' && (
            <Space>
              <span>{t('assignee.levels')}</span>
              <InputNumber min={1} max={10} value={typeof a.levels === 'number' ? a.levels : 1} disabled={readOnly} onChange={(v) => setOther(i, { ...a, levels: v ?? 1 })} />
            </Space>
          )}
          {a.type === 'field' && (
            <Select style={{ flex: 1, minWidth: 120 }} value={String(a.field ?? '')} disabled={readOnly} onChange={(field) => setOther(i, { ...a, field })} options={memberFields.map((f) => ({ value: f.key, label: label(f) }))} />
          )}
          {a.type === 'departmentHead' && deptFields.length > 0 && (
            <Select
              allowClear
              style={{ flex: 1, minWidth: 120 }}
              placeholder={t('assignee.deptField')}
              value={typeof a.field === 'string' ? a.field : undefined}
              disabled={readOnly}
              onChange={(field?: string) => setOther(i, field ? { ...a, field } : { type: String(a.type) })}
              options={deptFields.map((f) => ({ value: f.key, label: label(f) }))}
            />
          )}
          {!readOnly && <Button type="text" icon={<DeleteOutlined />} onClick={() => setOther(i, undefined)} aria-label="delete" />}
        </div>
      ))}
      {!readOnly && (
        <Button size="small" icon={<PlusOutlined />} onClick={() => onChange([...list, byType(choices.roles.length > 0 ? 'role' : 'departmentHead')])} data-testid={`${testid}-add`}>
          {t('panel.addAssignee')}
        </Button>
      )}
    </div>
  );
}
