/**
 * A record of an imported file (watchlist or airports) that could not be imported. Importers are pure
 * (text in, results out) and never throw on bad input: a bad row becomes a RejectedRow and the rest
 * still import.
 */

/** A row that could not be imported. `reason` says what is wrong and what is expected. */
export interface RejectedRow {
  line: number; // 1-based physical line number where the record starts
  reason: string;
  text: string; // the record as written (trimmed and cut to MAX_REJECTED_TEXT characters)
}

/** Rejected text is cut to this length so one huge broken record cannot flood a report. */
export const MAX_REJECTED_TEXT = 300;

export function rejectedRow(line: number, reason: string, text: string): RejectedRow {
  const trimmed = text.trim();
  const cut = trimmed.length > MAX_REJECTED_TEXT ? `${trimmed.slice(0, MAX_REJECTED_TEXT)}…` : trimmed;
  return { line, reason, text: detached(cut) };
}

/**
 * A copy of a string that holds none of the text it was cut from: V8 keeps the whole parent string of a
 * substring alive, and the text of a rejected row is cut from a chunk of a file read as a stream.
 */
function detached(text: string): string {
  return Array.from(text).join('');
}
