import { printable } from '../shared/printable-text.js';

/** Longest reason kept: a summary lists one per provider. */
const MAX_REASON_LENGTH = 100;

/** A failure as a summary lists it: the provider, its error code, and why in a few words. */
export interface ProviderFailure {
  provider: string;
  code: string;
  reason: string;
}

/** A reason made safe to print and short (it may quote what a server or the resolver said). */
export function shortReason(text: string): string {
  const clean = printable(text).replace(/\s+/g, ' ').trim();
  return clean.length > MAX_REASON_LENGTH ? `${clean.slice(0, MAX_REASON_LENGTH - 3)}...` : clean;
}

const TLS_CODE = /^(ERR_TLS_|ERR_SSL_|EPROTO$)|CERT|SELF_SIGNED|UNABLE_TO_(VERIFY|GET)|SSL|TLS/;

/**
 * Why a request got no answer at the network level, from the system's error code and message: DNS, refused,
 * reset, TLS or another network error, with the code (and what the system said) in brackets.
 */
export function networkReason(code: unknown, message: string): string {
  const name = typeof code === 'string' ? code : null;
  const said = message.trim() === '' ? '' : `: ${message}`;
  if (name === 'ENOTFOUND' || name === 'EAI_AGAIN' || name === 'EAI_NODATA')
    return shortReason(`DNS: host not found (${name}${said})`);
  if (name === 'ECONNREFUSED') return shortReason(`connection refused (${name}${said})`);
  if (name === 'ECONNRESET' || name === 'EPIPE') return shortReason(`connection reset (${name})`);
  if (name === 'EHOSTUNREACH' || name === 'ENETUNREACH') return shortReason(`host unreachable (${name})`);
  if (name !== null && TLS_CODE.test(name)) return shortReason(`TLS: ${name}${said}`);
  return shortReason(`network error (${name ?? 'no code'}${said})`);
}

/**
 * The reason of a feed error: the one it was given where it arose (`details.reason`, see feed-http-request.ts),
 * else what its message says after the request's name, up to the first sentence break.
 */
export function feedFailureReason(error: { message: string; details?: Readonly<Record<string, unknown>> }): string {
  const given = error.details?.reason;
  if (typeof given === 'string' && given !== '') return shortReason(given);
  const afterWhere = error.message.replace(/^\S+ \/\S*: /, ''); // `provider /path: `
  return shortReason(afterWhere.split(/; |\. /)[0] ?? afterWhere);
}
