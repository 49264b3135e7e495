/**
 * Removes credentials from URLs and RapidAPI keys, wherever they appear in a string. Everything between
 * a scheme's `://` and the last `@` after it on the same line (and before the next `scheme://`) is
 * masked, user name included: a password may hold `/`, `:`, `@` or spaces when it is not URL-encoded
 * (postgres://user:pa/ss word@host becomes postgres://***@host). Redact before truncating, never after:
 * a cut can remove the `@` that shows where the password ends.
 */
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]*:\/\/)(?:(?![a-z][a-z0-9+.-]*:\/\/)[^\n])*@/gi;
const PASSWORD_PARAM = /([?&](?:password|pass|key|apikey|api_key)=)[^&\s]*/gi;

export function redactSecrets(text: string): string {
  return text.replace(URL_CREDENTIALS, '$1***@').replace(PASSWORD_PARAM, '$1***');
}

/** Deeply redacts every string inside a value (for log objects). Leaves non-plain objects alone. */
export function redactValue(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactSecrets(value);
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (value instanceof Error) {
    return {
      type: value.name,
      message: redactSecrets(value.message),
      stack: value.stack ? redactSecrets(value.stack) : undefined,
      code: (value as { code?: unknown }).code,
    };
  }
  if (Array.isArray(value)) return value.map((item) => redactValue(item, depth + 1));
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    out[key] = /password|secret|apikey|api_key/i.test(key) ? '***' : redactValue(child, depth + 1);
  }
  return out;
}
