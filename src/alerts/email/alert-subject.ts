import type { AlertEmailInput } from '../alert-email-input.js';
import { itemHeadline } from './alert-headline.js';
import { oneLine, safeHex } from './safe-text.js';
import { formatUtcMinute } from './utc-time-format.js';

/**
 * The subject line, e.g. "[tailwatch] RA-78765 IL76 Aviacon Zitotrans departed Havana (MUHA) 2025-10-29 14:05Z",
 * "[tailwatch] unlisted IL76 0d0f1e landed at Havana (MUHA) 2025-10-29 18:40Z", with " (+N more)" when an
 * email folds several items. Every untrusted part is made one line and cut to a field limit, so the
 * whole never holds CR/LF or another control character and stays under SUBJECT_MAX_LENGTH. Pure.
 */
export const SUBJECT_MAX_LENGTH = 200;

export function buildAlertSubject(input: AlertEmailInput): string {
  const { airframe } = input;
  const first = input.items[0];
  const type = oneLine(airframe.typeCode, 8);
  let who: string;
  if (airframe.listed) {
    who = [oneLine(airframe.registration, 16) || safeHex(airframe.hex), type, oneLine(airframe.operator, 48)]
      .filter((p) => p !== '')
      .join(' ');
  } else {
    who = ['unlisted', type || 'aircraft', safeHex(airframe.hex)].join(' ');
  }
  const what = first ? `${itemHeadline(first, input)} ${formatUtcMinute(first.at)}` : 'alert';
  const more = input.items.length > 1 ? ` (+${input.items.length - 1} more)` : '';
  return oneLine(`[tailwatch] ${who} ${what}${more}`, SUBJECT_MAX_LENGTH);
}
