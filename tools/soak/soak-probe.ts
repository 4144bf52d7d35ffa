/**
 * Preloaded into the server by `npm run soak` (`node -r .tools/build/tools/soak/soak-probe.js` and what `npm start` runs):
 * sends the server's own memory figures to the soak over the IPC channel the soak opened,
 * once a second. Does nothing in a process started without that channel.
 */
import { getHeapSpaceStatistics, getHeapStatistics } from "node:v8";

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

if (typeof process.send === "function" && process.env.SOAK_PROBE === "1") {
  const timer = setInterval(() => {
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    const heapLimit = getHeapStatistics().heap_size_limit;
    const spaces = Object.fromEntries(getHeapSpaceStatistics().map((s) => [s.space_name, s.space_size]));
    const sample: MemorySample = { type: "memory", at: Date.now(), rss, heapUsed, heapTotal, heapLimit, external, arrayBuffers, spaces };
    // With a callback, a closed channel (the soak gone) is ignored rather than thrown at the server.
    if (process.connected) process.send?.(sample, undefined, undefined, () => {});
  }, 1000);
  // Never keeps the server alive, and the channel never holds up its exit.
  timer.unref();
  process.channel?.unref();
}
