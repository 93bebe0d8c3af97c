import type { WidgetProps } from '@rjsf/utils';
import { DatePicker, Grid, Input, Select } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { choiceIndex, choiceProps, choiceValue, type ChoiceOption } from './choice';
import { AttachmentWidget } from './AttachmentWidget';
import { RelationWidget } from './RelationWidget';
import { SignatureWidget } from './SignatureWidget';
import '../../shared/i18n/pickerLocale';

/**
 * On a phone (below antd's md breakpoint) pickers open as sheets along the bottom of the
 * screen, full width, with thumb-sized rows (enduser.css, `.fl-sheet`), attached to the
 * page body so that no drawer or modal clips them.
 */
function usePhone(): boolean {
  const screens = Grid.useBreakpoint();
  return screens.md === false;
}

const SHEET = { popup: { root: 'fl-sheet' } };
const toBody = () => document.body;

/**
 * ChoiceWidget replaces RJSF's select for generated forms: only the real options (no blank
 * first choice pretending to be a value), an explicit clear button on optional fields that
 * stores nothing, search over the labels (members by name), a bottom sheet on phones.
 */
export function ChoiceWidget({ id, options, value, required, disabled, readonly, multiple, placeholder, onChange, onBlur, onFocus }: WidgetProps) {
  const { t } = useTranslation('enduser');
  const phone = usePhone();
  const enumOptions = options.enumOptions as ChoiceOption[] | undefined;
  const descriptions = Array.isArray(options.descriptions) ? (options.descriptions as string[]) : undefined;
  const { options: items, allowClear } = choiceProps(enumOptions, !!required, !!multiple, descriptions);
  const shown = choiceIndex(enumOptions, value, !!multiple);
  return (
    <Select
      id={id}
      data-testid={`choice-${id}`}
      mode={multiple ? 'multiple' : undefined}
      style={{ width: '100%' }}
      options={items}
      value={shown}
      allowClear={allowClear}
      showSearch
      optionFilterProp="search"
      optionRender={descriptions ? (o) => <ChoiceLine label={String(o.label)} desc={(o.data as { desc?: string }).desc} /> : undefined}
      placeholder={placeholder || t('choose')}
      disabled={disabled || readonly}
      onChange={(next: string | string[] | undefined) => onChange(choiceValue(enumOptions, next, !!multiple))}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
      classNames={phone ? SHEET : undefined}
      getPopupContainer={phone ? toBody : (node: HTMLElement) => node.parentElement ?? document.body}
      listHeight={phone ? 320 : 256}
      virtual={!phone}
      popupMatchSelectWidth={!phone}
    />
  );
}

/** ChoiceLine is an option with its description beside it, quieter (王磊 · 销售部). */
function ChoiceLine({ label, desc }: { label: string; desc?: string }) {
  return (
    <span className="fl-choice-line">
      <span>{label}</span>
      {desc && <span className="fl-choice-desc">{desc}</span>}
    </span>
  );
}

/** DateWidget: a date (or date and time) picker that opens as a bottom sheet on phones, without the keyboard. */
export function DateWidget(props: WidgetProps & { showTime?: boolean }) {
  const { id, value, disabled, readonly, placeholder, onChange, onBlur, onFocus, required, showTime = false } = props;
  const phone = usePhone();
  const { t } = useTranslation('enduser');
  return (
    <DatePicker
      id={id}
      style={{ width: '100%' }}
      showTime={showTime}
      value={value ? dayjs(value as string) : undefined}
      allowClear={!required}
      // antd's own placeholder says "select date" also when the time is asked for too.
      placeholder={placeholder || (showTime ? t('chooseDateTime') : undefined)}
      disabled={disabled || readonly}
      inputReadOnly={phone}
      onChange={(d) => onChange(d ? (showTime ? d.toISOString() : d.format('YYYY-MM-DD')) : undefined)}
      onBlur={() => onBlur(id, value)}
      onFocus={() => onFocus(id, value)}
      classNames={phone ? SHEET : undefined}
      getPopupContainer={phone ? toBody : (node: HTMLElement) => node.parentElement ?? document.body}
    />
  );
}

export function DateTimeWidget(props: WidgetProps) {
  return <DateWidget {...props} showTime />;
}

/** The widgets generated forms use instead of RJSF's antd ones, the relation picker, the uploader and the signature pad. */
/** withScheme completes an address typed or pasted without its scheme (meeting.tencent.com/dm/1) as https. */
export function withScheme(v: string): string {
  const t = v.trim();
  if (t === '' || /^[a-z][a-z0-9+.-]*:/i.test(t)) return t;
  return `https://${t.replace(/^\/+/, '')}`;
}

/**
 * UrlWidget is a web address field. An address without http:// or https:// (as people paste
 * them from a chat) is completed with https:// when the field is left, instead of refused.
 */
export function UrlWidget({ id, value, required, disabled, readonly, placeholder, onChange, onBlur, onFocus }: WidgetProps) {
  const text = typeof value === 'string' ? value : '';
  return (
    <Input
      id={id}
      type="url"
      inputMode="url"
      value={text}
      required={required}
      disabled={disabled || readonly}
      placeholder={placeholder || 'https://'}
      onChange={(e) => onChange(e.target.value === '' ? undefined : e.target.value)}
      onFocus={() => onFocus(id, text)}
      onBlur={() => {
        const done = withScheme(text);
        if (done !== text) onChange(done === '' ? undefined : done);
        onBlur(id, done);
      }}
    />
  );
}

export const formWidgets = { SelectWidget: ChoiceWidget, DateWidget, DateTimeWidget, RelationWidget, AttachmentWidget, SignatureWidget, UrlWidget };
