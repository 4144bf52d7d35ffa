/** The heap cap a process was started with, read from its flags as V8 reads them (src/heap.ts). */
import { describe, expect, it } from "vitest";
import { heapMismatch, oldSpaceFlagOf } from "../src/heap";

describe("oldSpaceFlagOf", () => {
  it("reads --max-old-space-size from the command line over NODE_OPTIONS, the last one winning, 0 as none", () => {
    expect(oldSpaceFlagOf([])).toBeNull();
    expect(oldSpaceFlagOf(["--max-old-space-size=256", "--snapshot-blob", "x.blob"])).toBe(256);
    expect(oldSpaceFlagOf(["--max_old_space_size=128"])).toBe(128);
    expect(oldSpaceFlagOf([], "--max-old-space-size=300 -r probe.js")).toBe(300);
    expect(oldSpaceFlagOf(["--max-old-space-size=200"], "--max-old-space-size=300")).toBe(200);
    expect(oldSpaceFlagOf(["--max-old-space-size=200", "--max-old-space-size=0"])).toBeNull();
    expect(oldSpaceFlagOf(["--max-semi-space-size=16"])).toBeNull();
  });
});

describe("heapMismatch", () => {
  it("is null when the process runs under the cap HEAP_MB gives, and says how to start it otherwise", () => {
    expect(heapMismatch(256, { heapLimitMb: 304, oldSpaceMb: 256 })).toBeNull();
    expect(heapMismatch(0, { heapLimitMb: 4144, oldSpaceMb: null })).toBeNull();
    expect(heapMismatch(256, { heapLimitMb: 4144, oldSpaceMb: null })).toBe(
      "HEAP_MB is 256 but this process runs with no heap cap: start it with node --max-old-space-size=256 (npm start does, from the HEAP_MB of its build)",
    );
    expect(heapMismatch(0, { heapLimitMb: 304, oldSpaceMb: 256 })).toBe(
      "HEAP_MB is 0 but this process runs with --max-old-space-size=256: start it without --max-old-space-size (npm start does, from the HEAP_MB of its build)",
    );
  });
});
