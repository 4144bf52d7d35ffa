import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../helpers";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const NESTED = `query Nested($first: Int) {
  countries(first: $first) { nodes {
    name
    leaders(first: 5) { nodes {
      name
      country { code }
      visits(first: 5) { nodes {
        date { iso }
        visitor { name }
        receivedBy { name }
        hostCountry { name
          sanctionsReceived(first: 3) { nodes { imposer { code } licenses { licensee { name } } citations { source { id } } } }
        }
      } }
    } }
  } }
}`;

async function batchesFor(first: number) {
  server.batches.clear();
  const res = await server.gql(NESTED, { first });
  expect(res.errors).toBeUndefined();
  return { res, batches: Object.fromEntries([...server.batches].sort()) };
}

describe("DataLoader batching", () => {
  it("costs one batch per (level, relation) for a nested query, however many rows it walks", async () => {
    const small = await batchesFor(1);
    const large = await batchesFor(7);
    const rows = (r: typeof small.res) => JSON.stringify(r.data).length;
    expect(rows(large.res)).toBeGreaterThan(rows(small.res));

    // One batch per level and relation: loaders of one level share a tick, so
    // visit.visitor and visit.receivedBy (both leaders by id, level 4) are one batch.
    expect(large.batches).toEqual({
      "leaders.country": 1, // country.leaders (level 2)
      "visits.visitor": 1, // leader.visits (level 3)
      "countries.byId": 3, // leader.country (3), visit.hostCountry (4), sanction.imposer (6)
      "leaders.byId": 1, // visit.visitor + visit.receivedBy (4)
      "sanctions.target": 1, // country.sanctionsReceived (5)
      "organizations.byId": 1, // license.licensee (6)
      "sources.byId": 1, // citation.source (6)
    });
    // The count depends on the query's shape, not on how many rows it returns.
    expect(small.batches).toEqual(large.batches);
  });
});
