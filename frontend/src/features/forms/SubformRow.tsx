import { getTemplate, getUiOptions, type ArrayFieldItemTemplateProps } from '@rjsf/utils';
import { Space } from 'antd';
import { cloneElement, createElement, isValidElement, type ReactElement } from 'react';

/**
 * SubformRow lays out one sub-form row: its fields take the row's whole width and its buttons
 * sit under them, at the right, on a desktop as on a phone — the library's own row keeps a
 * 120px button column and a 24px gutter, which leaves a phone's row a narrow strip, and a
 * row with only a remove button would otherwise put it beside the fields while one with move
 * buttons puts them underneath.
 *
 * The row's header ("议题-1") carries no required star: a row is not a field a person can
 * leave out; the star stays on the sub-form's label and on its required columns.
 */
export function SubformRow(props: ArrayFieldItemTemplateProps) {
  const { children, buttonsProps, hasToolbar, index, registry, uiSchema } = props;
  const Buttons = getTemplate('ArrayFieldItemButtonsTemplate', registry, getUiOptions(uiSchema));
  const row = isValidElement(children) ? cloneElement(children as ReactElement<{ required?: boolean }>, { required: false }) : children;
  return (
    <div className="fl-subform-row" data-testid={`subform-row-${index}`}>
      <div className="fl-subform-row-fields">{row}</div>
      {hasToolbar && (
        <Space.Compact className="fl-subform-row-buttons">
          {/* The registry's template is one component for the whole form, not made anew here. */}
          {createElement(Buttons, buttonsProps)}
        </Space.Compact>
      )}
    </div>
  );
}
