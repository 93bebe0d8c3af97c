/** One option of a generated form's select: the value RJSF encodes and its label. */
export interface ChoiceOption {
  value: unknown;
  label: string;
}

/** ChoiceProps is how a generated form's select is offered. */
export interface ChoiceProps {
  /** Only the real choices: never a blank first option that looks like a value. */
  options: { key: string; value: string; label: string; desc?: string; search: string }[];
  /** A field that is not required is emptied with an explicit clear button (×). */
  allowClear: boolean;
}

/**
 * choiceProps turns RJSF's enum options into what the select shows. RJSF's own widget puts
 * a blank option first whenever the field has no default, required or not; here a required
 * select has no way back to empty, and an optional one is cleared with its clear button,
 * which stores nothing (the field is left out), not an empty string.
 */
export function choiceProps(enumOptions: readonly ChoiceOption[] | undefined, required: boolean, multiple: boolean, descriptions?: readonly string[]): ChoiceProps {
  return {
    // A description (a member's departments) is shown under the label and searched with it:
    // typing 财务 finds the finance department's people.
    options: (enumOptions ?? []).map((o, i) => {
      const desc = descriptions?.[i] || undefined;
      return { key: String(i), value: String(i), label: o.label, desc, search: desc ? `${o.label} ${desc}` : o.label };
    }),
    allowClear: !required || multiple,
  };
}

/** choiceValue is the stored value of the option picked at index (RJSF's index encoding); undefined when cleared. */
export function choiceValue(enumOptions: readonly ChoiceOption[] | undefined, picked: string | string[] | undefined | null, multiple: boolean): unknown {
  const at = (i: string) => enumOptions?.[Number(i)]?.value;
  if (multiple) {
    const list = Array.isArray(picked) ? picked : [];
    return list.length === 0 ? undefined : list.map(at).filter((v) => v !== undefined);
  }
  if (picked === undefined || picked === null || picked === '' || Array.isArray(picked)) return undefined;
  return at(picked);
}

/** choiceIndex is the index (as RJSF's options encode it) of the stored value, for the select to show. */
export function choiceIndex(enumOptions: readonly ChoiceOption[] | undefined, value: unknown, multiple: boolean): string | string[] | undefined {
  const find = (v: unknown) => {
    const i = (enumOptions ?? []).findIndex((o) => o.value === v);
    return i < 0 ? undefined : String(i);
  };
  if (multiple) return Array.isArray(value) ? value.map(find).filter((v): v is string => v !== undefined) : [];
  return value === undefined || value === null || value === '' ? undefined : find(value);
}
