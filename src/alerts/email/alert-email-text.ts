import type { AlertEmailContent } from './alert-email-content.js';

/** The plain-text part: the headline, each section as aligned "label: value" lines, then the links. Pure. */
export function renderAlertEmailText(
  content: AlertEmailContent,
  attachments: { map: string | null; track: string; kml: string },
  warnings: readonly string[] = [],
): string {
  const lines: string[] = [content.headline, ''];
  for (const section of content.sections) {
    lines.push(section.title.toUpperCase());
    const width = Math.min(20, Math.max(...section.rows.map((r) => r.label.length)));
    for (const row of section.rows) lines.push(`  ${`${row.label}:`.padEnd(width + 2)}${row.value}`);
    lines.push('');
  }
  lines.push('TRACK');
  for (const link of content.links) lines.push(`  ${link.label}: ${link.url}`);
  lines.push(`  Map: ${attachments.map ?? 'not attached'}`);
  lines.push(`  Track: ${attachments.track} (GeoJSON), ${attachments.kml} (Google Earth)`);
  for (const w of warnings) lines.push(`  Note: ${w}`);
  lines.push(
    '',
    '-- ',
    'tailwatch: public ADS-B, reconstructed. Times are UTC; "inferred" means not seen but deduced.',
  );
  return `${lines.join('\n')}\n`;
}
