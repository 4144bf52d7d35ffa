/**
 * The cost rate limit shared by replicas: the counters live in Redis
 * (rate-limiter-flexible's RateLimiterRedis over ioredis), so a client has one
 * budget however many replicas serve it, and a replica that restarts finds
 * its clients' counters where it left them.
 *
 * While Redis cannot be reached, each replica counts in its own memory
 * (the limiter's insurance limiter) with the same points and window: the API
 * keeps serving, each client bounded per replica, instead of refusing everyone
 * because a shared counter is away. The change is logged once each way.
 */
import { Redis } from "ioredis";
import { RateLimiterRedis } from "rate-limiter-flexible";
import { CostRateLimit, memoryLimiter, type RateLimitOptions } from "./rate-limit";

/** Where the change between shared and per-process counters is told. */
export interface RateLimitLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface SharedRateLimit {
  rateLimit: CostRateLimit;
  /** Disconnects from Redis (when the server closes). */
  close(): void;
}

/** Keys of the counters in Redis, so that other applications can share the same Redis. */
const KEY_PREFIX = "newsfacts:cost";
/** A Redis slower than this counts as away for that request: the request is not kept waiting on it. */
const COMMAND_TIMEOUT_MS = 500;

export function sharedRateLimit(options: RateLimitOptions, redisUrl: string, log: RateLimitLog): SharedRateLimit {
  // Only host and port are logged: the URL may hold a password.
  const redis = { host: new URL(redisUrl).host };
  const client = new Redis(redisUrl, {
    // Commands are never queued while Redis is away, nor retried: the insurance limiter answers at once.
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: 2000,
    // Reconnects forever, at most a second apart, so that the counters are shared again soon after Redis is back.
    retryStrategy: (attempt) => Math.min(attempt * 100, 1000),
  });
  let shared: boolean | null = null;
  let closing = false;
  const away = (reason: string) => {
    if (closing || shared === false) return;
    shared = false;
    log.warn(
      { redis, reason },
      "rate limit: Redis cannot be reached; this process counts each client's points on its own until it is back",
    );
  };
  client.on("ready", () => {
    if (shared === true) return;
    log.info({ redis }, shared === null ? "rate limit: counters shared in Redis" : "rate limit: Redis is back; counters shared again");
    shared = true;
  });
  // ioredis reports every failed attempt to connect as an error: the first one is logged.
  client.on("error", (err: Error) => away(err.message));
  client.on("close", () => away("connection closed"));

  const limiter = new RateLimiterRedis({
    storeClient: client,
    keyPrefix: KEY_PREFIX,
    points: options.points,
    duration: options.windowSeconds,
    rejectIfRedisNotReady: true,
    insuranceLimiter: memoryLimiter(options),
  });
  return {
    rateLimit: new CostRateLimit(options, limiter),
    close: () => {
      closing = true;
      client.disconnect();
    },
  };
}
