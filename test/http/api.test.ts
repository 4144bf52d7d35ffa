import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer, nodeId as id } from "../helpers";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

describe("lookups", () => {
  it("finds a country by ISO code, case-insensitively, and by Node ID", async () => {
    const byCode = await server.gql(`{ country(code: "ve") { id name code region } }`);
    expect(byCode.data!.country).toEqual({ id: id("Country", "venezuela"), name: "Venezuela", code: "VE", region: "South America" });
    const byId = await server.gql(`query($id: ID) { country(id: $id) { name } }`, { id: byCode.data!.country.id });
    expect(byId.data!.country).toEqual({ name: "Venezuela" });
    const none = await server.gql(`{ country(code: "FR") { name } }`);
    expect(none.errors).toBeUndefined();
    expect(none.data!.country).toBeNull();
  });

  it("asks for exactly one of id and code", async () => {
    const res = await server.gql(`{ country { name } }`);
    expect(res.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT" });
  });

  it("resolves any node by ID, keeps order in nodes, and gives null for an ID of nothing", async () => {
    const res = await server.gql(
      `query($ids: [ID!]!) { nodes(ids: $ids) { __typename id ... on Leader { name } ... on Organization { name } } }`,
      {
        ids: [id("Organization", "opec"), id("Leader", "nicolas-maduro"), id("Leader", "hugo-chavez")],
      },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.nodes).toEqual([
      { __typename: "Organization", id: id("Organization", "opec"), name: "OPEC" },
      { __typename: "Leader", id: id("Leader", "nicolas-maduro"), name: "Nicolas Maduro" },
      null,
    ]);
  });

  it("refuses malformed IDs and IDs of another type with BAD_USER_INPUT", async () => {
    for (const bad of ["", "123", "not base64!", id("Planet", "mars"), id("Leader", "Bad Id"), `${id("Leader", "nicolas-maduro")}=`]) {
      const res = await server.gql(`query($id: ID!) { node(id: $id) { id } }`, { id: bad });
      expect(res.errors?.[0]?.extensions, bad).toMatchObject({ code: "BAD_USER_INPUT", argumentName: "id" });
    }
    const foreign = await server.gql(`query($id: ID!) { leader(id: $id) { name } }`, { id: id("Country", "iran") });
    expect(foreign.errors![0]!.message).toMatch(/must be the ID of a Leader, but .* is the ID of a Country/);
  });

  it("takes at most 100 ids in nodes", async () => {
    const ids = Array.from({ length: 101 }, () => id("Country", "iran"));
    const res = await server.gql(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids });
    expect(res.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentName: "ids" });
  });
});

describe("lists, filters and pagination", () => {
  it("pages through countries with cursors and a total count", async () => {
    const q = `query($after: String) { countries(first: 3, after: $after) { totalCount pageInfo { hasNextPage endCursor } nodes { code } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: { data?: any } = await server.gql(q, { after });
      const page: any = res.data!.countries;
      expect(page.totalCount).toBe(7);
      seen.push(...page.nodes.map((n: { code: string }) => n.code));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(["IR", "VE", "CU", "NI", "US", "RU", "UA"]);
  });

  it("refuses bad pagination arguments with BAD_USER_INPUT", async () => {
    for (const args of ["first: -1", "first: 101", "last: 0", "first: 1, last: 1", 'after: "x"']) {
      const res = await server.gql(`{ visits(${args}) { totalCount } }`);
      expect(res.errors?.[0]?.extensions?.code, args).toBe("BAD_USER_INPUT");
    }
    const nested = await server.gql(`{ countries(first: 1) { nodes { visitsHosted(first: 500) { totalCount } } } }`);
    expect(nested.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentName: "first" });
  });

  it("filters leaders by country and by whether they are current", async () => {
    const res = await server.gql(`query($c: ID) { leaders(filter: { country: $c, current: false }) { nodes { name } } }`, {
      c: id("Country", "iran"),
    });
    expect(res.data!.leaders.nodes.map((l: { name: string }) => l.name)).toEqual(["Hassan Rouhani", "Mahmoud Ahmadinejad"]);
  });

  it("filters visits by host, status and dates, and orders them by date", async () => {
    const res = await server.gql(
      `query($host: ID) {
        planned: visits(filter: { status: PLANNED }) { nodes { hostCountry { name } status date { iso qualifier } } }
        toVenezuela: visits(filter: { hostCountry: $host }, orderBy: { field: DATE, direction: DESC }) { nodes { date { iso } } }
        since2022: visits(filter: { from: "2022-06", to: "2023-05" }) { nodes { date { iso } } }
      }`,
      { host: id("Country", "venezuela") },
    );
    expect(res.errors).toBeUndefined();
    expect(res.data!.planned.nodes).toEqual([
      { hostCountry: { name: "Cuba" }, status: "PLANNED", date: { iso: "2023-06-12", qualifier: "NOT_BEFORE" } },
      { hostCountry: { name: "Nicaragua" }, status: "PLANNED", date: { iso: "2023-06-12", qualifier: "NOT_BEFORE" } },
    ]);
    expect(res.data!.toVenezuela.nodes.map((v: any) => v.date.iso)).toEqual(["2023-06-12", "2023-02", "2022", "2016-09"]);
    // "2022" (last year) may fall in June 2022 or later, so it matches; the planned stops may not fall before June 2023.
    expect(res.data!.since2022.nodes.map((v: any) => v.date.iso)).toEqual(["2022", "2022-06", "2023-02"]);
  });

  it("refuses a date filter that is not a date", async () => {
    const res = await server.gql(`{ visits(filter: { from: "last year" }) { totalCount } }`);
    expect(res.errors![0]!.extensions).toMatchObject({ code: "BAD_USER_INPUT", argumentName: "filter.from" });
  });

  it("filters sanctions by target, with the license granted under them", async () => {
    const res = await server.gql(
      `query($t: ID) { sanctions(filter: { target: $t }) { totalCount nodes { imposer { code } licenses { licensee { name kind country { code } } duration durationMonths scope granted { iso precision qualifier } } } } }`,
      { t: id("Country", "venezuela") },
    );
    expect(res.data!.sanctions).toEqual({
      totalCount: 1,
      nodes: [
        {
          imposer: { code: "US" },
          licenses: [
            {
              licensee: { name: "Chevron", kind: "COMPANY", country: { code: "US" } },
              duration: "six-month",
              durationMonths: 6,
              scope: "To operate in Venezuela.",
              granted: { iso: "2022-11", precision: "MONTH", qualifier: "NOT_BEFORE" },
            },
          ],
        },
      ],
    });
  });
});

describe("facts and citations", () => {
  it("states Raisi's visit with who received him, whom he was due to meet, and the sentences", async () => {
    const res = await server.gql(`{
      visits(filter: { status: IN_PROGRESS }) { nodes {
        visitor { name role current country { name } }
        visitingCountry { code } hostCountry { code } city status
        date { iso year month day precision asWritten }
        receivedBy { name role } meetings { name }
        citations { sentence quote sentenceText source { publishedOn { iso } } }
      } }
    }`);
    const [visit, ...others] = res.data!.visits.nodes;
    expect(others).toEqual([]);
    expect(visit).toMatchObject({
      visitor: { name: "Ebrahim Raisi", role: "President", current: true, country: { name: "Iran" } },
      visitingCountry: { code: "IR" },
      hostCountry: { code: "VE" },
      city: "Caracas",
      status: "IN_PROGRESS",
      date: { iso: "2023-06-12", year: 2023, month: 6, day: 12, precision: "DAY", asWritten: "on Monday" },
      receivedBy: [{ name: "Yvan Gil", role: "Foreign Minister" }],
      meetings: [{ name: "Nicolas Maduro" }],
    });
    expect(visit.citations.map((c: any) => c.sentence)).toEqual([1, 2, 3]);
    for (const c of visit.citations) expect(c.sentenceText).toContain(c.quote);
    expect(visit.citations[0].source.publishedOn.iso).toBe("2023-06-12");
  });

  it("keeps the source's precision: 'Last year' is 2022 at YEAR precision, never a day", async () => {
    const res = await server.gql(
      `{ visits(filter: { to: "2022-12" }) { nodes { delegation visitor { name } date { iso precision day month asWritten } } } }`,
    );
    const delegates = res.data!.visits.nodes.find((v: any) => v.delegation === "U.S. delegates");
    expect(delegates).toEqual({
      delegation: "U.S. delegates",
      visitor: null,
      date: { iso: "2022", precision: "YEAR", day: null, month: null, asWritten: "Last year" },
    });
  });

  it("serves the source with its 15 sentences", async () => {
    const res = await server.gql(`{ sources { totalCount nodes { id sentenceCount sentences text publishedOn { iso precision } } } }`);
    const [source] = res.data!.sources.nodes;
    expect(source.sentences).toHaveLength(15);
    expect(source.sentenceCount).toBe(15);
    expect(source.text.startsWith("Iranian President Ebrahim Raisi arrived in Venezuela on Monday")).toBe(true);
    const again = await server.gql(`query($id: ID!) { source(id: $id) { sentences } }`, { id: source.id });
    expect(again.data!.source.sentences[14]).toBe("Mahmoud Ahmadinejad made the last presidential visit to Nicaragua in 2007.");
  });

  it("reaches OPEC's members and each member's memberships", async () => {
    const res = await server.gql(
      `{ organizations { nodes { name kind members { totalCount nodes { code memberships { nodes { name } } } } } } }`,
    );
    const opec = res.data!.organizations.nodes.find((o: any) => o.name === "OPEC");
    expect(opec.kind).toBe("INTERGOVERNMENTAL");
    expect(opec.members.nodes.map((c: any) => c.code)).toEqual(["IR", "VE"]);
    expect(opec.members.nodes[0].memberships.nodes).toEqual([{ name: "OPEC" }]);
  });
});

describe("serving", () => {
  it("answers health checks", async () => {
    const res = await fetch(`${server.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok" });
  });

  it("gives a browser Apollo Sandbox with an example query preloaded", async () => {
    const res = await fetch(`${server.url}/graphql`, { headers: { accept: "text/html" } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain("embeddable-sandbox");
    expect(html).toContain("VenezuelaAtAGlance");
    expect(html).toContain("new window.EmbeddedSandbox(config)");
  });

  it("allows any origin, and echoes a request id", async () => {
    const res = await fetch(`${server.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "https://example.org", "x-request-id": "abc-123" },
      body: JSON.stringify({ query: "{ __typename }" }),
    });
    expect(res.headers.get("access-control-allow-origin")).toBe("*");
    expect(res.headers.get("x-request-id")).toBe("abc-123");
  });

  it("answers a simple GET (no preflight header, as urql sends by default), with nothing a cross-site page could abuse", async () => {
    const plain = await fetch(`${server.url}/graphql?query=${encodeURIComponent("{ __typename }")}`, {
      headers: { origin: "https://elsewhere.example", cookie: "session=abc" },
    });
    expect(plain.status).toBe(200);
    expect(await plain.json()).toEqual({
      data: { __typename: "Query" },
      extensions: { cost: { requestedQueryCost: 0, maximumQueryCost: 25000, rateLimitPoints: 1 } },
    });
    // CSRF prevention is off because of these: any origin may read, and never with credentials.
    expect(plain.headers.get("access-control-allow-origin")).toBe("*");
    expect(plain.headers.get("access-control-allow-credentials")).toBeNull();
    expect(plain.headers.get("set-cookie")).toBeNull();
    const preflighted = await fetch(`${server.url}/graphql?query=${encodeURIComponent("{ __typename }")}`, {
      headers: { "apollo-require-preflight": "true" },
    });
    expect(preflighted.status).toBe(200);
  });
});
