/**
 * Trims a text field; empty strings become null. A NUL character, which PostgreSQL text cannot hold
 * (one would fail the whole cycle or import), becomes U+FFFD; everything else is kept verbatim.
 */
export function cleanText(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = (value.includes('\u0000') ? value.replace(/\u0000/g, '\uFFFD') : value).trim();
  return trimmed === '' ? null : trimmed;
}
