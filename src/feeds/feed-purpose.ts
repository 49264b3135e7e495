import type { MatchedBy } from '../shared/matched-by.js';

/*
 * Why a planned request was made decides how the aircraft in its response were matched, so a request's
 * purpose is a MatchedBy (shared/matched-by.ts): `/hex/...` is 'watchlist', `/type/T` is 'type',
 * `/point/lat/lon/nm` is 'area'.
 */

const RANK: Record<MatchedBy, number> = { watchlist: 3, type: 2, area: 1 };

/** The stronger of two purposes: a watched airframe stays 'watchlist' even when it also came via type or point. */
export function strongerPurpose(a: MatchedBy, b: MatchedBy): MatchedBy {
  return RANK[a] >= RANK[b] ? a : b;
}

/**
 * The purpose a request path implies (adsb.lol names and their ADSBx spellings), or null for a route
 * that says nothing about why it was asked (e.g. `/mil`, `/callsign/...`).
 */
export function purposeFromPath(path: string): MatchedBy | null {
  const route = path.replace(/^\/+/, '').split('/')[0]?.toLowerCase() ?? '';
  switch (route) {
    case 'hex':
    case 'icao':
    case 'reg':
    case 'registration':
      return 'watchlist';
    case 'type':
      return 'type';
    case 'point':
    case 'lat':
      return 'area';
    default:
      return null;
  }
}
