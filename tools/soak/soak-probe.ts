/**
 * Preloaded into the server by `npm run soak` (`node -r .tools/build/tools/soak/soak-probe.js` and what `npm start` runs):
 * sends the server's own memory figures to the soak over the IPC channel the soak opened,
 * once a second. Does nothing in a process started without that channel.
 */
import { getHeapSpaceStatistics, getHeapStatistics, setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";

/** What the probe reports, in bytes: Node's figures, and what each of V8's heap spaces has reserved. */
export interface MemorySample {
  type: "memory";
  at: number;
  rss: number;
  heapUsed: number;
  heapTotal: number;
  heapLimit: number;
  external: number;
  arrayBuffers: number;
  /** Each V8 heap space's committed size (new_space, old_space, large_object_space, code_space, …). */
  spaces: Record<string, number>;
}

/** The soak's request for the live set: a full collection, then a sample answered as `live`. */
export const COLLECT = "collect";

function sample(type: "memory" | "live"): MemorySample | LiveSample {
  const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
  const heapLimit = getHeapStatistics().heap_size_limit;
  const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size]));
  return { type, at: Date.now(), rss, heapUsed, heapTotal, heapLimit, external, arrayBuffers, spaces } as MemorySample | LiveSample;
}

/** A sample taken right after a full collection: its heapUsed is what the server really keeps. */
export type LiveSample = Omit<MemorySample, "type"> & { type: "live" };

if (typeof process.send === "function" && process.env.SOAK_PROBE === "1") {
  // With a callback, a closed channel (the soak gone) is ignored rather than thrown at the server.
  const send = (message: object) => process.connected && process.send?.(message, undefined, undefined, () => {});
  const timer = setInterval(() => send(sample("memory")), 1000);
  // Asked between phases only: a forced collection would change what a phase measures.
  process.on("message", (message) => {
    if (message !== COLLECT) return;
    setFlagsFromString("--expose-gc");
    (runInNewContext("gc") as () => void)();
    send(sample("live"));
  });
  // Never keeps the server alive, and the channel never holds up its exit.
  timer.unref();
  process.channel?.unref();
}
