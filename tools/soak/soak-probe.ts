/**
 * Preloaded into the server by `npm run soak` (`node -r .tools/build/tools/soak/soak-probe.js` and what `npm start` runs):
 * sends the server's own memory figures to the soak over the IPC channel the soak opened,
 * once a second. Does nothing in a process started without that channel.
 */
import { getHeapStatistics } from "node:v8";

if (typeof process.send === "function" && process.env.SOAK_PROBE === "1") {
  const timer = setInterval(() => {
    const { rss, heapUsed, heapTotal, external, arrayBuffers } = process.memoryUsage();
    const heapLimit = getHeapStatistics().heap_size_limit;
    // With a callback, a closed channel (the soak gone) is ignored rather than thrown at the server.
    if (process.connected)
      process.send?.(
        { type: "memory", at: Date.now(), rss, heapUsed, heapTotal, heapLimit, external, arrayBuffers },
        undefined,
        undefined,
        () => {},
      );
  }, 1000);
  // Never keeps the server alive, and the channel never holds up its exit.
  timer.unref();
  process.channel?.unref();
}
