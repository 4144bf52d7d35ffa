import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { normalizeName } from "../../src/facts/search";
import { startServer, type TestServer } from "../helpers";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const NAMES = `__typename ... on Country { name } ... on Leader { name } ... on Organization { name } ... on Tour { name } ... on Agreement { name } ... on Event { name }`;

async function search(query: string, first?: number): Promise<string[]> {
  const res = await server.gql(`query($q: String!, $first: Int) { search(query: $q, first: $first) { ${NAMES} } }`, { q: query, first });
  expect(res.errors).toBeUndefined();
  return res.data!.search.map((r: { __typename: string; name: string }) => `${r.__typename}:${r.name}`);
}

describe("normalizeName", () => {
  it("drops case, accents and punctuation", () => {
    expect(normalizeName("Nicolás  MADURO!")).toBe("nicolas maduro");
    expect(normalizeName("U.S.")).toBe("u s");
    expect(normalizeName("Amir-Abdollahian")).toBe("amir abdollahian");
  });
});

describe("search", () => {
  it("finds names case- and accent-insensitively, on partial words", async () => {
    expect(await search("maduro")).toEqual(["Leader:Nicolas Maduro", "Event:talks between Maduro's government and the opposition"]);
    expect(await search("Nicolás")).toEqual(["Leader:Nicolas Maduro"]);
    expect(await search("irna")).toEqual(["Organization:Irna"]);
    expect(await search("opec")).toEqual(["Organization:OPEC"]);
    expect(await search("abdol")).toEqual(["Leader:Hossein Amir-Abdollahian"]);
  });

  it("finds the names a source uses, not the words that only stand for a country's government", async () => {
    expect(await search("u.s.")).toEqual(["Country:United States"]);
    // "Washington granted…", "according to Tehran": cities standing for governments are mentions, not names.
    expect(await search("Washington")).toEqual([]);
    expect(await search("tehran")).toEqual([]);
    expect(await search("south american")).toEqual([]);
  });

  it("ranks an exact name first, then prefixes, word prefixes and substrings", async () => {
    const russia = await search("russia");
    expect(russia[0]).toBe("Country:Russia");
    expect(russia.slice(1)).toEqual(["Event:Russia's war on Ukraine"]);
    expect(await search("iran")).toEqual(["Country:Iran"]);
    const venez = await search("venez");
    expect(venez[0]).toBe("Country:Venezuela");
    expect(venez.slice(1)).toEqual([
      "Event:Venezuela's political and economic crisis",
      "Event:global efforts to solve Venezuela's political and economic crisis",
    ]);
  });

  it("limits results with first, 1 to 100", async () => {
    expect(await search("a", 2)).toHaveLength(2);
    for (const first of [0, -1, 101]) {
      const res = await server.gql(`query($first: Int) { search(query: "a", first: $first) { __typename } }`, { first });
      expect(res.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentName: "first" });
    }
  });

  it("refuses a query with nothing to match", async () => {
    const res = await server.gql(`{ search(query: " ?! ") { __typename } }`);
    expect(res.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentName: "query" });
    expect(await search("zzzz")).toEqual([]);
  });
});
