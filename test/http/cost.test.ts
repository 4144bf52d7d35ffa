/**
 * What a query costs, as a client meets it through the server: no answer carries many more bytes
 * per point than a normal query's, however it is written, and a refusal for cost says which
 * connections were counted at their default page and how to fix it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_RATIO, measure, normalBytesPerPoint, probes, table, type Measured, type Post } from "../../tools/bytes-per-point";
import { startServer, type TestServer } from "../helpers";

let server: TestServer;
beforeAll(async () => {
  // The probes send some megabytes of answers, more than one client's budget allows in a minute.
  server = await startServer(undefined, { rateLimit: { points: 0, windowSeconds: 60 } });
});
afterAll(() => server.close());

describe("bytes per point", () => {
  it(`no hostile query gets more than ${MAX_RATIO}× a normal query's bytes per point`, async () => {
    const post: Post = (body) => server.raw({ body });
    const rows: Measured[] = [];
    for (const probe of probes()) rows.push(await measure(post, probe));
    const normal = normalBytesPerPoint(rows);
    const worst = rows.filter((r) => r.hostile).sort((a, b) => b.bytesPerPoint - a.bytesPerPoint)[0]!;
    expect(worst.bytesPerPoint / normal, table(rows)).toBeLessThanOrEqual(MAX_RATIO);
    // The audit's own cases: each scaled to the limit, and each a large answer, so the bound is met by pricing, not by refusing.
    for (const name of ["`_service { sdl }` under aliases", "`_entities`: Source texts", "`nodes(ids:)`: Source IDs, 100 an alias"]) {
      expect(rows.find((r) => r.name === name)?.bytes, name).toBeGreaterThan(200_000);
    }
  }, 60_000);
});

describe("a refusal for cost", () => {
  const ISSUE = `{ countries { nodes { name leaders { nodes { name visits { nodes { hostCountry { name } } } } } } } }`;
  const ONE_MORE = ISSUE.replace("hostCountry { name }", "hostCountry { name sanctionsReceived { nodes { imposer { name } } } }");

  it("names the connections counted at their default page, what each adds, and says to pass first or last", async () => {
    expect((await server.gql(ISSUE)).errors).toBeUndefined();
    const res = await server.gql(ONE_MORE);
    expect(res.status).toBe(400);
    expect(res.data).toBeUndefined();
    const [error] = res.errors!;
    expect(error!.message).toBe(
      "Query cost limit of 25000 exceeded, found 344841. 4 connections have no `first` or `last`, so each is counted at its default page of 20 rows, with what is nested in it: " +
        "`countries` (Query.countries) adds 344841; `countries.nodes.leaders` (Country.leaders) adds 344820; " +
        "`countries.nodes.leaders.nodes.visits` (Leader.visits) adds 344400; " +
        "`countries.nodes.leaders.nodes.visits.nodes.hostCountry.sanctionsReceived` (Country.sanctionsReceived) adds 328000. " +
        "Pass `first` or `last` with the rows you need to each.",
    );
    expect(error!.extensions).toEqual({
      code: "COST_LIMIT_EXCEEDED",
      limit: 25000,
      found: 344841,
      defaultPages: [
        { path: ["countries"], field: "Query.countries", rows: 20, cost: 344841 },
        { path: ["countries", "nodes", "leaders"], field: "Country.leaders", rows: 20, cost: 344820 },
        { path: ["countries", "nodes", "leaders", "nodes", "visits"], field: "Leader.visits", rows: 20, cost: 344400 },
        {
          path: ["countries", "nodes", "leaders", "nodes", "visits", "nodes", "hostCountry", "sanctionsReceived"],
          field: "Country.sanctionsReceived",
          rows: 20,
          cost: 328000,
        },
      ],
    });
    expect(res.extensions).toEqual({ cost: { requestedQueryCost: 344841, maximumQueryCost: 25000, rateLimitPoints: 344841 } });
    // Over the limit with every page sized: nothing to name, the message it always had.
    const sized = `{ ${Array.from({ length: 3 }, (_, i) => `a${i}: countries(first: 100) { nodes { leaders(first: 100) { nodes { name } } } }`).join(" ")} }`;
    expect((await server.gql(sized)).errors).toEqual([
      {
        message: "Query cost limit of 25000 exceeded, found 30603.",
        extensions: { code: "COST_LIMIT_EXCEEDED", limit: 25000, found: 30603 },
      },
    ]);
  });

  it("is answered alike by GET and again, and following it is admitted", async () => {
    const post = await server.raw({ body: { query: ONE_MORE } });
    const again = await server.raw({ body: { query: ONE_MORE } });
    const get = await server.raw({ method: "GET", search: { query: ONE_MORE } });
    expect(again.text).toBe(post.text);
    expect(JSON.parse(get.text)).toEqual(JSON.parse(post.text));
    expect(JSON.parse(get.text).errors[0].extensions.defaultPages.map((p: { field: string }) => p.field)).toEqual([
      "Query.countries",
      "Country.leaders",
      "Leader.visits",
      "Country.sanctionsReceived",
    ]);
    const fixed = ONE_MORE.replace("countries {", "countries(first: 7) {")
      .replace("leaders {", "leaders(first: 5) {")
      .replace("visits {", "visits(first: 5) {")
      .replace("sanctionsReceived {", "sanctionsReceived(first: 3) {");
    const res = await server.gql(fixed);
    expect(res.errors).toBeUndefined();
    expect(res.extensions?.cost).toMatchObject({ requestedQueryCost: 1 + 7 * (1 + 1 + 5 * (1 + 1 + 5 * (1 + 1 + 1 + 3 * (1 + 1)))) });
  });
});
