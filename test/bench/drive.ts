/** Load with autocannon: 50 connections on loopback, one sample per call. */
import autocannon from "autocannon";
import { bodyOf, type BenchQuery } from "./queries";

export const CONNECTIONS = 50;

export interface Sample {
  rps: number;
  /** Requests answered in the sample. */
  requests: number;
  p50: number;
  p99: number;
  /** Non-2xx answers, connection errors and timeouts: any makes the run invalid. */
  failures: number;
}

/** Autocannon's options for POSTing `query` to a server's /graphql: for `seconds`, or `amount` requests. */
export function loadOf(url: string, query: BenchQuery, until: { seconds: number } | { amount: number; connections: number }) {
  return {
    url: `${url}/graphql`,
    method: "POST" as const,
    headers: { "content-type": "application/json" },
    body: bodyOf(query),
    ...("seconds" in until ? { connections: CONNECTIONS, duration: until.seconds } : until),
  };
}

export async function drive(url: string, query: BenchQuery, seconds: number): Promise<Sample> {
  const result = await autocannon(loadOf(url, query, { seconds }));
  return {
    rps: result.requests.total / result.duration,
    requests: result.requests.total,
    p50: result.latency.p50,
    p99: result.latency.p99,
    failures: result.non2xx + result.errors + result.timeouts,
  };
}

/** Rounds of one cell folded into one row: mean throughput and p50, worst p99. */
export function combine(samples: readonly Sample[]): Sample {
  const mean = (f: (s: Sample) => number) => samples.reduce((sum, s) => sum + f(s), 0) / samples.length;
  return {
    rps: mean((s) => s.rps),
    requests: samples.reduce((sum, s) => sum + s.requests, 0),
    p50: mean((s) => s.p50),
    p99: Math.max(...samples.map((s) => s.p99)),
    failures: samples.reduce((sum, s) => sum + s.failures, 0),
  };
}
