/**
 * Facts as of the day they were reported, over HTTP: a later source that reports the first
 * article's visits again (test/fixtures/follow-up/, added as data alone) adds a status report to
 * each, as of its own day, and the visit's `status` answers the latest; every claim carries the day
 * it was reported; a duration is a value with its words. With the first article alone, each visit
 * has its one report.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FOLLOW_UP, startServerWith } from "../fixtures/second-source";
import { startServer, type TestServer, nodeId as id, dataOf as ask } from "../helpers";

const REPORTS = `status statusReports(first: 10) { totalCount nodes {
  status reportedOn { iso basis } source { id } citations { sentence quote source { id } } assertion { voice modality } } }`;

const visit = (server: TestServer, local: string) =>
  ask(server, `query ($id: ID!) { visit(id: $id) { ${REPORTS} } }`, { id: id("Visit", local) }).then((data) => data.visit);

const ARTICLE = id("Source", "raisi-venezuela-2023");
const FOLLOW_UP_SOURCE = id("Source", "raisi-tour-follow-up-2023");

describe("with the follow-up of 13 June loaded", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServerWith(FOLLOW_UP);
  });
  afterAll(() => server.close());

  it("the visit to Nicaragua is PLANNED as of 12 June and COMPLETED as of 13 June, each with its source; status answers the latest", async () => {
    expect(await visit(server, "raisi-nicaragua-2023")).toEqual({
      status: "COMPLETED",
      statusReports: {
        totalCount: 2,
        nodes: [
          {
            status: "PLANNED",
            reportedOn: { iso: "2023-06-12", basis: "PUBLICATION" },
            source: { id: ARTICLE },
            citations: [
              {
                sentence: 1,
                quote: 'for the start of a visit to "friendly countries" that also include Cuba and Nicaragua',
                source: { id: ARTICLE },
              },
              expect.objectContaining({ sentence: 3, source: { id: ARTICLE } }),
            ],
            assertion: { voice: "SOURCE", modality: "PLANNED" },
          },
          {
            status: "COMPLETED",
            reportedOn: { iso: "2023-06-13", basis: "PUBLICATION" },
            source: { id: FOLLOW_UP_SOURCE },
            citations: [
              { sentence: 2, quote: "He visited Nicaragua on Tuesday and left for Cuba in the evening", source: { id: FOLLOW_UP_SOURCE } },
            ],
            assertion: { voice: "SOURCE", modality: "HAPPENED" },
          },
        ],
      },
    });
  });

  it("the visit to Venezuela: under way as of 12 June, completed as of 13 June; its assertion is the latest report's", async () => {
    const { status, statusReports } = await visit(server, "raisi-venezuela-2023");
    expect(status).toBe("COMPLETED");
    expect(statusReports.nodes.map((r: any) => [r.status, r.reportedOn.iso, r.source.id])).toEqual([
      ["IN_PROGRESS", "2023-06-12", ARTICLE],
      ["COMPLETED", "2023-06-13", FOLLOW_UP_SOURCE],
    ]);
    const { visit: assertion } = await ask(server, `{ visit(id: "${id("Visit", "raisi-venezuela-2023")}") { assertion { modality } } }`);
    expect(assertion).toEqual({ assertion: { modality: "HAPPENED" } });
    // The latest report is the last page of one.
    const { visit: latest } = await ask(
      server,
      `{ visit(id: "${id("Visit", "raisi-venezuela-2023")}") { statusReports(last: 1) { nodes { status source { id } } } } }`,
    );
    expect(latest.statusReports.nodes).toEqual([{ status: "COMPLETED", source: { id: FOLLOW_UP_SOURCE } }]);
  });

  it("the visit to Cuba, which the follow-up does not report, keeps its one report", async () => {
    const { status, statusReports } = await visit(server, "raisi-cuba-2023");
    expect([status, statusReports.totalCount]).toEqual(["PLANNED", 1]);
  });

  it("filters by the latest status", async () => {
    const { visits } = await ask(server, `{ visits(filter: { status: COMPLETED, hostCountry: "NI" }) { nodes { id } } }`);
    expect(visits.nodes).toContainEqual({ id: id("Visit", "raisi-nicaragua-2023") });
  });

  it("the meeting with Maduro: planned as reported on 12 June, held for three hours as reported on 13 June; the duration is a value", async () => {
    const { claims } = await ask(
      server,
      `query ($subject: ID!) { claims(filter: { subject: $subject, claimedField: MEETINGS }) { nodes {
        entity { ... on Leader { name } } reportedOn { iso } date { iso asWritten } timeOfDay assertion { modality }
        duration { amount unit asWritten } citations { quote source { id } } } } }`,
      { subject: id("Visit", "raisi-venezuela-2023") },
    );
    expect(claims.nodes).toEqual([
      {
        entity: { name: "Nicolas Maduro" },
        reportedOn: { iso: "2023-06-12" },
        date: { iso: "2023-06-12", asWritten: null },
        timeOfDay: "later in the day",
        assertion: { modality: "PLANNED" },
        duration: null,
        citations: [{ quote: "was due to meet President Nicolas Maduro later in the day", source: { id: ARTICLE } }],
      },
      {
        entity: { name: "Nicolas Maduro" },
        reportedOn: { iso: "2023-06-13" },
        date: { iso: "2023-06-12", asWritten: "on Monday" },
        timeOfDay: null,
        assertion: { modality: "HAPPENED" },
        duration: { amount: 3, unit: "HOUR", asWritten: "for three hours" },
        citations: [
          { quote: "held talks with President Nicolas Maduro in Caracas for three hours on Monday", source: { id: FOLLOW_UP_SOURCE } },
        ],
      },
    ]);
  });
});

describe("with the first article alone", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it("each visit has its one report, the article's, which is its status", async () => {
    const { visits } = await ask(server, `{ visits(first: 20) { nodes { ${REPORTS} } } }`);
    expect(visits.nodes.length).toBeGreaterThan(1);
    for (const { status, statusReports } of visits.nodes) {
      expect(statusReports.totalCount).toBe(1);
      expect(statusReports.nodes[0]).toMatchObject({ status, reportedOn: { iso: "2023-06-12" }, source: { id: ARTICLE } });
    }
    expect((await visit(server, "raisi-nicaragua-2023")).status).toBe("PLANNED");
  });

  it("each sanction is in force as of the article's day, as sentence 1 says, with that one report", async () => {
    const { sanctions } = await ask(
      server,
      `{ sanctions { nodes { target { code } state stateReports(first: 10) { totalCount nodes {
        state reportedOn { iso } source { id } citations { sentence } assertion { voice modality } } } } } }`,
    );
    expect(sanctions.nodes.map((s: any) => s.target.code).sort()).toEqual(["CU", "IR", "NI", "VE"]);
    for (const { state, stateReports } of sanctions.nodes) {
      expect(state).toBe("IN_FORCE");
      expect(stateReports.totalCount).toBe(1);
      expect(stateReports.nodes[0]).toMatchObject({
        state: "IN_FORCE",
        reportedOn: { iso: "2023-06-12" },
        source: { id: ARTICLE },
        assertion: { voice: "SOURCE", modality: "HAPPENED" },
      });
      expect(stateReports.nodes[0].citations).toContainEqual({ sentence: 1 });
    }
  });

  it("every claim was reported on the article's day", async () => {
    const { claims } = await ask(server, `{ claims(first: 100) { totalCount nodes { reportedOn { iso basis } } } }`);
    expect(claims.totalCount).toBeGreaterThan(0);
    expect(new Set(claims.nodes.map((c: any) => JSON.stringify(c.reportedOn)))).toEqual(
      new Set([JSON.stringify({ iso: "2023-06-12", basis: "PUBLICATION" })]),
    );
  });
});
