import { describe, expect, it } from "vitest";
import { totalsOf, unsnapshotted } from "./instructions";

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

describe("what is counted for npm start's snapshot", () => {
  it("is the bundle the snapshot was built from, with the other arguments kept", () => {
    expect(unsnapshotted(["--snapshot-blob", "/p/dist/newsfacts.blob"])).toEqual(["/p/dist/newsfacts.js"]);
    expect(unsnapshotted(["--max-old-space-size=200", "--snapshot-blob", "/p/dist/newsfacts.blob", "x"])).toEqual([
      "--max-old-space-size=200",
      "/p/dist/newsfacts.js",
      "x",
    ]);
  });

  it("leaves a plain script as it is", () => {
    expect(unsnapshotted(["/p/dist/main.js"])).toEqual(["/p/dist/main.js"]);
  });
});
