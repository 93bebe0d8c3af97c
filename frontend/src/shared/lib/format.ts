/** formatDate shows an API timestamp as a date in the UI language ("" when absent or invalid). */
export function formatDate(value: string | undefined, language: string): string {
  if (!value) return '';
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) return '';
  return new Intl.DateTimeFormat(language, { year: 'numeric', month: 'short', day: 'numeric' }).format(d);
}

/** absoluteUrl turns the server's "/setup/<token>" into a link that can be sent by mail or chat. */
export function absoluteUrl(url: string, origin: string): string {
  try {
    return new URL(url, origin).toString();
  } catch {
    return url;
  }
}
