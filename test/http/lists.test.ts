/**
 * Lists a frontend can rely on, through HTTP: every connection of a dated type takes the same
 * `orderBy` with the same default, and cursors past the end or never issued get their documented answers.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dateBounds } from "../../src/facts/dates";
import { startServer, type TestServer } from "../helpers";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const cursor = (offset: number) => Buffer.from(`arrayconnection:${offset}`).toString("base64");

interface TypeRef {
  kind: string;
  name: string | null;
  ofType: TypeRef | null;
}
interface FieldInfo {
  name: string;
  type: TypeRef;
  args: { name: string; type: TypeRef }[];
}
interface TypeInfo {
  kind: string;
  name: string;
  fields: FieldInfo[] | null;
  interfaces: { name: string }[] | null;
}

const named = (type: TypeRef): TypeRef => (type.ofType ? named(type.ofType) : type);
const isList = (type: TypeRef): boolean => type.kind === "LIST" || (type.kind === "NON_NULL" && isList(type.ofType!));

async function schemaTypes(): Promise<Map<string, TypeInfo>> {
  const typeRef = "kind name ofType { kind name ofType { kind name ofType { kind name } } }";
  const res = await server.gql(
    `{ __schema { types { kind name interfaces { name } fields { name type { ${typeRef} } args { name type { ${typeRef} } } } } } }`,
  );
  expect(res.errors).toBeUndefined();
  return new Map((res.data!.__schema.types as TypeInfo[]).map((t) => [t.name, t]));
}

/** "Visit" -> its field holding the FactDate it is ordered by (`date`, `start`, `signed`, ...). */
function dateFieldOf(type: TypeInfo): string | undefined {
  return type.fields?.find((f) => named(f.type).name === "FactDate" && !isList(f.type))?.name;
}

/** Dates as the API orders them: by the earliest day each can stand for, undated ones last in either direction. */
function expectOrdered(isos: (string | null)[], direction: "ASC" | "DESC", where: string) {
  const keys = isos.map((iso) => (iso === null ? null : dateBounds(iso).start));
  const dated = keys.filter((k): k is string => k !== null);
  expect(
    keys.slice(dated.length).every((k) => k === null),
    `${where}: undated last`,
  ).toBe(true);
  const sorted = [...dated].sort();
  expect(dated, `${where} ${direction}`).toEqual(direction === "ASC" ? sorted : sorted.reverse());
}

describe("orderBy on every connection of a dated type", () => {
  it("is taken by every field that returns a connection of a Node type with a date, with its <Type>Order input", async () => {
    const types = await schemaTypes();
    const dated = [...types.values()].filter((t) => t.interfaces?.some((i) => i.name === "Node") && dateFieldOf(t));
    expect(dated.map((t) => t.name).sort()).toEqual([
      "Accusation",
      "Agreement",
      "Claim",
      "Event",
      "Shipment",
      "Source",
      "Statement",
      "Tour",
      "Visit",
    ]);
    let fields = 0;
    for (const type of types.values()) {
      for (const field of type.fields ?? []) {
        const returned = named(field.type).name!;
        const item = dated.find((d) => `${d.name}Connection` === returned);
        if (!item) continue;
        const orderBy = field.args.find((a) => a.name === "orderBy");
        expect(orderBy && named(orderBy.type).name, `${type.name}.${field.name}`).toBe(`${item.name}Order`);
        fields++;
      }
    }
    // The root lists, and the relation fields: Country.visitsHosted, Leader.visits, Tour.stops, ...
    expect(fields).toBeGreaterThan(20);
  });

  it("orders every such connection by date, earliest first by default, latest first with DESC, from the root and from every type", async () => {
    const types = await schemaTypes();
    const query = types.get("Query")!;
    const rootListOf = (typename: string) =>
      query.fields!.find((f) => named(f.type).name === `${typename}Connection` && f.args.some((a) => a.name === "first"))!.name;
    let checked = 0;
    for (const type of types.values()) {
      for (const field of type.fields ?? []) {
        if (!field.args.some((a) => a.name === "orderBy")) continue;
        const item = named(field.type).name!.replace(/Connection$/, "");
        const date = dateFieldOf(types.get(item)!)!;
        const selection = (args: string) => `${field.name}(first: 50${args}) { totalCount nodes { id ${date} { iso } } }`;
        const both = `byDefault: ${selection("")} asc: ${selection(", orderBy: { field: DATE, direction: ASC }")} desc: ${selection(", orderBy: { field: DATE, direction: DESC }")}`;
        const res = await server.gql(
          type.name === "Query" ? `{ ${both} }` : `{ ${rootListOf(type.name)}(first: 50) { nodes { ${both} } } }`,
        );
        expect(res.errors, `${type.name}.${field.name}`).toBeUndefined();
        const holders = type.name === "Query" ? [res.data!] : (Object.values(res.data!)[0] as { nodes: Record<string, any>[] }).nodes;
        for (const holder of holders) {
          const isos = (key: string) => holder[key].nodes.map((n: any) => n[date]?.iso ?? null);
          const where = `${type.name}.${field.name}`;
          expect(holder.byDefault, where).toEqual(holder.asc);
          expectOrdered(isos("asc"), "ASC", where);
          expectOrdered(isos("desc"), "DESC", where);
          expect(new Set(holder.desc.nodes.map((n: any) => n.id))).toEqual(new Set(holder.asc.nodes.map((n: any) => n.id)));
          checked += holder.asc.totalCount;
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it("gives Venezuela's visits by date, not in fixture order, as the root list filtered to them does", async () => {
    const res = await server.gql(`{
      country(code: "VE") {
        id
        visitsHosted { nodes { id date { iso } } }
        latest: visitsHosted(first: 2, orderBy: { field: DATE, direction: DESC }) { nodes { date { iso } } }
      }
    }`);
    expect(res.errors).toBeUndefined();
    for (const direction of ["ASC", "DESC"]) {
      const q = `query($c: ID) { country(code: "VE") { visitsHosted(orderBy: { field: DATE, direction: ${direction} }) { nodes { id } } }
        visits(filter: { hostCountry: $c }, orderBy: { field: DATE, direction: ${direction} }) { nodes { id } } }`;
      const both = await server.gql(q, { c: res.data!.country.id });
      expect(both.data!.country.visitsHosted.nodes, direction).toEqual(both.data!.visits.nodes);
    }
    expect(res.data!.country.visitsHosted.nodes.map((v: any) => v.date.iso)).toEqual(["2016-09", "2022", "2023-02", "2023-06-12"]);
    expect(res.data!.country.latest.nodes.map((v: any) => v.date.iso)).toEqual(["2023-06-12", "2023-02"]);
  });

  it("pages an ordered relation field with cursors, in its order", async () => {
    const q = `query($after: String) { country(code: "VE") { visitsHosted(first: 1, after: $after, orderBy: { field: DATE, direction: DESC }) { pageInfo { hasNextPage endCursor } nodes { date { iso } } } } }`;
    const seen: string[] = [];
    let after: string | null = null;
    for (;;) {
      const res: { data?: any } = await server.gql(q, { after });
      const page = res.data!.country.visitsHosted;
      seen.push(...page.nodes.map((v: any) => v.date.iso));
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toEqual(["2023-06-12", "2023-02", "2022", "2016-09"]);
  });

  it("takes `orderBy: { field: DATE }` alone: the direction is ascending unless given, and the schema says so", async () => {
    const [given, omitted] = await Promise.all([
      server.gql(`{ visits(orderBy: { field: DATE, direction: ASC }) { nodes { id } } }`),
      server.gql(`{ visits(orderBy: { field: DATE }) { nodes { id } } }`),
    ]);
    expect(omitted).toEqual(given);
    const res = await server.gql(`{ __type(name: "VisitOrder") { inputFields { name defaultValue description } } }`);
    expect(res.data!.__type.inputFields).toContainEqual({
      name: "direction",
      defaultValue: "ASC",
      description: expect.stringMatching(/ascending .*when omitted/),
    });
  });

  it("refuses an order field that is not one", async () => {
    const res = await server.gql(`{ country(code: "VE") { visitsHosted(orderBy: { field: NAME, direction: ASC }) { totalCount } } }`);
    expect(res.status).toBe(400);
    expect(res.errors![0]!.extensions!.code).toBe("GRAPHQL_VALIDATION_FAILED");
  });
});

describe("cursors", () => {
  const page = `{ totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor } nodes { date { iso } } }`;

  it("gives an empty page, with nothing before or after it, for a cursor at or past the end", async () => {
    for (const [offset, args] of [
      [3, "first: 2"],
      [999, "first: 2"],
      [999, "last: 2"],
    ] as const) {
      const res = await server.gql(`query($after: String) { country(code: "VE") { visitsHosted(${args}, after: $after) ${page} } }`, {
        after: cursor(offset),
      });
      expect(res.errors, `${offset} ${args}`).toBeUndefined();
      expect(res.data!.country.visitsHosted, `${offset} ${args}`).toEqual({
        totalCount: 4,
        pageInfo: { hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null },
        edges: [],
        nodes: [],
      });
    }
  });

  it("reads a `before` past the end as the end of the list", async () => {
    const res = await server.gql(`query($before: String) { country(code: "VE") { visitsHosted(last: 2, before: $before) ${page} } }`, {
      before: cursor(999),
    });
    expect(res.errors).toBeUndefined();
    const connection = res.data!.country.visitsHosted;
    expect(connection.nodes.map((v: any) => v.date.iso)).toEqual(["2023-02", "2023-06-12"]);
    expect(connection.pageInfo).toEqual({ hasNextPage: false, hasPreviousPage: true, startCursor: cursor(2), endCursor: cursor(3) });
  });

  it("refuses a cursor this API never issued with BAD_USER_INPUT naming the argument", async () => {
    for (const [argument, value] of [
      ["after", "not-a-cursor"],
      ["after", Buffer.from("arrayconnection:-1").toString("base64")],
      ["before", Buffer.from("arrayconnection:1.5").toString("base64")],
      ["after", Buffer.from("Country:venezuela").toString("base64")],
      ["before", ""],
    ] as const) {
      const res = await server.gql(`query($c: String) { country(code: "VE") { visitsHosted(first: 2, ${argument}: $c) { totalCount } } }`, {
        c: value,
      });
      expect(res.status).toBe(200);
      expect(res.errors?.[0]?.extensions, `${argument}: ${value}`).toMatchObject({ code: "BAD_USER_INPUT", argumentName: argument });
      expect(res.errors![0]!.message).toMatch(new RegExp(`^Argument "${argument}" is not a cursor this API issued`));
    }
  });
});

describe("filters take what lookups take", () => {
  const countryId = async (code: string) => (await server.gql(`{ country(code: "${code}") { id } }`)).data!.country.id as string;

  it("takes a country's ISO code, in any case, wherever a filter names a country, as the same country's Node ID", async () => {
    const [iran, venezuela, us] = await Promise.all(["IR", "VE", "US"].map(countryId));
    for (const [list, field, code, id] of [
      ["leaders", "country", "IR", iran],
      ["visits", "visitingCountry", "ir", iran],
      ["visits", "hostCountry", " VE ", venezuela],
      ["sanctions", "imposer", "US", us],
      ["sanctions", "target", "VE", venezuela],
      ["relationships", "country", "IR", iran],
      ["claims", "assertedBy", "IR", iran],
    ] as const) {
      const [byCode, byId] = await Promise.all(
        [code, id].map((value) =>
          server.gql(`query($v: ID!) { ${list}(filter: { ${field}: $v }) { totalCount nodes { id } } }`, { v: value }),
        ),
      );
      expect(byCode.errors, `${list}.${field}`).toBeUndefined();
      expect(byCode.data, `${list}(filter: { ${field}: ${JSON.stringify(code)} })`).toEqual(byId.data);
    }
    const leaders = await server.gql(`{ leaders(filter: { country: "IR" }) { nodes { name } } }`);
    expect(leaders.data!.leaders.nodes.length).toBeGreaterThan(0);
  });

  it("answers an empty list for a well-formed code no country has, as for an ID of nothing", async () => {
    const res = await server.gql(`{ leaders(filter: { country: "FR" }) { totalCount } }`);
    expect(res).toMatchObject({ status: 200, data: { leaders: { totalCount: 0 } } });
    expect(res.errors).toBeUndefined();
  });

  it("refuses what is neither, with BAD_USER_INPUT naming the argument and what it takes", async () => {
    const res = await server.gql(`{ leaders(filter: { country: "Iran" }) { totalCount } }`);
    expect(res.errors).toEqual([
      expect.objectContaining({
        message: 'Argument "filter.country" must be a Node ID or the code of a Country, got "Iran".',
        extensions: expect.objectContaining({ code: "BAD_USER_INPUT", argumentName: "filter.country" }),
      }),
    ]);
  });

  it("says so in the schema, on every filter field that names a country", async () => {
    const res = await server.gql(`{ __type(name: "LeaderFilter") { inputFields { name description } } }`);
    expect(res.data!.__type.inputFields).toContainEqual({
      name: "country",
      description: expect.stringMatching(/Node ID or its ISO .*code/),
    });
  });
});
