/** The bench's reading of CPU profiles: self-time per function, only inside the load's window, per request. */
import { describe, expect, it } from "vitest";
import { type CpuProfile, topFunctions } from "./profile";

const frame = (functionName: string, url: string, lineNumber: number) => ({ functionName, url, lineNumber });

// Samples at 1000 + 100, 200, ... µs: two before the window, four inside, two after.
const PROFILE: CpuProfile = {
  nodes: [
    { id: 1, callFrame: frame("(root)", "", -1) },
    { id: 2, callFrame: frame("execute", "file:///app/node_modules/graphql/execution/execute.js", 9) },
    { id: 3, callFrame: frame("main", "file:///app/dist/main.js", 0) },
    { id: 4, callFrame: frame("", "file:///app/dist/newsfacts.js", 41) },
  ],
  startTime: 1000,
  samples: [3, 3, 2, 2, 4, 2, 3, 3],
  timeDeltas: [100, 100, 100, 100, 100, 100, 100, 100],
};

describe("topFunctions", () => {
  it("counts only the samples inside the window, by self-time, per request", () => {
    const top = topFunctions(PROFILE, 1250, 1650, 10);
    expect(top).toEqual([
      { name: "execute graphql/execution/execute.js:10", share: 0.75, perRequestUs: 30 },
      { name: "(anonymous) dist/newsfacts.js:42", share: 0.25, perRequestUs: 10 },
    ]);
  });

  it("keeps the n largest", () => {
    expect(topFunctions(PROFILE, 0, 10_000, 1, 1)).toEqual([{ name: "main dist/main.js:1", share: 0.5, perRequestUs: 400 }]);
  });
});
