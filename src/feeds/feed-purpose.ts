/**
 * Why a planned request was made, and so how the aircraft in its response were matched:
 * - watchlist: the airframe is on the watchlist (`/hex/...`);
 * - type: it is of a watched ICAO type (`/type/IL76`), worldwide;
 * - area: it was near a watched airport (`/point/lat/lon/nm`).
 */
export type FeedPurpose = 'watchlist' | 'type' | 'area';

export const FEED_PURPOSES: readonly FeedPurpose[] = ['watchlist', 'type', 'area'];

const RANK: Record<FeedPurpose, number> = { watchlist: 3, type: 2, area: 1 };

/** The stronger of two purposes: a watched airframe stays 'watchlist' even when it also came via type or point. */
export function strongerPurpose(a: FeedPurpose, b: FeedPurpose): FeedPurpose {
  return RANK[a] >= RANK[b] ? a : b;
}

export function isFeedPurpose(value: unknown): value is FeedPurpose {
  return value === 'watchlist' || value === 'type' || value === 'area';
}

/**
 * The purpose a request path implies (adsb.lol names and their ADSBx spellings), or null for a route
 * that says nothing about why it was asked (e.g. `/mil`, `/callsign/...`).
 */
export function purposeFromPath(path: string): FeedPurpose | null {
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
