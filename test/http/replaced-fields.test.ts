/**
 * Fields added beside the ones a client trips over, through HTTP: each answers as the field it
 * replaces does, in the type that belongs (an enum, a date scalar, a connection), and the old
 * field is deprecated with what to use, never removed.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadFacts } from "../../src/facts/load";
import { fixturesWithSecondSource } from "../fixtures/second-source";
import { startServer, type TestServer } from "../helpers";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

async function ok(query: string, variables?: Record<string, unknown>) {
  const res = await server.gql(query, variables);
  expect(res.errors, query).toBeUndefined();
  return res.data as Record<string, any>;
}

/** `{ name: [isDeprecated, deprecationReason] }` of a type's fields or input fields. */
async function deprecations(type: string): Promise<Record<string, [boolean, string | null]>> {
  const data = await ok(`{ __type(name: "${type}") {
    fields(includeDeprecated: true) { name isDeprecated deprecationReason }
    inputFields(includeDeprecated: true) { name isDeprecated deprecationReason } } }`);
  const fields = [...(data.__type.fields ?? []), ...(data.__type.inputFields ?? [])];
  return Object.fromEntries(fields.map((f: any) => [f.name, [f.isDeprecated, f.deprecationReason]]));
}

const camel = (name: string) => name.toLowerCase().replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

describe("Claim.claimedField and ClaimFilter.claimedField: a ClaimField enum", () => {
  it("names the same field as the deprecated string, for every claim", async () => {
    const data = await ok(`{ claims(first: 100) { nodes { field claimedField } } }`);
    expect(data.claims.nodes.length).toBeGreaterThan(20);
    for (const claim of data.claims.nodes) expect(camel(claim.claimedField)).toBe(claim.field);
  });

  it("filters as the deprecated string does, for every value of the enum", async () => {
    const values = (await ok(`{ __type(name: "ClaimField") { enumValues { name description } } }`)).__type.enumValues;
    expect(values.map((v: { name: string }) => v.name)).toEqual([
      "CHARACTERIZATIONS",
      "INVITATION",
      "INVITED_BY",
      "MEETINGS",
      "PURPOSE",
      "TOPICS",
    ]);
    for (const { name, description } of values) {
      expect(description).toContain(`\`${camel(name)}\``);
      const data = await ok(
        `query($s: String) { a: claims(filter: { claimedField: ${name} }) { totalCount nodes { id } }
        b: claims(filter: { field: $s }) { totalCount nodes { id } } }`,
        { s: camel(name) },
      );
      expect(data.a.totalCount, name).toBeGreaterThan(0);
      expect(data.a).toEqual(data.b);
    }
  });

  it("refuses a value that is no field, before anything runs", async () => {
    const res = await server.gql(`{ claims(filter: { claimedField: meetings }) { totalCount } }`);
    expect(res.errors![0]!.extensions!.code).toBe("GRAPHQL_VALIDATION_FAILED");
    expect(res.errors![0]!.message).toContain('Did you mean the enum value "MEETINGS"?');
  });

  it("deprecates the strings", async () => {
    expect((await deprecations("Claim")).field).toEqual([true, expect.stringContaining("claimedField")]);
    expect((await deprecations("ClaimFilter")).field).toEqual([true, expect.stringContaining("claimedField")]);
  });
});

describe("VisitFilter.fromDate and toDate: a PartialDate scalar", () => {
  it("narrow as the deprecated strings do", async () => {
    for (const [from, to] of [
      ["2022-06", null],
      [null, "2022"],
      ["2016", "2023-02-28"],
      ["2023-06-12", "2023-06-12"],
    ]) {
      const data = await ok(
        `query($from: String, $to: String, $fromDate: PartialDate, $toDate: PartialDate) {
          a: visits(filter: { from: $from, to: $to }) { totalCount nodes { id } }
          b: visits(filter: { fromDate: $fromDate, toDate: $toDate }) { totalCount nodes { id } } }`,
        { from, to, fromDate: from, toDate: to },
      );
      expect(data.b, `${from}..${to}`).toEqual(data.a);
    }
  });

  it("refuses what is no date, in the query (validation) and in a variable (BAD_USER_INPUT)", async () => {
    const literal = await server.gql(`{ visits(filter: { fromDate: "June 2022" }) { totalCount } }`);
    expect(literal.errors![0]).toMatchObject({
      message: expect.stringContaining('PartialDate must be a date as "YYYY", "YYYY-MM" or "YYYY-MM-DD", got "June 2022".'),
      extensions: { code: "GRAPHQL_VALIDATION_FAILED" },
    });
    const variable = await server.gql(`query($d: PartialDate) { visits(filter: { toDate: $d }) { totalCount } }`, { d: "2023-02-30" });
    expect(variable.errors![0]).toMatchObject({
      message: expect.stringContaining('got "2023-02-30"'),
      extensions: { code: "BAD_USER_INPUT" },
    });
  });

  it("deprecates the strings", async () => {
    expect(await deprecations("VisitFilter")).toMatchObject({
      from: [true, expect.stringContaining("fromDate")],
      to: [true, expect.stringContaining("toDate")],
      fromDate: [false, null],
    });
  });
});

describe("Event.causedBy and Claim.contradictions: connections beside the lists", () => {
  it("hold the records of the deprecated lists, paged", async () => {
    const data = await ok(`{
      events(first: 100) { nodes { causes { id } causedBy(first: 100) { totalCount nodes { id } } } }
      claims(first: 100) { nodes { contradicts { id } contradictions(first: 100) { totalCount nodes { id } } } } }`);
    const ids = (list: { id: string }[]) => list.map((r) => r.id).sort();
    let causes = 0;
    for (const event of data.events.nodes) {
      expect(ids(event.causedBy.nodes)).toEqual(ids(event.causes));
      expect(event.causedBy.totalCount).toBe(event.causes.length);
      causes += event.causes.length;
    }
    expect(causes).toBeGreaterThan(0);
    for (const claim of data.claims.nodes) expect(ids(claim.contradictions.nodes)).toEqual(ids(claim.contradicts));
  });

  it("hold a claim's contradictions where two sources disagree", async () => {
    const dir = fixturesWithSecondSource();
    const both = await startServer(dir, { store: loadFacts(dir) });
    try {
      const res = await both.gql(`{ claims(first: 100) { nodes { contradicts { id } contradictions { totalCount nodes { id } } } } }`);
      expect(res.errors).toBeUndefined();
      const disagreeing = res.data!.claims.nodes.filter((c: any) => c.contradicts.length > 0);
      expect(disagreeing).toHaveLength(1);
      for (const claim of disagreeing) expect(claim.contradictions.nodes).toEqual(claim.contradicts);
    } finally {
      await both.close();
      rmSync(path.dirname(dir), { recursive: true, force: true });
    }
  });

  it("deprecate the lists", async () => {
    expect((await deprecations("Event")).causes).toEqual([true, expect.stringContaining("causedBy")]);
    expect((await deprecations("Claim")).contradicts).toEqual([true, expect.stringContaining("contradictions")]);
  });
});

describe("Country.capital and Country.region", () => {
  it("are deprecated, saying the data seldom or never fills them", async () => {
    const data = await ok(`{ countries { nodes { capital region } } }`);
    expect(data.countries.nodes.every((c: { capital: string | null }) => c.capital === null)).toBe(true);
    expect(await deprecations("Country")).toMatchObject({
      capital: [true, expect.stringMatching(/always null/)],
      region: [true, expect.stringMatching(/null for nearly every country/)],
    });
  });
});
