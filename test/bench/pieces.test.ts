/** `npm run bench -- --pieces` measures real pieces by real settings, and counts their lines as code. */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { allSettings } from "../../src/config";
import { linesOfCode, PIECES, renderPieces, ROOM, settingsKey } from "./pieces";

const ROOT = path.resolve(__dirname, "..", "..");

describe("the speed path's pieces", () => {
  it("name files of the room, and settings of config.ts", () => {
    const envs = new Set(allSettings().map((s) => s.env));
    for (const piece of PIECES) {
      for (const file of piece.files) expect(existsSync(path.join(ROOT, file)), file).toBe(true);
      for (const name of Object.keys({ ...piece.on, ...piece.off })) expect(envs.has(name), name).toBe(true);
      expect(settingsKey(piece.on), piece.name).not.toBe(settingsKey(piece.off));
    }
  });

  it("cover every file of the room but its seam and the cache policy, which has no setting to turn it off", () => {
    const measured = new Set(PIECES.flatMap((p) => p.files));
    const rest = readdirSync(path.join(ROOT, ROOM)).filter((file) => !measured.has(`${ROOM}/${file}`));
    expect(rest.sort()).toEqual(["cache-policy.ts", "index.ts"]);
  });

  it("count lines of code: neither blank nor comments", () => {
    const text = [
      "/**",
      " * Why.",
      " */",
      "import x from 'y';",
      "",
      "// why",
      "const a = 1; // a",
      "  /* one */ const b = 2;",
      "/* a",
      "b */",
    ].join("\n");
    expect(linesOfCode(text)).toBe(3);
  });

  it("print what a piece buys as the ratio of its medians over the peer", () => {
    const table = renderPieces(
      [{ piece: "response cache", lines: 120, query: "lookup", on: [3, 2.9, 3.1], off: [1, 1.5, 0.5] }],
      "Mercurius",
    );
    expect(table).toContain("| response cache | 120 | lookup | 3.00× | 2.90–3.10 | 1.00× | 0.50–1.50 | 3.00× |");
  });
});
