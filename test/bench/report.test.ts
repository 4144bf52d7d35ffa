import { describe, expect, it } from "vitest";
import { median, renderReport, renderScale, renderTargets, type Report } from "./report";

/** A run of two queries where the main table's means and the paired slices disagree on the floor. */
function report(paired: Report["paired"]): Report {
  const result = (server: string, query: string, rps: number) => ({ server, query, rps, requests: rps, p50: 1, p99: 2, failures: 0 });
  return {
    machine: { date: "2026-12-02T18:00:00.000Z", cores: 2, cpu: "test", node: "v20", pinned: true, loadavg: "0", plan: "quick" },
    servers: { uncached: "cache off", mercurius: "Mercurius", naive: "naive" },
    main: ["uncached", "naive", "mercurius"],
    peers: ["mercurius"],
    queries: [
      { name: "lookup", description: "one" },
      { name: "page", description: "two" },
    ],
    // The main table: lookup 0.60×, page 0.90×.
    results: [
      result("uncached", "lookup", 600),
      result("mercurius", "lookup", 1000),
      result("uncached", "page", 900),
      result("mercurius", "page", 1000),
    ],
    startups: {},
    rss: {},
    scale: [],
    ...(paired ? { paired } : {}),
  };
}

const pairs = (query: string, ratios: number[]) => ({
  query,
  server: "uncached",
  against: "mercurius",
  ratios,
  rps: ratios.map((r): [number, number] => [r * 1000, 1000]),
});

const floorLine = (r: Report) => renderTargets(r).find((line) => line.includes("Mercurius + graphql-jit"))!;

describe("the bench report (npm run bench)", () => {
  it("takes the median of an odd and of an even number of values", () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it("checks the floor against the median of the paired slices when the run has them", () => {
    // Pairs say lookup 0.75× (one slow pair does not move the median), page 0.65×: the opposite of the main table.
    const line = floorLine(report([pairs("lookup", [0.74, 0.75, 0.2, 0.76, 0.75]), pairs("page", [0.64, 0.65, 0.66])]));
    expect(line).toContain("median of the paired slices: lookup 0.75×, page 0.65×");
    expect(line).toContain("the floor, at least 0.7× on each: **not met**");
  });

  it("meets the floor only when every query's median of pairs reaches 0.7×", () => {
    const line = floorLine(report([pairs("lookup", [0.7, 0.71, 0.72]), pairs("page", [0.9, 0.95, 0.7])]));
    expect(line).toContain("the floor, at least 0.7× on each: **met**");
    expect(line).toContain("at least 1.0× Mercurius + graphql-jit on every query: **not met**");
  });

  it("falls back to the main table's req/s in a run without pairs", () => {
    const line = floorLine(report(undefined));
    expect(line).toContain("the main table's req/s: lookup 0.60×, page 0.90×");
    expect(line).toContain("**not met**");
  });

  it("prints each query's pairs: median, middle half and range", () => {
    const text = renderReport(report([pairs("lookup", [0.6, 0.7, 0.8, 0.9]), pairs("page", [0.5, 0.5, 0.5, 0.5])]));
    expect(text).toContain("4 pairs of short slices");
    expect(text).toContain("| lookup | 0.75× | 0.60–0.90 | 0.60–0.90 | 750 / 1,000 |");
    expect(text).toContain("| page | 0.50× |");
  });

  it("holds each query whose answer does not grow to 0.8× its 1× rate at the largest size, and leaves out those that grow", () => {
    // The ratio is the median of the paired slices, not the two sizes' req/s, which were measured apart.
    const sample = (rps: number, bytes: number, ratio: number) => ({ rps, cpuUs: 100, ratio, ratios: [ratio], bytes });
    const scaled = (search: number, nested: number) => ({
      ...report(undefined),
      scale: [
        { factor: 1, records: 100, startupMs: 100, rss: 100, queries: { search: sample(1000, 1200, 1), nested: sample(500, 5000, 1) } },
        {
          factor: 1000,
          records: 100000,
          startupMs: 1000,
          rss: 300,
          queries: { search: sample(2000, 1200, search), nested: sample(50, 9000, nested) },
        },
      ],
    });
    const line = (r: Report) => renderTargets(r).find((l) => l.includes("answer does not grow"))!;
    expect(line(scaled(0.85, 0.1))).toContain("**met** (search 0.85×)");
    expect(line(scaled(0.79, 1))).toContain("**not met** (search 0.79×)");
  });

  it("prints the scale stage's cells from the paired ratios, with the CPU per request", () => {
    const text = renderScale([
      { factor: 1, records: 73, startupMs: 500, rss: 110, queries: { lookup: { rps: 9000, cpuUs: 95, ratio: 1, ratios: [], bytes: 300 } } },
      {
        factor: 100,
        records: 7272,
        startupMs: 1400,
        rss: 140,
        queries: { lookup: { rps: 4000, cpuUs: 97, ratio: 0.96, ratios: [0.9, 0.96, 1.1], bytes: 300 } },
      },
    ]).join("\n");
    expect(text).toContain("| 1× | 73 | 500 ms | 110 MB | 9,000 (1.00×, 95 µs CPU, 0.3 KB) |");
    expect(text).toContain("| 100× | 7,272 | 1,400 ms | 140 MB | 4,000 (0.96×, 97 µs CPU, 0.3 KB) |");
  });
});
