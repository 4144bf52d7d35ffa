/**
 * A voice per value, and a sanction's state as of a date, over HTTP: a later source written for
 * the tests (test/fixtures/voices/, added as data alone) holds a visit whose arrival is a
 * ministry's account and whose welcome is the source's own, and reports the first article's
 * sanctions on Venezuela eased, as of its own day.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { VOICES, startServerWith } from "../fixtures/second-source";
import { dataOf as ask, nodeId as id, type TestServer } from "../helpers";

const ARTICLE = id("Source", "raisi-venezuela-2023");
const LATER = id("Source", "gil-tehran-2023");
const VISIT = id("Visit", "gil-iran-2023");

const VOICE = `field assertion { voice modality verb assertedBy { ... on Organization { name } } }
  source { id } reportedOn { iso } citations { sentence quote source { id } }`;

describe("with a source that gives a value a voice of its own, and reports sanctions eased", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServerWith(VOICES);
  });
  afterAll(() => server.close());

  it("one visit holds two voices: the ministry's for the arrival, the source's own for the welcome, each with its citations and source", async () => {
    const { visit } = await ask(
      server,
      `query ($id: ID!) { visit(id: $id) {
        visitor { name } city receivedBy { name }
        assertion { voice modality verb assertedBy { ... on Organization { name } } }
        citations { sentence quote source { id } }
        fieldAssertions(first: 10) { totalCount nodes { ${VOICE} } }
      } }`,
      { id: VISIT },
    );
    expect(visit).toEqual({
      visitor: { name: "Yvan Gil" },
      city: "Tehran",
      receivedBy: [{ name: "Hossein Amir-Abdollahian" }],
      assertion: { voice: "PARTY", modality: "CLAIMED", verb: "said", assertedBy: { name: "Iranian foreign ministry" } },
      citations: [
        {
          sentence: 1,
          quote:
            "Venezuelan Foreign Minister Yvan Gil arrived in Tehran on Tuesday for talks on trade and energy, the Iranian foreign ministry said",
          source: { id: LATER },
        },
      ],
      fieldAssertions: {
        totalCount: 1,
        nodes: [
          {
            field: "receivedBy",
            assertion: { voice: "SOURCE", modality: "HAPPENED", verb: null, assertedBy: null },
            source: { id: LATER },
            reportedOn: { iso: "2023-10-19" },
            citations: [
              { sentence: 2, quote: "He was welcomed at 9 a.m. by Foreign Minister Hossein Amir-Abdollahian", source: { id: LATER } },
            ],
          },
        ],
      },
    });
  });

  it("answers who says one field's value; a field with no voice of its own has none, being in the visit's", async () => {
    const { visit } = await ask(
      server,
      `query ($id: ID!) { visit(id: $id) {
        welcome: fieldAssertions(field: "receivedBy") { nodes { field assertion { voice } } }
        arrival: fieldAssertions(field: "city") { totalCount }
      } }`,
      { id: VISIT },
    );
    expect(visit).toEqual({ welcome: { nodes: [{ field: "receivedBy", assertion: { voice: "SOURCE" } }] }, arrival: { totalCount: 0 } });
  });

  it("refuses a field the type does not have, naming the argument", async () => {
    const res = await server.gql(`query ($id: ID!) { visit(id: $id) { fieldAssertions(field: "welcomedAt") { totalCount } } }`, {
      id: VISIT,
    });
    expect(res.errors?.[0]).toMatchObject({
      message: 'Argument "field" must name a field of Visit, got "welcomedAt".',
      extensions: { code: "BAD_USER_INPUT", argumentName: "field" },
    });
  });

  it("the sanctions on Venezuela: in force as of 12 June, eased as of 19 October, each with its source; state answers the latest", async () => {
    const { sanctions } = await ask(
      server,
      `{ sanctions(filter: { target: "VE" }) { nodes {
        state assertion { voice modality }
        stateReports(first: 10) { totalCount nodes { state reportedOn { iso } source { id } citations { sentence quote } assertion { voice modality } } }
      } } }`,
    );
    expect(sanctions.nodes).toEqual([
      {
        state: "EASED",
        assertion: { voice: "SOURCE", modality: "HAPPENED" },
        stateReports: {
          totalCount: 2,
          nodes: [
            {
              state: "IN_FORCE",
              reportedOn: { iso: "2023-06-12" },
              source: { id: ARTICLE },
              citations: [{ sentence: 1, quote: "all under sanctions from a common adversary, the United States" }],
              assertion: { voice: "SOURCE", modality: "HAPPENED" },
            },
            {
              state: "EASED",
              reportedOn: { iso: "2023-10-19" },
              source: { id: LATER },
              citations: [{ sentence: 3, quote: "the United States eased its sanctions on Venezuela's oil sector" }],
              assertion: { voice: "SOURCE", modality: "HAPPENED" },
            },
          ],
        },
      },
    ]);
  });

  it("the later report about another day is not linked as a contradiction: no claim contradicts another", async () => {
    const { claims } = await ask(
      server,
      `{ claims(first: 100) { totalCount nodes { contradicts { id } contradictedBy { totalCount } } } }`,
    );
    expect(claims.totalCount).toBeGreaterThan(0);
    for (const claim of claims.nodes) expect(claim).toEqual({ contradicts: [], contradictedBy: { totalCount: 0 } });
    // The other sanctions, which it does not report, keep their one report.
    const { sanctions } = await ask(server, `{ sanctions(filter: { target: "CU" }) { nodes { state stateReports { totalCount } } } }`);
    expect(sanctions.nodes).toEqual([{ state: "IN_FORCE", stateReports: { totalCount: 1 } }]);
  });
});
