/**
 * Escapes text for HTML element content and double- or single-quoted attribute values: the five
 * characters that can end a text run or an attribute (& < > " '), as OWASP recommends. Every value
 * interpolated into the alert HTML goes through this. Pure.
 */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ENTITIES[c]!);
}
