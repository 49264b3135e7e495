import type { AlertEmailContent } from './alert-email-content.js';
import { escapeHtml } from './html-escape.js';

/**
 * The HTML part: inline styles only, no scripts and no remote resources; the map is referenced by
 * `cid:`. Every interpolated value goes through escapeHtml (attributes are always double-quoted). Pure.
 */
export function renderAlertEmailHtml(
  content: AlertEmailContent,
  map: { cid: string; width: number; height: number } | null,
  warnings: readonly string[] = [],
): string {
  const e = escapeHtml;
  const cell = 'padding:3px 10px 3px 0;vertical-align:top;';
  const sections = content.sections
    .map(
      (s) =>
        `<h3 style="margin:18px 0 6px;font-size:15px;color:#333;">${e(s.title)}</h3>\n` +
        `<table style="border-collapse:collapse;font-size:14px;">\n${s.rows
          .map(
            (r) =>
              `<tr><td style="${cell}color:#666;white-space:nowrap;">${e(r.label)}</td>` +
              `<td style="${cell}">${e(r.value)}</td></tr>`,
          )
          .join('\n')}\n</table>`,
    )
    .join('\n');
  const image = map
    ? `<p style="margin:16px 0;"><img src="cid:${e(map.cid)}" width="${map.width}" height="${map.height}"` +
      ' alt="Map of the leg: seen track solid red, dark stretches dashed"' +
      ' style="max-width:100%;height:auto;border:1px solid #ccc;"></p>'
    : '<p style="margin:16px 0;color:#666;">No map for this alert.</p>';
  const links = content.links.map((l) => `<li><a href="${e(l.url)}">${e(l.label)}</a></li>`).join('\n');
  const notes = warnings.map((w) => `<p style="color:#a05a00;font-size:13px;">${e(w)}</p>`).join('\n');
  return [
    '<!DOCTYPE html>',
    `<html><head><meta charset="utf-8"><title>${e(content.headline)}</title></head>`,
    '<body style="font-family:Arial,Helvetica,sans-serif;color:#1d1d1d;max-width:860px;margin:0 auto;padding:12px;">',
    `<p style="font-size:17px;font-weight:bold;margin:8px 0 4px;">${e(content.headline)}</p>`,
    image,
    sections,
    '<h3 style="margin:18px 0 6px;font-size:15px;color:#333;">Track</h3>',
    '<ul style="font-size:14px;margin:0;padding-left:20px;">',
    links,
    '</ul>',
    `<p style="font-size:13px;color:#666;">The leg's track is attached as GeoJSON ` +
      '(dark stretches have <code>"dark": true</code>).</p>',
    notes,
    '<p style="font-size:12px;color:#888;margin-top:24px;">tailwatch: public ADS-B, reconstructed. ' +
      'Times are UTC; "inferred" means not seen but deduced.</p>',
    '</body></html>',
    '',
  ].join('\n');
}
