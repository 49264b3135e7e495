import { describe, expect, it } from 'vitest';
import { createLogger } from '../../src/log/create-logger.js';

/** A log sink that keeps what was written. */
function sink(): { write(text: string): void; text(): string } {
  const chunks: string[] = [];
  return { write: (text: string) => void chunks.push(text), text: () => chunks.join('') };
}

// What a hostile feed or file can put in a callsign, a registration or a provider's error text: clear the
// screen, set the window title (OSC), 8-bit CSI, a C1 control, a bell, a carriage return to overwrite the line,
// a backspace, DEL and a bidi override.
const HOSTILE = 'AZS\u001b[2J\u001b]0;owned\u0007\u009b31m\u0085\u0007\rX\b\u007f\u202eEND';
const CONTROLS_BUT_NEWLINE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;
/** pino-pretty's own colours: SGR sequences, ESC [ digits m. */
const SGR = /\u001b\[[0-9;]*m/g;

function logHostile(format: 'pretty' | 'json', colorize = false): string {
  const out = sink();
  const logger = createLogger({ level: 'info', format, destination: out, colorize });
  logger.info({ callsign: HOSTILE, nested: { [`key${HOSTILE}`]: [HOSTILE] } }, `sighting ${HOSTILE}`);
  logger.child({ provider: HOSTILE }).warn(new Error(`feed said ${HOSTILE}`), 'request failed');
  return out.text();
}

describe('the logs print no control characters from feed or file text', () => {
  it('filters escape sequences and C0/C1 controls from messages, fields, keys, bindings and errors', () => {
    const text = logHostile('pretty');
    expect(text).toContain('sighting AZS');
    expect(text).toContain('callsign');
    expect(text).toContain('request failed');
    expect(text).toContain('feed said AZS');
    expect(text).not.toContain('\u001b');
    expect(text).not.toMatch(CONTROLS_BUT_NEWLINE);
    expect(text).not.toMatch(/[\u202a-\u202e]/);
    // Something visibly stood where a control was.
    expect(text).toContain('\uFFFD');
    // Newlines stay: one line per entry at least, and the error's stack on lines of its own.
    expect(text.split('\n').length).toBeGreaterThan(3);
  });

  it('in colour, the only escape sequences are the colours pino-pretty adds', () => {
    const text = logHostile('pretty', true);
    expect(text).toMatch(SGR);
    const withoutColours = text.replace(SGR, '');
    expect(withoutColours).not.toContain('\u001b');
    expect(withoutColours).not.toMatch(CONTROLS_BUT_NEWLINE);
  });

  it('the JSON format keeps the text as it came, escaped, C1 and bidi controls included', () => {
    const text = logHostile('json');
    expect(text).not.toMatch(CONTROLS_BUT_NEWLINE);
    expect(text).not.toMatch(/[\u202a-\u202e]/);
    expect(text).toContain('\\u009b31m');
    const first = JSON.parse(text.split('\n')[0]!) as { callsign: string; msg: string };
    expect(first.callsign).toBe(HOSTILE);
    expect(first.msg).toBe(`sighting ${HOSTILE}`);
  });
});
