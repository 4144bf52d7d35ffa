/**
 * The claim model over HTTP: who asserts each fact (the source, or a party it reports, with the
 * words of attribution and the statement), its modality, planned apart from done, and claims of
 * two sources about one field, with their sources.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFacts } from "../../src/facts/load";
import { fixturesWithSecondSource } from "../fixtures/second-source";
import { startServer, type TestServer, nodeId as id, dataOf } from "../helpers";

const CLAIM = `field text entity { __typename ... on Leader { name } ... on Country { name } } date { iso basis } timeOfDay
  assertion { voice modality verb assertedBy { __typename ... on Leader { name } ... on Country { name } } statement { id quote } }
  citations { sentence quote source { id } }`;

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const ask = (query: string, variables?: Record<string, unknown>) => dataOf(server, query, variables);

const claimsOf = async (type: string, local: string, field?: string) =>
  (
    await ask(
      `query ($subject: ID!, $field: String) { claims(first: 100, filter: { subject: $subject, field: $field }) { nodes { ${CLAIM} } } }`,
      {
        subject: id(type, local),
        field,
      },
    )
  ).claims.nodes;

describe("planned apart from done", () => {
  it('"was due to meet President Nicolas Maduro later in the day" is a planned meeting, with its time of day, in the source\'s voice', async () => {
    const [meeting, ...more] = await claimsOf("Visit", "raisi-venezuela-2023", "meetings");
    expect(more).toEqual([]);
    expect(meeting).toMatchObject({
      entity: { __typename: "Leader", name: "Nicolas Maduro" },
      timeOfDay: "later in the day",
      date: { iso: "2023-06-12", basis: "DATELINE" },
      assertion: { voice: "SOURCE", modality: "PLANNED", verb: null, assertedBy: null, statement: null },
      citations: [{ sentence: 2, quote: "was due to meet President Nicolas Maduro later in the day" }],
    });
    // The welcome happened: a plain field of the visit, in the source's voice, under way on the dateline.
    const { visit } = await ask(
      `{ visit(id: "${id("Visit", "raisi-venezuela-2023")}") { receivedBy { name } assertion { voice modality } } }`,
    );
    expect(visit).toEqual({ receivedBy: [{ name: "Yvan Gil" }], assertion: { voice: "SOURCE", modality: "IN_PROGRESS" } });
  });

  it('"sent delegates to Caracas to meet Maduro": the meeting and the purpose are intended, not outcomes', async () => {
    const claims = await claimsOf("Visit", "us-delegates-caracas-2022");
    expect(claims.map((c: any) => [c.field, c.text ?? c.entity.name, c.assertion.voice, c.assertion.modality])).toEqual([
      ["purpose", "To meet Maduro.", "SOURCE", "INTENDED"],
      ["meetings", "Nicolas Maduro", "SOURCE", "INTENDED"],
    ]);
  });

  it("the tour's stops are in order where the source gives it: Venezuela first, Cuba and Nicaragua unordered", async () => {
    const { tours } = await ask(
      `{ tours { nodes { assertion { modality } stops { nodes { hostCountry { code } stopNumber status assertion { modality } } } } } }`,
    );
    const [tour] = tours.nodes;
    expect(tour.assertion.modality).toBe("IN_PROGRESS");
    expect(tour.stops.nodes).toEqual([
      { hostCountry: { code: "VE" }, stopNumber: 1, status: "IN_PROGRESS", assertion: { modality: "IN_PROGRESS" } },
      { hostCountry: { code: "CU" }, stopNumber: null, status: "PLANNED", assertion: { modality: "PLANNED" } },
      { hostCountry: { code: "NI" }, stopNumber: null, status: "PLANNED", assertion: { modality: "PLANNED" } },
    ]);
  });
});

describe("attribution", () => {
  it("Raisi's invitation and aims (sentence 3) are his, said before departing, and linked to the statement", async () => {
    for (const [type, local] of [
      ["Visit", "raisi-venezuela-2023"],
      ["Visit", "raisi-cuba-2023"],
      ["Visit", "raisi-nicaragua-2023"],
      ["Tour", "raisi-friendly-countries-2023"],
    ]) {
      // The meeting Raisi was due to have is the article's own report (see above).
      const claims = (await claimsOf(type!, local!)).filter((c: any) => c.field !== "meetings");
      expect(claims.length, local).toBeGreaterThan(0);
      for (const claim of claims) {
        expect(claim.assertion, `${local} ${claim.field}`).toMatchObject({
          voice: "PARTY",
          verb: "said",
          assertedBy: { __typename: "Leader", name: "Ebrahim Raisi" },
          statement: { id: id("Statement", "raisi-invitation-statement") },
        });
        expect(claim.citations.map((c: any) => c.sentence)).toEqual([3]);
        // Aims are intended; the invitation is his account of it.
        expect(claim.assertion.modality).toBe(["invitation", "invitedBy"].includes(claim.field) ? "CLAIMED" : "INTENDED");
      }
    }
    // In the default order, by date: the dated meeting first, then the rest as the fixtures list them.
    const venezuela = await claimsOf("Visit", "raisi-venezuela-2023");
    expect(venezuela.map((c: any) => [c.field, c.text ?? c.entity.name])).toEqual([
      ["meetings", "Nicolas Maduro"],
      ["purpose", 'Improving "economic, political and scientific cooperation."'],
      ["topics", "economic cooperation"],
      ["topics", "political cooperation"],
      ["topics", "scientific cooperation"],
      ["invitation", 'At the invitation of the presidents of "friendly countries" Venezuela, Nicaragua and Cuba.'],
      ["invitedBy", "Venezuela"],
    ]);
  });

  it('what Tehran said of the February visit is "according to Tehran", claimed by Iran', async () => {
    const claims = await claimsOf("Visit", "amir-abdollahian-caracas-2023");
    expect(
      claims.map((c: any) => [c.field, c.text ?? c.entity.name, c.assertion.modality, c.assertion.verb, c.assertion.assertedBy.name]),
    ).toEqual([
      ["topics", "defense of their national interests faced with external pressures", "CLAIMED", "according to", "Iran"],
      ["meetings", "Nicolas Maduro", "CLAIMED", "according to", "Iran"],
    ]);
    expect(new Set(claims.map((c: any) => c.assertion.statement.id))).toEqual(
      new Set([id("Statement", "tehran-on-amir-abdollahian-talks")]),
    );
  });

  it("the cooperation of the last two years is Raisi's claim to Irna, not the article's statement", async () => {
    const { relationships } = await ask(
      `{ relationships { nodes { kind description assertion { voice modality verb assertedBy { ... on Leader { name } } statement { audience { ... on Organization { name } } } } } } }`,
    );
    const byKind = Object.fromEntries(relationships.nodes.map((r: any) => [r.kind, r.assertion]));
    expect(byKind.COOPERATION).toEqual({
      voice: "PARTY",
      modality: "CLAIMED",
      verb: "told",
      assertedBy: { name: "Ebrahim Raisi" },
      statement: { audience: { name: "Irna" } },
    });
    // "friendly countries" is Raisi's phrase; the common adversary and the alliance are the article's own.
    expect(byKind.FRIENDSHIP).toMatchObject({ voice: "PARTY", modality: "CLAIMED", verb: "said" });
    expect(byKind.ADVERSARY).toEqual({ voice: "SOURCE", modality: "HAPPENED", verb: null, assertedBy: null, statement: null });
    expect(byKind.ALLIANCE).toEqual(byKind.ADVERSARY);
  });

  it("lists what a party asserts and what the source states, by filter", async () => {
    const { said, stated, planned } = await ask(
      `query ($raisi: ID!) {
      said: claims(first: 100, filter: { assertedBy: $raisi }) { totalCount nodes { assertion { voice assertedBy { ... on Leader { name } } } } }
      stated: claims(first: 100, filter: { voice: SOURCE }) { totalCount nodes { assertion { voice assertedBy { __typename } } } }
      planned: claims(filter: { modality: PLANNED }) { nodes { field entity { ... on Leader { name } } } }
    }`,
      { raisi: id("Leader", "ebrahim-raisi") },
    );
    expect(said.totalCount).toBe(19);
    for (const c of said.nodes) expect(c.assertion).toEqual({ voice: "PARTY", assertedBy: { name: "Ebrahim Raisi" } });
    expect(stated.totalCount).toBeGreaterThan(0);
    for (const c of stated.nodes) expect(c.assertion).toEqual({ voice: "SOURCE", assertedBy: null });
    expect(planned.nodes).toEqual([{ field: "meetings", entity: { name: "Nicolas Maduro" } }]);
  });

  it("a statement lists the claims it carries", async () => {
    const { leader } = await ask(
      `query ($raisi: ID!) { leader(id: $raisi) { statements { nodes { quote
      claims(first: 100) { totalCount nodes { field assertion { verb assertedBy { ... on Leader { name } } } } } } } } }`,
      {
        raisi: id("Leader", "ebrahim-raisi"),
      },
    );
    const [beforeDeparting, toIrna] = leader.statements.nodes;
    expect(beforeDeparting.quote).toBe("economic, political and scientific cooperation");
    expect(beforeDeparting.claims.totalCount).toBe(19);
    for (const claim of beforeDeparting.claims.nodes)
      expect(claim.assertion).toEqual({ verb: "said", assertedBy: { name: "Ebrahim Raisi" } });
    // What he told Irna is a relationship's assertion, not a claim of a field.
    expect(toIrna.claims.totalCount).toBe(0);
  });

  it("refuses a filter by the ID of something that cannot be a claim's subject or party, with BAD_USER_INPUT", async () => {
    for (const [filter, words] of [
      [`{ subject: "${id("Country", "iran")}" }`, /must be the ID of a Visit or a Tour/],
      [`{ assertedBy: "${id("Visit", "raisi-cuba-2023")}" }`, /must be the ID of a Leader, a Country, an Organization or a Person/],
      [`{ source: "${id("Leader", "ebrahim-raisi")}" }`, /must be the ID of a Source/],
      [`{ subject: "not an id" }`, /not a valid Node ID/],
    ] as const) {
      const res = await server.gql(`{ claims(filter: ${filter}) { totalCount } }`);
      expect(res.errors?.[0]?.extensions?.code, filter).toBe("BAD_USER_INPUT");
      expect(res.errors?.[0]?.message, filter).toMatch(words);
    }
  });
});

describe("two sources about the same things", () => {
  let both: TestServer;
  let dir: string;
  beforeAll(async () => {
    dir = fixturesWithSecondSource();
    both = await startServer(dir, { store: loadFacts(dir) });
  });
  afterAll(async () => {
    await both.close();
    rmSync(path.dirname(dir), { recursive: true, force: true });
  });

  it("returns both sources' claims about one field, each with its source, and says which contradicts which", async () => {
    const res = await both.gql(
      `query ($visit: ID!) { claims(filter: { subject: $visit, field: "characterizations" }) { nodes {
      id text citations { sentence source { id kind publishedOn { iso } } }
      contradicts { id } contradictedBy { totalCount nodes { id } } } } }`,
      { visit: id("Visit", "ahmadinejad-nicaragua-2007") },
    );
    expect(res.errors).toBeUndefined();
    // Claims come in the order their sources were published: the second source's, of 2012, first.
    const [second, first, ...more] = res.data!.claims.nodes;
    expect(more).toEqual([]);
    expect(first).toMatchObject({
      text: "the last presidential visit to Nicaragua before Raisi's tour",
      citations: [{ sentence: 15, source: { id: id("Source", "raisi-venezuela-2023"), kind: "NEWS_ARTICLE" } }],
      contradicts: [],
      contradictedBy: { totalCount: 1, nodes: [{ id: second.id }] },
    });
    expect(second).toMatchObject({
      citations: [{ sentence: 2, source: { id: id("Source", "ahmadinejad-managua-2012"), publishedOn: { iso: "2012-01-11" } } }],
      contradicts: [{ id: first.id }],
      contradictedBy: { totalCount: 0 },
    });
  });

  it("asks for the claims one source makes, and for the claims about one record across sources", async () => {
    const res = await both.gql(
      `query ($source: ID!, $visit: ID!) {
      fromSecond: claims(filter: { source: $source }) { nodes { field subject { ... on Visit { date { iso } } } } }
      visit(id: $visit) { characterizations { text citations { source { id } } } claims { totalCount } }
      later: visits(filter: { hostCountry: "${id("Country", "nicaragua")}", from: "2008" }) { nodes { date { iso asWritten basis } citations { source { id } } } }
    }`,
      { source: id("Source", "ahmadinejad-managua-2012"), visit: id("Visit", "ahmadinejad-nicaragua-2007") },
    );
    expect(res.errors).toBeUndefined();
    const { fromSecond, visit, later } = res.data!;
    expect(fromSecond.nodes).toEqual([
      { field: "purpose", subject: { date: { iso: "2012-01-10" } } },
      { field: "characterizations", subject: { date: { iso: "2007" } } },
    ]);
    expect(visit.claims.totalCount).toBe(2);
    expect(visit.characterizations.map((c: any) => c.citations[0].source.id)).toEqual([
      id("Source", "ahmadinejad-managua-2012"),
      id("Source", "raisi-venezuela-2023"),
    ]);
    // The later visit the second source reports, dated from its own dateline.
    expect(later.nodes.map((v: any) => v.date)).toEqual(
      expect.arrayContaining([{ iso: "2012-01-10", asWritten: "on Tuesday", basis: "DATELINE" }]),
    );
  });

  it("is never served by default", async () => {
    const { sources, claims } = await ask(
      `query ($source: ID!) { sources { totalCount nodes { id } } claims(filter: { source: $source }) { totalCount } }`,
      {
        source: id("Source", "ahmadinejad-managua-2012"),
      },
    );
    expect(sources).toEqual({ totalCount: 1, nodes: [{ id: id("Source", "raisi-venezuela-2023") }] });
    expect(claims.totalCount).toBe(0);
  });
});
