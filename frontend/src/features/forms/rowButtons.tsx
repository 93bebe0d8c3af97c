import { PlusOutlined } from '@ant-design/icons';
import { englishStringTranslator, TranslatableString, type IconButtonProps } from '@rjsf/utils';
import { Button } from 'antd';
import type { TFunction } from 'i18next';

/**
 * rjsfStrings translates the few texts the form library writes itself — the titles of a
 * sub-form's row buttons, which screen readers announce — into the page's language; the
 * rest of its texts are never shown (its own error list is off, and labels come from the
 * template).
 */
export function rjsfStrings(t: TFunction<'enduser'>) {
  const own: Partial<Record<TranslatableString, string>> = {
    [TranslatableString.AddItemButton]: t('rows.add'),
    [TranslatableString.AddButton]: t('rows.add'),
    [TranslatableString.RemoveButton]: t('rows.remove'),
    [TranslatableString.MoveUpButton]: t('rows.up'),
    [TranslatableString.MoveDownButton]: t('rows.down'),
    [TranslatableString.CopyButton]: t('rows.copy'),
    [TranslatableString.ClearButton]: t('rows.clear'),
  };
  return (s: TranslatableString, params?: string[]) => own[s] ?? englishStringTranslator(s, params);
}

/**
 * AddRowButton adds a row to a sub-form: a dashed full-width button that says so, where the
 * library's own is an unlabeled blue icon a person has to guess at.
 */
export function AddRowButton({ onClick, disabled, id, className, registry }: IconButtonProps) {
  return (
    <Button type="dashed" block icon={<PlusOutlined />} onClick={onClick} disabled={disabled} id={id} className={className}>
      {registry.translateString(TranslatableString.AddItemButton)}
    </Button>
  );
}
