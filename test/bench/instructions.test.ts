import { describe, expect, it } from "vitest";
import { totalsOf } from "./instructions";

describe("callgrind counts (npm run bench -- --instructions)", () => {
  it("reads the totals line, not the summary of what was collected at dump time", () => {
    const out = "version: 1\ncmd: node dist/main.js\nevents: Ir\nsummary: 0\n\nfl=(1) ???\n0 12\ntotals: 245943846\n";
    expect(totalsOf(out)).toBe(245943846);
  });

  it("has no count for a file callgrind has not finished writing", () => {
    expect(totalsOf("")).toBeNull();
    expect(totalsOf("version: 1\nevents: Ir\nsummary: 0\n")).toBeNull();
  });
});
