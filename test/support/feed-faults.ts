/**
 * Faults the fake feed server can inject on cue. A rule applies to requests whose route path matches
 * `route` (prefix string or RegExp; all requests when absent), skips the first `after` of them, then
 * applies to the next `times` (default: all).
 */
export type FeedFault =
  /** Wait before answering normally (longer than the client's timeout = a timeout). */
  | { kind: 'delay'; ms: number }
  /** An HTTP error status, e.g. 429 with Retry-After, 500/502/503, 404. */
  | { kind: 'status'; status: number; retryAfter?: string; body?: string }
  /** Destroy the socket without answering (connection reset). */
  | { kind: 'reset' }
  /** The first half of the normal JSON, with a Content-Length that matches it. */
  | { kind: 'truncated' }
  /** A body that is not JSON. */
  | { kind: 'malformed' }
  /** Normal rows with fields of the wrong type (default: gs, track, alt_baro, squawk, flight). */
  | { kind: 'wrong-types'; fields?: Record<string, unknown> }
  /** A valid-looking JSON body of this many bytes (default 50 MB), streamed in chunks. */
  | { kind: 'oversized'; bytes?: number }
  /** HTTP 200 with an empty body. */
  | { kind: 'empty' }
  /** A redirect to the given absolute URL. */
  | { kind: 'redirect'; location: string; status?: number };

export interface FaultRule {
  fault: FeedFault;
  route?: string | RegExp;
  after?: number;
  times?: number;
}

export const DEFAULT_WRONG_TYPES: Record<string, unknown> = {
  gs: '450',
  track: 'north',
  alt_baro: 'high',
  squawk: 7500,
  flight: 42,
};

interface ActiveRule {
  rule: FaultRule;
  seen: number;
  applied: number;
}

/** The queue of fault rules; the first rule that matches a request decides its fault. */
export class FaultPlan {
  private rules: ActiveRule[] = [];

  add(rule: FaultRule): void {
    this.rules.push({ rule, seen: 0, applied: 0 });
  }

  clear(): void {
    this.rules = [];
  }

  /** The fault for this request, if any; counts the request against the matching rules. */
  take(routePath: string): FeedFault | null {
    let chosen: FeedFault | null = null;
    for (const active of this.rules) {
      const { route, after = 0, times = Number.POSITIVE_INFINITY } = active.rule;
      const matches =
        route === undefined || (typeof route === 'string' ? routePath.startsWith(route) : route.test(routePath));
      if (!matches) continue;
      active.seen += 1;
      if (chosen !== null || active.seen <= after || active.applied >= times) continue;
      active.applied += 1;
      chosen = active.rule.fault;
    }
    return chosen;
  }
}
