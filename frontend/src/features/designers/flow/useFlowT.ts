import { useTranslation } from 'react-i18next';

/** Translate takes keys built at run time (types.approval, mode.any …) of the flow namespace. */
export type FlowT = (key: string, opts?: Record<string, unknown>) => string;

/** useFlowT is useTranslation('flow') with keys that may be built from node types and modes. */
export function useFlowT(): { t: FlowT; i18n: ReturnType<typeof useTranslation>['i18n'] } {
  const { t, i18n } = useTranslation('flow');
  return { t: t as unknown as FlowT, i18n };
}
