/**
 * UTC renderings of data times (epoch ms) for subjects, bodies and map labels. Pure: never the clock.
 */

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** "2025-10-29" */
export function formatUtcDate(ms: number): string {
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
}

/** "14:05Z" */
export function formatUtcClock(ms: number): string {
  const d = new Date(ms);
  return `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}Z`;
}

/** "2025-10-29 14:05Z" */
export function formatUtcMinute(ms: number): string {
  return `${formatUtcDate(ms)} ${formatUtcClock(ms)}`;
}

/** "2025-10-29T14:05:07Z" (GeoJSON properties). */
export function formatUtcIso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** "3 h 20 min", "45 min", "under 1 min", "2 d 4 h". */
export function formatDuration(ms: number): string {
  const minutes = Math.round(ms / 60_000);
  if (minutes < 1) return 'under 1 min';
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  if (hours > 0) return mins > 0 ? `${hours} h ${mins} min` : `${hours} h`;
  return `${mins} min`;
}
