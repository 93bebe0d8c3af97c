import { useTranslation } from 'react-i18next';

/** useDateTime formats an ISO time as a date and a time in the reader's language ('' when there is none or it does not parse). */
export function useDateTime() {
  const { i18n } = useTranslation();
  return (v?: string) => {
    if (!v) return '';
    const d = new Date(v);
    return Number.isNaN(d.getTime()) ? '' : new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }).format(d);
  };
}
