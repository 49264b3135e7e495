import type { DigestContent, DigestLeg } from '../../store/digest-content.js';
import type { RenderedEmail } from '../alert-email-input.js';
import { escapeHtml } from '../email/html-escape.js';
import { oneLine, safeHex } from '../email/safe-text.js';
import { formatUtcMinute } from '../email/utc-time-format.js';
import { DIGEST_MAP_HEIGHT, DIGEST_MAP_WIDTH, renderDigestMap } from './render-digest-map.js';

/**
 * The daily digest email: a subject with the day's counts; the legs that touched watched airports; the
 * transponder gaps by verdict; the watched airframes seen, with where they were last; and a small map of
 * all the legs (inline PNG). Text and HTML say the same. Every feed or file string is flattened, escaped
 * and has its links defanged (safe-text.ts). Pure apart from drawing the map.
 */

interface Table {
  title: string;
  headers: string[];
  rows: string[][];
  empty: string;
}

const who = (r: { registration: string | null; hex: string; typeCode: string | null }) =>
  [oneLine(r.registration, 16) || safeHex(r.hex), oneLine(r.typeCode, 8)].filter((x) => x !== '').join(' ');

function legEnd(airport: string | null, inferred: boolean): string {
  return airport ? `${oneLine(airport, 8)}${inferred ? ' (inferred)' : ''}` : '?';
}

function legRow(l: DigestLeg): string[] {
  return [
    who(l),
    oneLine(l.operator, 40),
    legEnd(l.departureAirport, l.departureInferred),
    formatUtcMinute(l.departedAt ?? l.firstSeenAt),
    legEnd(l.arrivalAirport, l.arrivalInferred),
    formatUtcMinute(l.arrivedAt ?? l.lastSeenAt),
    l.status,
    l.gapCount === 0 ? '0' : `${l.gapCount} (${l.minutesDark} min)`,
  ];
}

function tables(content: DigestContent): Table[] {
  return [
    {
      title: 'Legs at watched airports',
      headers: ['Airframe', 'Operator', 'From', 'Departed', 'To', 'Arrived / last seen', 'Status', 'Gaps'],
      rows: content.legs.map(legRow),
      empty: 'No leg touched a watched airport.',
    },
    {
      title: 'Transponder gaps',
      headers: ['Verdict', 'Gaps', 'Longest'],
      rows: content.gaps.map((g) => [g.verdict, String(g.count), `${g.longestMin} min`]),
      empty: 'No gap started.',
    },
    {
      title: 'Watched airframes seen',
      headers: ['Airframe', 'Operator', 'Last seen', 'Where', 'Altitude', 'Leg'],
      rows: content.airframes.map((a) => [
        who(a),
        oneLine(a.operator, 40),
        formatUtcMinute(a.lastSeenAt),
        `${a.lat.toFixed(3)}, ${a.lon.toFixed(3)}`,
        a.onGround ? 'ground' : a.altFt === null ? '?' : `${a.altFt} ft`,
        a.status,
      ]),
      empty: 'No watched airframe was seen.',
    },
  ];
}

export function digestSubject(content: DigestContent): string {
  const gaps = content.gaps.reduce((sum, g) => sum + g.count, 0);
  return (
    `[tailwatch] daily digest ${content.day}: ${content.legs.length} legs at watched airports, ` +
    `${gaps} gaps, ${content.airframes.length} airframes seen`
  );
}

function text(content: DigestContent, mapName: string): string {
  const lines = [
    `tailwatch daily digest: ${formatUtcMinute(content.windowStart)} to ` +
      `${formatUtcMinute(content.windowEnd)} (data time)`,
    '',
  ];
  for (const t of tables(content)) {
    lines.push(t.title.toUpperCase());
    if (!t.rows.length) lines.push(`  ${t.empty}`);
    for (const row of t.rows) lines.push(`  ${row.filter((c) => c !== '').join(' | ')}`);
    lines.push('');
  }
  lines.push(`Map: ${mapName}`, '', '-- ', 'tailwatch: public ADS-B, reconstructed. Times are UTC.');
  return `${lines.join('\n')}\n`;
}

function html(content: DigestContent, cid: string): string {
  const e = escapeHtml;
  const cell = 'style="padding:3px 8px;border-bottom:1px solid #ddd;text-align:left;"';
  const parts = [
    '<!doctype html><html><head><meta charset="utf-8"><title>tailwatch daily digest</title></head>',
    '<body style="font-family:sans-serif;font-size:14px;color:#1d1d1d;">',
    `<h2>tailwatch daily digest ${e(content.day)}</h2>`,
    `<p>${e(formatUtcMinute(content.windowStart))} to ${e(formatUtcMinute(content.windowEnd))} (data time)</p>`,
    `<img src="cid:${e(cid)}" width="${DIGEST_MAP_WIDTH}" height="${DIGEST_MAP_HEIGHT}" alt="map of the day's legs">`,
  ];
  for (const t of tables(content)) {
    const id = t.title.toLowerCase().replace(/[^a-z]+/g, '-');
    parts.push(`<h3>${e(t.title)}</h3>`);
    if (!t.rows.length) {
      parts.push(`<p id="${id}">${e(t.empty)}</p>`);
      continue;
    }
    parts.push(`<table id="${id}" style="border-collapse:collapse;">`);
    parts.push(`<tr>${t.headers.map((h) => `<th ${cell}>${e(h)}</th>`).join('')}</tr>`);
    for (const row of t.rows) parts.push(`<tr>${row.map((c) => `<td ${cell}>${e(c)}</td>`).join('')}</tr>`);
    parts.push('</table>');
  }
  parts.push('<p style="color:#666;font-size:12px;">tailwatch: public ADS-B, reconstructed. Times are UTC.</p>');
  parts.push('</body></html>');
  return parts.join('\n');
}

export async function renderDigestEmail(content: DigestContent): Promise<RenderedEmail> {
  const mapName = `tailwatch-digest-${content.day}-map.png`;
  const cid = `digest-map-${content.day}@tailwatch`;
  const map = await renderDigestMap(content);
  return {
    subject: digestSubject(content),
    text: text(content, mapName),
    html: html(content, cid),
    attachments: [{ filename: mapName, content: map, contentType: 'image/png', cid }],
  };
}
