import { DatePicker, Select, Space } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';

/** The parameters a date condition may compare with instead of a fixed date. */
const DATE_PARAMS = ['@today', '@now'] as const;
const FIXED = 'fixed';

export interface DateValueProps {
  value: unknown;
  onChange: (v: string) => void;
  /** A date and time (ISO), not a day (YYYY-MM-DD). */
  withTime: boolean;
  /** Whether 今天 / 现在 may be chosen, or only a date on the calendar (a show-when condition, which the browser checks as a fixed value). */
  clock: boolean;
}

/**
 * DateValue is a date condition's value: 今天 or 现在, read when the view or widget is shown
 * or the automation runs (`@today` in a filter, `TODAY()` in an expression), or a date picked
 * on a calendar — never a typed "@today" or an ISO string.
 */
export function DateValue({ value, onChange, withTime, clock }: DateValueProps) {
  const { t } = useTranslation('designerQuery');
  const text = typeof value === 'string' ? value : '';
  const param = (DATE_PARAMS as readonly string[]).includes(text) ? text : undefined;
  const parsed = !param && text ? dayjs(text) : undefined;
  const picker = (
    <DatePicker
      showTime={withTime}
      value={parsed?.isValid() ? parsed : null}
      onChange={(d) => onChange(d ? (withTime ? d.toISOString() : d.format('YYYY-MM-DD')) : '')}
      placeholder={t('pickDate')}
      data-testid="condition-date"
    />
  );
  if (!clock) return picker;
  return (
    <Space.Compact>
      <Select
        style={{ minWidth: 96 }}
        value={param ?? FIXED}
        onChange={(v: string) => onChange(v === FIXED ? '' : v)}
        options={[
          { value: '@today', label: t('param.today') },
          { value: '@now', label: t('param.now') },
          { value: FIXED, label: t('param.fixedDate') },
        ]}
        data-testid="condition-date-kind"
      />
      {!param && picker}
    </Space.Compact>
  );
}
