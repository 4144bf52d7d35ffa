/** `npm run soak`'s options (tools/soak/soak-options.ts): the run itself is a script, not a test. */
import { describe, expect, it } from "vitest";
import { refusedBodies } from "../../tools/soak/soak-attacks";
import { DEFAULT_ATTACKS, soakOptions, UsageError } from "../../tools/soak/soak-options";
import { DEFAULTS } from "../../src/config";

describe("soakOptions", () => {
  it("defaults to 60 s phases alone and beside each attack, with the bounds of the soak", () => {
    expect(soakOptions([])).toEqual({
      duration: 60,
      warmup: 5,
      connections: 8,
      rate: 200,
      clients: 64,
      p99Bound: 1000,
      p99Ratio: 2,
      rssBound: 300,
      abortRss: 1024,
      attacks: DEFAULT_ATTACKS,
      slowSockets: 2000,
    });
    expect(DEFAULT_ATTACKS).toEqual(["refused", "flood", "introspection", "entities", "slow"]);
  });

  it("takes short durations, a chosen set of attacks, and the environment's duration", () => {
    expect(soakOptions(["--quick"])).toMatchObject({ duration: 15, warmup: 2 });
    expect(soakOptions(["--duration", "5", "--warmup", "0", "--attacks", "refused,flood", "--p99-ratio", "3"])).toMatchObject({
      duration: 5,
      warmup: 0,
      attacks: ["refused", "flood"],
      p99Ratio: 3,
    });
    expect(soakOptions(["--attacks", "none"]).attacks).toEqual([]);
    expect(soakOptions([], { SOAK_DURATION: "20" }).duration).toBe(20);
  });

  it("refuses what it cannot read, naming the option", () => {
    expect(() => soakOptions(["--duration", "soon"])).toThrow(new UsageError("--duration must be a number, got soon"));
    expect(() => soakOptions(["--rss", ""])).toThrow("--rss must be a number");
    expect(() => soakOptions(["--attacks", "flood,__proto__"])).toThrow('--attacks: unknown attack "__proto__"');
    expect(() => soakOptions(["--max-old-space-size", "256"])).toThrow(UsageError);
  });
});

describe("the refused-request attack", () => {
  it("sends bodies within the body limit, so that each is refused for what it asks, not for its size", () => {
    const bodies = refusedBodies();
    expect(bodies.length).toBeGreaterThan(3);
    for (const { name, body } of bodies) expect(Buffer.byteLength(body), name).toBeLessThanOrEqual(DEFAULTS.limits.bodyLimitBytes);
  });
});
