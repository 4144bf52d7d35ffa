/** The heap cap a process was started with, read from its flags as V8 reads them (src/heap.ts). */
import { describe, expect, it } from "vitest";
import { heapFlags, heapMismatch, oldSpaceFlagOf, sizeFlagOf } from "../src/heap";

describe("oldSpaceFlagOf", () => {
  it("reads --max-old-space-size from the command line over NODE_OPTIONS, the last one winning, 0 as none", () => {
    expect(oldSpaceFlagOf([])).toBeNull();
    expect(oldSpaceFlagOf(["--max-old-space-size=256", "--snapshot-blob", "x.blob"])).toBe(256);
    expect(oldSpaceFlagOf(["--max_old_space_size=128"])).toBe(128);
    expect(oldSpaceFlagOf([], "--max-old-space-size=300 -r probe.js")).toBe(300);
    expect(oldSpaceFlagOf(["--max-old-space-size=200"], "--max-old-space-size=300")).toBe(200);
    expect(oldSpaceFlagOf(["--max-old-space-size=200", "--max-old-space-size=0"])).toBeNull();
    expect(oldSpaceFlagOf(["--max-semi-space-size=16"])).toBeNull();
    expect(sizeFlagOf("max-semi-space-size", ["--max-old-space-size=256", "--max_semi_space_size=4"])).toBe(4);
  });
});

describe("heapFlags", () => {
  it("gives each cap as V8's flag, and none for 0", () => {
    expect(heapFlags(256, 4)).toEqual(["--max-old-space-size=256", "--max-semi-space-size=4"]);
    expect(heapFlags(0, 4)).toEqual(["--max-semi-space-size=4"]);
    expect(heapFlags(0, 0)).toEqual([]);
  });
});

describe("heapMismatch", () => {
  it("is null when the process runs under the caps HEAP_MB and HEAP_SEMI_SPACE_MB give, and says how to start it otherwise", () => {
    expect(heapMismatch(256, 4, { heapLimitMb: 268, oldSpaceMb: 256, semiSpaceMb: 4 })).toBeNull();
    expect(heapMismatch(0, 0, { heapLimitMb: 4144, oldSpaceMb: null, semiSpaceMb: null })).toBeNull();
    expect(heapMismatch(256, 4, { heapLimitMb: 4144, oldSpaceMb: null, semiSpaceMb: null })).toBe(
      "HEAP_MB is 256 and HEAP_SEMI_SPACE_MB 4 but this process runs with no heap cap: start it with node --max-old-space-size=256 --max-semi-space-size=4 (npm start does, from the settings of its build)",
    );
    expect(heapMismatch(256, 4, { heapLimitMb: 304, oldSpaceMb: 256, semiSpaceMb: null })).toBe(
      "HEAP_MB is 256 and HEAP_SEMI_SPACE_MB 4 but this process runs with --max-old-space-size=256: start it with node --max-old-space-size=256 --max-semi-space-size=4 (npm start does, from the settings of its build)",
    );
    expect(heapMismatch(0, 0, { heapLimitMb: 304, oldSpaceMb: 256, semiSpaceMb: null })).toBe(
      "HEAP_MB is 0 and HEAP_SEMI_SPACE_MB 0 but this process runs with --max-old-space-size=256: start it without --max-old-space-size or --max-semi-space-size (npm start does, from the settings of its build)",
    );
  });
});
