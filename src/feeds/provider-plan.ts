import { hexBatchSize, type PlannedRequest } from './feed-query-plan.js';
import type { FeedProvider } from './feed-provider.js';

const HEX_ROUTE = '/hex/';

/**
 * Whether a provider can answer a planned request. The ADSBx-v2 APIs answer every route tailwatch plans;
 * OpenSky answers `/hex/` (as `icao24=` filters) and `/point/` (as a bounding box cut to the circle), but
 * has no aircraft types, so never `/type/`.
 */
export function providerSupports(provider: FeedProvider, request: Pick<PlannedRequest, 'path'>): boolean {
  if (provider.protocol === 'adsbx-v2') return true;
  return request.path.startsWith(HEX_ROUTE) || request.path.startsWith('/point/');
}

/**
 * The plan as one provider is asked it when every provider is asked (fan-out): the watchlist hexes of
 * the plan's `/hex/` requests batched again for this provider's own limits (adsb.lol takes far longer
 * paths than the strictest provider), then the other requests it supports, in plan order; area requests
 * only when `provider.areaRequests`. Pure.
 */
export function planForProvider(plan: readonly PlannedRequest[], provider: FeedProvider): PlannedRequest[] {
  const hexes: string[] = [];
  const seen = new Set<string>();
  for (const request of plan) {
    if (request.purpose !== 'watchlist' || request.hexes === undefined) continue;
    for (const hex of request.hexes) {
      if (seen.has(hex)) continue;
      seen.add(hex);
      hexes.push(hex);
    }
  }
  const own: PlannedRequest[] = [];
  if (hexes.length > 0 && providerSupports(provider, { path: HEX_ROUTE })) {
    const batch = hexBatchSize(provider.limits);
    for (let start = 0; start < hexes.length; start += batch) {
      const chunk = hexes.slice(start, start + batch);
      own.push({ path: `${HEX_ROUTE}${chunk.join(',')}`, purpose: 'watchlist', hexes: chunk });
    }
  }
  for (const request of plan) {
    if (request.purpose === 'watchlist' && request.hexes !== undefined) continue;
    if (request.purpose === 'area' && !provider.areaRequests) continue;
    if (providerSupports(provider, request)) own.push(request);
  }
  return own;
}
