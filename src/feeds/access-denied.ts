import { TailwatchError } from '../errors/tailwatch-error.js';
import type { FeedProvider } from './feed-provider.js';

const AIRPLANES_LIVE_HOST = 'api.airplanes.live';
const RAPIDAPI_HOST = 'adsbexchange-com1.p.rapidapi.com';

/** What the user can do about a refusal, by provider. */
function remedy(provider: FeedProvider): string {
  if (provider.protocol === 'opensky') {
    return (
      'check OPENSKY_CLIENT_ID and OPENSKY_CLIENT_SECRET (feeds.opensky.clientId, feeds.opensky.clientSecret): ' +
      'they are the API client of your OpenSky account page, not your login'
    );
  }
  const host = new URL(provider.baseUrl).hostname;
  if (host === AIRPLANES_LIVE_HOST) {
    return (
      'since August 2026 airplanes.live serves its API only to callers it has approved. Ask airplanes.live for ' +
      `access, or remove ${provider.baseUrl} from FEED_URLS (feeds.urls)`
    );
  }
  if (host === RAPIDAPI_HOST)
    return 'check the RapidAPI key ADSBX_RAPIDAPI_KEY (feeds.rapidApiKey) and its subscription';
  return (
    'it requires an approval or a key that tailwatch was not given. Ask the provider for access, or remove ' +
    `${provider.baseUrl} from FEED_URLS (feeds.urls)`
  );
}

/**
 * A 401/403 from a provider: FEED_ACCESS_DENIED, never retried. The message says who refused and what to do;
 * the other providers are still asked, so the cycle goes on.
 */
export function accessDeniedError(
  provider: FeedProvider,
  status: number,
  where: string,
  details: Record<string, unknown>,
): TailwatchError {
  return new TailwatchError(
    'FEED_ACCESS_DENIED',
    `${where}: HTTP ${status}, access refused: ${remedy(provider)}. ` +
      `The other feed providers are still asked; this one is skipped for the rest of the cycle.`,
    { ...details, status, reason: `HTTP ${status}: access refused` },
  );
}
