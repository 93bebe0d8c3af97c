import { Select, Switch } from 'antd';
import type { Json, JsonObject } from '../form/designer';
import { RETURN_KINDS, SWITCHES, returnToOf, switchOn, withReturnTo, withSwitch, type Switch as Sw } from './allow';
import { useFlowT } from './useFlowT';

/**
 * ActionSwitches are a task or approval node's action switches: return (and where to),
 * transfer, add approver (approvals only), withdraw by the submitter, CC. Each writes the
 * node's "allow"; everything on is the default and writes nothing.
 */
export function ActionSwitches({ node, earlier, readOnly, onChange }: { node: JsonObject; earlier: { value: string; label: string }[]; readOnly: boolean; onChange: (allow: JsonObject | undefined) => void }) {
  const { t } = useFlowT();
  const allow = node.allow as Json | undefined;
  const shown = SWITCHES.filter((s) => s !== 'addApprover' || node.type === 'approval');
  return (
    <div data-testid="flow-actions">
      {shown.map((s: Sw) => (
        <div className="fl-flow-row" key={s}>
          <Switch size="small" checked={switchOn(allow, s)} disabled={readOnly} onChange={(on) => onChange(withSwitch(allow, s, on))} data-testid={`flow-allow-${s}`} />
          <span>{t(`allow.${s}`)}</span>
          {s === 'return' && switchOn(allow, 'return') && (
            <Select
              size="small"
              style={{ minWidth: 180 }}
              value={returnToOf(allow)}
              disabled={readOnly}
              onChange={(to: string) => onChange(withReturnTo(allow, to))}
              options={[
                ...RETURN_KINDS.map((k) => ({ value: k, label: t(`allow.returnTo.${k}`) })),
                ...earlier.filter((e) => !RETURN_KINDS.includes(e.value as never)).map((e) => ({ value: e.value, label: e.label })),
              ]}
              data-testid="flow-allow-returnTo"
            />
          )}
        </div>
      ))}
    </div>
  );
}
