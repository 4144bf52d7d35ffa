/**
 * Node IDs: decoding an ID the API has issued takes a remembered answer (graph/shapes/ids.ts), which must
 * be the answer decoding it from scratch gives, for every ID a client could send back or make up.
 */
import { toGlobalId } from "graphql-relay";
import { describe, expect, it } from "vitest";
import { TABLES } from "../../src/facts/tables";
import { nodeId, tryDecodeId } from "../../src/graph/shapes/ids";
import { seededRandom } from "../fuzz/query-generator";

describe("Node IDs", () => {
  it("decode to the same answer before and after the API has issued them", () => {
    const next = seededRandom(14);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!;
    const typenames = [...Object.values(TABLES).map((t) => t.typename), "Nope", "country", "Country:x", ""];
    const alphabet = "abz09-_:A é🙂=/+";
    const seen = new Set<string>();
    for (let i = 0; i < 2000; i++) {
      const length = 1 + Math.floor(next() * 12);
      let localId = "";
      for (let j = 0; j < length; j++) localId += next() < 0.7 ? pick([..."abcdefghij0123456789-"]) : pick([...alphabet]);
      const typename = pick(typenames);
      const id = toGlobalId(typename, localId);
      // A few IDs made up from issued ones: one character changed, padding added or dropped.
      const variants = [id, `${id}=`, id.replace(/=+$/, ""), id.slice(0, -1) + pick([..."AQgw="]), ` ${id}`];
      if (seen.has(id)) continue;
      seen.add(id);
      const before = variants.map((v) => tryDecodeId(v));
      expect(nodeId(typename, localId)).toBe(id);
      const after = variants.map((v) => tryDecodeId(v));
      expect(after, `${typename} ${JSON.stringify(localId)}`).toEqual(before);
    }
  });

  it("decode an issued ID to its table, type and local id", () => {
    const id = nodeId("Leader", "ebrahim-raisi");
    expect(tryDecodeId(id)).toEqual({ table: "leaders", typename: "Leader", localId: "ebrahim-raisi" });
    expect(tryDecodeId(nodeId("Leader", "Not Valid"))).toBeNull();
  });
});
