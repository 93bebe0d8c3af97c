import { Button, Form, Input, InputNumber, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { metaOf } from '../settings/schema';
import { problemAt, type PanelProps } from '../settings/panel';
import { buildPattern, DATE_PARTS, DEFAULT_PARTS, MAX_DIGITS, MIN_DIGITS, parsePattern, patternOk, prefixOk, preview, type DatePart, type SerialParts } from './model';

const DATE_WORDS: Record<DatePart, 'none' | 'year' | 'month' | 'day' | 'shortDay'> = { '': 'none', '{yyyy}': 'year', '{yyyy}{MM}': 'month', '{yyyy}{MM}{dd}': 'day', '{yy}{MM}{dd}': 'shortDay' };

/**
 * SerialSettings builds the number format from a prefix, a date part and the digits of the
 * sequence, with the next number as it will read. A format written by hand that these cannot
 * show is kept and shown as it is until the designer chooses to replace it.
 */
export function SerialSettings({ property, onReplace, problems }: PanelProps) {
  const { t } = useTranslation();
  const meta = metaOf(property);
  const pattern = typeof meta.pattern === 'string' ? meta.pattern : '';
  const parts = parsePattern(pattern);
  // The prefix as typed: one with braces stays here, marked, and is not written.
  const [typed, setTyped] = useState(parts?.prefix ?? '');
  const [shown, setShown] = useState(pattern);
  if (pattern !== shown) {
    setShown(pattern);
    if (parts) setTyped(parts.prefix);
  }
  const write = (p: SerialParts) => onReplace({ ...property, 'x-formloom': { ...meta, pattern: buildPattern(p) } });
  const bad = !patternOk(pattern) || problemAt(problems, '/x-formloom/pattern');
  const next = preview(pattern, new Date());
  const previewItem = (
    <Form.Item label={t('serial.preview', { ns: 'designers' })} validateStatus={bad ? 'error' : undefined} help={bad ? t('serial.bad', { ns: 'designers' }) : undefined}>
      <Typography.Text strong data-testid="serial-preview">
        {next || '—'}
      </Typography.Text>
    </Form.Item>
  );
  if (!parts) {
    return (
      <>
        <Form.Item label={t('serial.custom', { ns: 'designers' })} data-testid="serial-custom">
          <Space direction="vertical">
            <Typography.Text code data-testid="serial-pattern">
              {pattern}
            </Typography.Text>
            <Button size="small" onClick={() => write(DEFAULT_PARTS)} data-testid="serial-replace">
              {t('serial.replace', { ns: 'designers' })}
            </Button>
          </Space>
        </Form.Item>
        {previewItem}
      </>
    );
  }
  const prefixBad = !prefixOk(typed);
  return (
    <>
      <Form.Item label={t('serial.prefix', { ns: 'designers' })} validateStatus={prefixBad ? 'error' : undefined} help={prefixBad ? t('serial.prefixBad', { ns: 'designers' }) : undefined}>
        <Input
          value={typed}
          onChange={(e) => {
            setTyped(e.target.value);
            if (prefixOk(e.target.value)) write({ ...parts, prefix: e.target.value });
          }}
          data-testid="serial-prefix"
        />
      </Form.Item>
      <Space wrap align="start">
        <Form.Item label={t('serial.date', { ns: 'designers' })} extra={t('serial.dateHint', { ns: 'designers' })} style={{ minWidth: 200 }}>
          <Select
            value={parts.date}
            options={DATE_PARTS.map((d) => ({ value: d, label: t(`serial.dates.${DATE_WORDS[d]}`, { ns: 'designers' }) }))}
            onChange={(date: DatePart) => write({ ...parts, date })}
            data-testid="serial-date"
          />
        </Form.Item>
        <Form.Item label={t('serial.digits', { ns: 'designers' })} extra={t('serial.digitsHint', { ns: 'designers' })}>
          <InputNumber
            min={MIN_DIGITS}
            max={MAX_DIGITS}
            precision={0}
            value={parts.digits}
            onChange={(v) => {
              if (typeof v === 'number' && v >= MIN_DIGITS && v <= MAX_DIGITS) write({ ...parts, digits: v });
            }}
            data-testid="serial-digits"
          />
        </Form.Item>
      </Space>
      {previewItem}
    </>
  );
}
