/**
 * Per-client rate limiting by cost, as GitHub (points per hour) and Shopify
 * (a bucket of cost) do it: each client has `points` to spend in every window
 * of `windowSeconds`, and each request spends its estimated cost (request/cost.ts),
 * whether its answer is computed or replayed from the response cache. A request
 * refused before it runs (parse, validation, variables, limits) spends a floor
 * and a share of the time it held the server (`refusedPointsFor`). The
 * counters are rate-limiter-flexible's, keyed by client address (Fastify's
 * `request.ip`: behind a trusted proxy, the address it forwards): in memory,
 * or in Redis shared by every replica (request/shared-rate-limit.ts).
 *
 * Every answer says where its client stands in the IETF RateLimit fields
 * (draft-ietf-httpapi-ratelimit-headers): `RateLimit-Policy` and `RateLimit`;
 * a refusal is 429 with `Retry-After`.
 */
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";
import { type Config, DEFAULTS } from "../config";

/** Points each client may spend per window (0 turns rate limiting off), and the window in seconds. */
export type RateLimitOptions = Config["rateLimit"];

/** Where a client stands after a request. */
export interface RateLimitState {
  allowed: boolean;
  remaining: number;
  /** Seconds until the window starts again. */
  resetSeconds: number;
}

export const RATE_LIMITED = "RATE_LIMITED";

export const DEFAULT_RATE_LIMIT: Readonly<RateLimitOptions> = Object.freeze({ ...DEFAULTS.rateLimit });

/** The name of the policy in the RateLimit fields. */
const POLICY = "cost";

/** A process's own counters for `options`. */
export function memoryLimiter(options: RateLimitOptions): RateLimiterMemory {
  return new RateLimiterMemory({ points: options.points, duration: options.windowSeconds });
}

export class CostRateLimit {
  /** `limiter` keeps the counters, with `options`' points and window: by default this process's own. */
  constructor(
    readonly options: RateLimitOptions,
    private readonly limiter: RateLimiterAbstract = memoryLimiter(options),
  ) {}

  private state(res: RateLimiterRes, allowed: boolean): RateLimitState {
    return { allowed, remaining: res.remainingPoints, resetSeconds: Math.max(1, Math.ceil(res.msBeforeNext / 1000)) };
  }

  /** Where `client` stands now, spending nothing: a client with nothing left is refused before any work. */
  async peek(client: string): Promise<RateLimitState> {
    const res = await this.limiter.get(client);
    if (!res) return { allowed: true, remaining: this.options.points, resetSeconds: this.options.windowSeconds };
    return this.state(res, res.consumedPoints < this.options.points);
  }

  /** Spends `points` of `client`'s budget; refused, spending nothing, when they are more than it has left. */
  async spend(client: string, points: number): Promise<RateLimitState> {
    const now = await this.peek(client);
    if (now.remaining < points) return { ...now, allowed: false };
    try {
      return this.state(await this.limiter.consume(client, points), true);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return this.state(rejection, false);
      throw rejection;
    }
  }

  /**
   * Spends `points` of `client`'s budget whatever is left: what a refused request has cost already
   * cannot be refused. Its client's next request is refused while the budget is spent.
   */
  async charge(client: string, points: number): Promise<RateLimitState> {
    try {
      return this.state(await this.limiter.consume(client, points), true);
    } catch (rejection) {
      // Spent all the same (the limiter counts what it refuses); the answer is no 429 of its own.
      if (rejection instanceof RateLimiterRes) return this.state(rejection, true);
      throw rejection;
    }
  }

  /** The points a request refused before it ran spends: the floor, and a share of the `elapsedMs` the server worked on it. */
  refusedPointsFor(elapsedMs: number): number {
    return refusedPoints(this.options, elapsedMs);
  }

  /** The RateLimit fields for an answer, and `Retry-After` for a refusal. */
  headers(state: RateLimitState): Record<string, string> {
    return {
      "ratelimit-policy": `"${POLICY}";q=${this.options.points};w=${this.options.windowSeconds}`,
      ratelimit: `"${POLICY}";r=${state.remaining};t=${state.resetSeconds}`,
      ...(state.allowed ? {} : { "retry-after": String(state.resetSeconds) }),
    };
  }

  /** The message a refused client reads. */
  message(state: RateLimitState, points?: number): string {
    const asked = points === undefined ? "" : ` This request costs ${points} points, and ${state.remaining} are left.`;
    return `Rate limit of ${this.options.points} points per ${this.options.windowSeconds} s exceeded.${asked} Retry after ${state.resetSeconds} s.`;
  }
}

/** The introspection cost one point pays for. */
export const INTROSPECTION_PER_POINT = 100;

/** The points a request spends: its estimated cost, introspection at a hundredth, at least 1. */
export function pointsFor(cost: number, introspectionCost: number): number {
  return Math.max(1, cost + Math.ceil(introspectionCost / INTROSPECTION_PER_POINT));
}

/**
 * The points a refused request spends: `refusedPoints`, plus `refusedPointsPerMs` for each
 * millisecond of the server's work on it (rounded up): from when the whole request is in to its answer.
 */
export function refusedPoints(options: Pick<RateLimitOptions, "refusedPoints" | "refusedPointsPerMs">, elapsedMs: number): number {
  return options.refusedPoints + Math.ceil(Math.max(0, elapsedMs) * options.refusedPointsPerMs);
}
