/** Logo is the Formloom mark, the same as the favicon. */
export function Logo({ size = 28 }: { size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="7" fill="#1677ff" />
      <path d="M9 8h14v3.2H12.6v3.6h9v3.2h-9V24H9z" fill="#fff" />
    </svg>
  );
}
