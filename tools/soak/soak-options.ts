/**
 * `npm run soak`'s options (tools/soak/soak.ts), read apart from the run so that a test can read
 * them. A bad option is a UsageError, which the soak reports with exit code 2.
 */
import { parseArgs } from "node:util";
import { ATTACKS, type AttackName } from "./soak-attacks";

export class UsageError extends Error {}

/** The attacks in the order their phases run: the refused requests first, whose bound is the p99 ratio. */
export const DEFAULT_ATTACKS: AttackName[] = ["refused", "flood", "introspection", "entities", "slow"];

export interface SoakOptions {
  /** Seconds of each phase: normal traffic alone, then beside each attack in turn. */
  duration: number;
  /** Seconds of normal traffic first, not measured. */
  warmup: number;
  connections: number;
  /** Normal requests a second, asked for. */
  rate: number;
  clients: number;
  /**
   * Bound on the normal traffic's p99 in any phase, in ms: that no one starves. Valid floods at
   * full speed share the CPU with the normal traffic, so its p99 beside them says what the machine
   * can do more than what the server does wrong.
   */
  p99Bound: number;
  /** Bound on the normal traffic's p99 beside the refused requests, as a multiple of its p99 alone. */
  p99Ratio: number;
  /** Bound on the server's RSS at any sample, in MiB. */
  rssBound: number;
  /** RSS at which the server is killed, in MiB. */
  abortRss: number;
  attacks: AttackName[];
  slowSockets: number;
}

export function soakOptions(args: string[], env: NodeJS.ProcessEnv = {}): SoakOptions {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        quick: { type: "boolean", default: false },
        duration: { type: "string", default: env.SOAK_DURATION },
        warmup: { type: "string", default: env.SOAK_WARMUP },
        connections: { type: "string", default: env.SOAK_CONNECTIONS ?? "8" },
        rate: { type: "string", default: "200" },
        clients: { type: "string", default: "64" },
        p99: { type: "string", default: "1000" },
        "p99-ratio": { type: "string", default: "2" },
        rss: { type: "string", default: "300" },
        "abort-rss": { type: "string", default: "1024" },
        attacks: { type: "string", default: DEFAULT_ATTACKS.join(",") },
        "slow-sockets": { type: "string", default: "2000" },
      },
    }));
  } catch (err) {
    throw new UsageError((err as Error).message);
  }
  const num = (name: string, fallback?: number): number => {
    const value = values[name] as string | undefined;
    const n = value === undefined ? fallback : Number(value);
    if (n === undefined || value === "" || !Number.isFinite(n) || n < 0) throw new UsageError(`--${name} must be a number, got ${value}`);
    return n;
  };
  const list = values.attacks as string;
  const attacks = list === "none" ? [] : list.split(",").map((a) => a.trim());
  for (const a of attacks)
    if (!Object.hasOwn(ATTACKS, a))
      throw new UsageError(`--attacks: unknown attack "${a}" (known: ${Object.keys(ATTACKS).join(", ")}, or none)`);
  const quick = values.quick === true;
  return {
    duration: num("duration", quick ? 15 : 60),
    warmup: num("warmup", quick ? 2 : 5),
    connections: Math.max(1, num("connections")),
    rate: Math.max(1, num("rate")),
    clients: Math.min(254 * 64, Math.max(1, Math.round(num("clients")))),
    p99Bound: num("p99"),
    p99Ratio: num("p99-ratio"),
    rssBound: num("rss"),
    abortRss: num("abort-rss"),
    attacks: attacks as AttackName[],
    slowSockets: num("slow-sockets"),
  };
}
