/**
 * How an aircraft was matched, which is why it was fetched (the purpose of the request that found it):
 * - watchlist: the airframe is on the watchlist (`/hex/...`);
 * - type: it is of a watched ICAO type (`/type/IL76`), worldwide;
 * - area: it was near a watched airport (`/point/lat/lon/nm`).
 * Stored as `matched_by` (positions, legs).
 */
export type MatchedBy = 'watchlist' | 'type' | 'area';

export const MATCHED_BY: readonly MatchedBy[] = ['watchlist', 'type', 'area'];
