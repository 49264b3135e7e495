/**
 * Strings from feeds and files (callsign, registration, operator, reason, airport names) are untrusted.
 * `oneLine` makes them a single printable line: every control character (C0, DEL, C1), line and paragraph
 * separator, and bidi override becomes a space, runs of blanks collapse, links are defanged, and the result
 * is cut to `maxLength` characters with an ellipsis. So "\r\nBcc: x@y" can never start a header line, and
 * a link planted in an operator's name is never clickable. Pure.
 */

// C0 controls, DEL, C1 controls, zero-width and bidi controls (which can disguise text), line/paragraph separators.
const UNSAFE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028-\u202e\u2066-\u2069\ufeff]/g;

/**
 * Links in untrusted text, defanged the way OSINT reports do, so no mail client makes them clickable:
 * `https://evil.example/x` becomes `hxxps[://]evil[.]example/x`, `www.evil.example` becomes
 * `www[.]evil[.]example`, and a bare domain (`evil.example`, `x@evil.example`) gets `[.]` for its dots.
 * A name with a dot and a space after it ("St. John's") is left alone. Idempotent.
 */
export function defangLinks(text: string): string {
  return text
    .replace(/\b([a-z][a-z0-9+.-]*):\/\//gi, (_, scheme: string) => `${scheme.replace(/^http/i, 'hxxp')}[://]`)
    .replace(/\b(?:[a-z0-9-]+\.)+[a-z]{2,24}\b/gi, (host) => host.replace(/\./g, '[.]'));
}

export function oneLine(value: string | null | undefined, maxLength = 200): string {
  if (value === null || value === undefined) return '';
  const flat = defangLinks(value.replace(UNSAFE, ' ').replace(/\s+/g, ' ').trim());
  if (flat.length <= maxLength) return flat;
  return `${[...flat]
    .slice(0, Math.max(1, maxLength - 1))
    .join('')
    .trimEnd()}…`;
}

/** A hex for links and file names: only the 6 hex digits survive (anything else would be feed garbage). */
export function safeHex(value: string): string {
  const hex = value
    .toLowerCase()
    .replace(/[^0-9a-f]/g, '')
    .slice(0, 6);
  return hex === '' ? 'unknown' : hex;
}
