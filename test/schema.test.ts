import { readdirSync, readFileSync, readlinkSync } from "node:fs";
import path from "node:path";
import {
  buildSchema,
  findBreakingChanges,
  getIntrospectionQuery,
  NoDeprecatedCustomRule,
  parse,
  validate,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isUnionType,
  type GraphQLInterfaceType,
  type GraphQLSchema,
  type GraphQLUnionType,
} from "graphql";
import { describe, expect, it } from "vitest";
import { SANDBOX_DOCUMENT } from "../src/sandbox";
import { clientSchema, printClientSchema } from "../src/graph/assembly/client-schema";
import { printPossibleTypes } from "../src/graph/assembly/possible-types";
import { buildGraphSchema, printServedSchema } from "../src/graph/assembly/schema";
import { BASELINE_HEADER, nextBaseline } from "../src/scripts/baseline";

const schema: GraphQLSchema = buildGraphSchema();
const BASELINE = path.resolve(__dirname, "..", "schema", "baseline", "client.graphql");
const ours = Object.values(schema.getTypeMap()).filter(
  (t) =>
    !t.name.startsWith("__") &&
    !t.name.startsWith("_") &&
    !["String", "Int", "Float", "Boolean", "ID"].includes(t.name) &&
    ![
      "link__Import",
      "link__Purpose",
      "federation__FieldSet",
      "federation__Scope",
      "federation__Policy",
      "federation__ContextFieldValue",
    ].includes(t.name),
);

describe("schema/subgraph.graphql", () => {
  it("is exactly the schema the code builds (run `npm run schema` after a schema change)", () => {
    const checkedIn = readFileSync(path.resolve(__dirname, "..", "schema", "subgraph.graphql"), "utf8");
    expect(checkedIn).toBe(printServedSchema(schema));
  });
});

describe("schema/client.graphql", () => {
  const checkedIn = readFileSync(path.resolve(__dirname, "..", "schema", "client.graphql"), "utf8");

  it("breaks nothing of the schema last released (schema/baseline/client.graphql): it only adds and deprecates", () => {
    const released = buildSchema(readFileSync(BASELINE, "utf8"));
    const current = buildSchema(checkedIn);
    expect(findBreakingChanges(released, current)).toEqual([]);
    // Deprecating is how a field leaves: none released stops being there, deprecated or not.
    for (const type of Object.values(released.getTypeMap())) {
      if (!("getFields" in type) || type.name.startsWith("__")) continue;
      const now = current.getType(type.name) as typeof type;
      for (const field of Object.keys(type.getFields())) expect(now.getFields()[field], `${type.name}.${field}`).toBeDefined();
    }
  });

  it("is exactly the client view of the schema the code builds (run `npm run schema` after a schema change)", () => {
    expect(checkedIn).toBe(printClientSchema(schema));
  });

  it("carries no federation directive or machinery", () => {
    for (const word of [
      "@link",
      "@key",
      "@shareable",
      "@cost",
      "@listSize",
      "_entities",
      "_service",
      "_Any",
      "_Entity",
      "federation__",
      "link__",
    ]) {
      expect(checkedIn, word).not.toContain(word);
    }
    const client = clientSchema(schema);
    expect(
      client
        .getDirectives()
        .map((d) => d.name)
        .sort(),
    ).toEqual(["deprecated", "include", "oneOf", "skip", "specifiedBy"].filter((n) => client.getDirective(n)));
    expect(Object.keys(client.getTypeMap()).filter((n) => n.startsWith("_") && !n.startsWith("__"))).toEqual([]);
  });

  it("has every type and Query field of the served schema except federation's", () => {
    const client = clientSchema(schema);
    const served = Object.keys(schema.getTypeMap())
      .filter((n) => !/^(_[A-Z]|federation__|link__)/.test(n))
      .sort();
    expect(Object.keys(client.getTypeMap()).sort()).toEqual(served);
    const queryFields = Object.keys(schema.getQueryType()!.getFields())
      .filter((n) => !["_entities", "_service"].includes(n))
      .sort();
    expect(Object.keys(client.getQueryType()!.getFields()).sort()).toEqual(queryFields);
  });
});

describe("schema/possible-types.json", () => {
  const checkedIn = readFileSync(path.resolve(__dirname, "..", "schema", "possible-types.json"), "utf8");

  it("is exactly what fragment-matcher makes of the schema the code builds (run `npm run schema` after a schema change)", async () => {
    expect(checkedIn).toBe(await printPossibleTypes(schema));
  });

  it("lists every member of every interface and union of the client schema, and nothing else", () => {
    const client = clientSchema(schema);
    const abstract = Object.values(client.getTypeMap()).filter(
      (t) => !t.name.startsWith("__") && (isInterfaceType(t) || isUnionType(t)),
    ) as (GraphQLInterfaceType | GraphQLUnionType)[];
    const expected = Object.fromEntries(
      abstract.map((t) => [
        t.name,
        client
          .getPossibleTypes(t)
          .map((m) => m.name)
          .sort(),
      ]),
    );
    expect(JSON.parse(checkedIn)).toEqual({ possibleTypes: expected });
    expect(expected.Cited).toContain("Visit");
    expect(expected.Node).toContain("Source");
  });
});

describe("the schema contract", () => {
  it("describes every type, field, argument and enum value", () => {
    const missing: string[] = [];
    for (const type of ours) {
      if (!type.description) missing.push(type.name);
      if (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)) {
        for (const field of Object.values(type.getFields())) {
          if (field.name.startsWith("_")) continue;
          if (!field.description) missing.push(`${type.name}.${field.name}`);
          for (const arg of "args" in field ? field.args : [])
            if (!arg.description) missing.push(`${type.name}.${field.name}(${arg.name})`);
        }
      }
      if (isEnumType(type)) for (const value of type.getValues()) if (!value.description) missing.push(`${type.name}.${value.name}`);
    }
    expect(missing).toEqual([]);
  });

  it("puts the right indefinite article before a type's name in generated descriptions", () => {
    const descriptions = ours.flatMap((type) => [
      type.description ?? "",
      ...(isObjectType(type) || isInterfaceType(type) || isInputObjectType(type)
        ? Object.values(type.getFields()).map((field) => field.description ?? "")
        : []),
    ]);
    const wrong = descriptions.filter((d) => /\ba [AEIOU]\w*|\ban [B-DF-HJ-NP-TV-Z]\w*/.test(d));
    expect(wrong).toEqual([]);
    const lookup = (name: string) => schema.getQueryType()!.getFields()[name]!.description;
    expect(lookup("accusation")).toBe("Looks up an Accusation by its Node ID; null when none has it.");
    expect(lookup("visit")).toBe("Looks up a Visit by its Node ID; null when none has it.");
  });

  it("has the published names", () => {
    const fields = (name: string) => Object.keys((schema.getType(name) as any).getFields()).sort();
    expect(fields("Query")).toEqual(
      expect.arrayContaining([
        "node",
        "nodes",
        "country",
        "countries",
        "leader",
        "leaders",
        "visit",
        "visits",
        "organization",
        "organizations",
        "sanction",
        "sanctions",
        "source",
        "sources",
      ]),
    );
    expect(fields("Country")).toEqual(
      expect.arrayContaining([
        "id",
        "name",
        "code",
        "aliases",
        "region",
        "capital",
        "leaders",
        "visitsHosted",
        "visitsMade",
        "sanctionsImposed",
        "sanctionsReceived",
        "memberships",
        "citations",
      ]),
    );
    expect(fields("Leader")).toEqual(expect.arrayContaining(["id", "name", "role", "country", "current", "visits", "citations"]));
    expect(fields("Visit")).toEqual(
      expect.arrayContaining([
        "id",
        "visitor",
        "delegation",
        "visitingCountry",
        "hostCountry",
        "city",
        "date",
        "status",
        "purpose",
        "receivedBy",
        "meetings",
        "citations",
      ]),
    );
    expect(fields("Organization")).toEqual(
      expect.arrayContaining(["id", "name", "aliases", "kind", "description", "country", "members", "citations"]),
    );
    expect(fields("Sanction")).toEqual(expect.arrayContaining(["id", "imposer", "target", "description", "licenses", "citations"]));
    expect(fields("SanctionLicense")).toEqual(
      expect.arrayContaining(["licensee", "duration", "durationMonths", "scope", "granted", "citations"]),
    );
    expect(fields("FactDate")).toEqual(expect.arrayContaining(["iso", "year", "month", "day", "precision", "asWritten"]));
    expect(fields("Citation")).toEqual(expect.arrayContaining(["source", "sentence", "quote"]));
    expect(fields("Source")).toEqual(expect.arrayContaining(["id", "title", "publishedOn", "text", "sentences"]));
    expect(fields("PageInfo")).toEqual(["endCursor", "hasNextPage", "hasPreviousPage", "startCursor"]);
    for (const entity of ["Country", "Leader", "Visit", "Organization", "Sanction", "Source"]) {
      expect(fields(`${entity}Connection`)).toEqual(["edges", "nodes", "pageInfo", "totalCount"]);
      expect(fields(`${entity}Edge`)).toEqual(["cursor", "node"]);
      expect((schema.getType(entity) as any).getInterfaces().map((i: any) => i.name)).toContain("Node");
    }
    const visitArgs = (schema.getQueryType()!.getFields().visits!.args ?? []).map((a) => a.name);
    expect(visitArgs).toEqual(expect.arrayContaining(["first", "after", "last", "before", "filter", "orderBy"]));
    expect(Object.keys((schema.getType("VisitFilter") as any).getFields()).sort()).toEqual([
      "from",
      "fromDate",
      "hostCountry",
      "status",
      "to",
      "toDate",
      "visitingCountry",
      "visitor",
    ]);
    expect((schema.getType("VisitStatus") as any).getValues().map((v: any) => v.name)).toEqual(["COMPLETED", "IN_PROGRESS", "PLANNED"]);
    expect((schema.getType("DatePrecision") as any).getValues().map((v: any) => v.name)).toEqual(["DAY", "MONTH", "YEAR"]);
  });

  it("is introspectable like any GraphQL server", async () => {
    const { graphql } = await import("graphql");
    const res = await graphql({ schema, source: getIntrospectionQuery({ descriptions: true }) });
    expect(res.errors).toBeUndefined();
  });
});

describe("the documents we publish", () => {
  const examples = readdirSync(path.resolve(__dirname, "..", "schema", "examples")).map((f) => path.join("schema", "examples", f));
  const documents: [string, string][] = [
    ...examples.map((file): [string, string] => [file, readFileSync(path.resolve(__dirname, "..", file), "utf8")]),
    ["the landing page's example (src/sandbox.ts)", SANDBOX_DOCUMENT],
  ];

  it.each(documents)("%s asks for no deprecated field or enum value", (_name, text) => {
    expect(validate(schema, parse(text), [NoDeprecatedCustomRule]).map((e) => e.message)).toEqual([]);
  });
});

describe("the schema files' names", () => {
  const file = (...parts: string[]) => path.resolve(__dirname, "..", "schema", ...parts);

  it("keep the former names as links to the files now named for their readers", () => {
    expect(readlinkSync(file("api.graphql"))).toBe("client.graphql");
    expect(readlinkSync(file("schema.graphql"))).toBe("subgraph.graphql");
  });

  it("say of the baseline, at its top, that it is not the schema to use", () => {
    expect(readFileSync(BASELINE, "utf8").startsWith(BASELINE_HEADER)).toBe(true);
    expect(BASELINE_HEADER).toMatch(/NOT the schema to use/);
  });
});

describe("npm run schema:release (nextBaseline)", () => {
  const before = "type Query {\n  a: String\n  b: String\n}\n";

  it("moves the baseline to a schema that only adds", () => {
    const added = "type Query {\n  a: String\n  b: String\n  c: Boolean\n}\n";
    expect(nextBaseline(before, added)).toEqual({ baseline: BASELINE_HEADER + added, breaking: [] });
  });

  it("refuses one that breaks the baseline, naming what breaks, unless the break is accepted", () => {
    const removed = "type Query {\n  a: String\n}\n";
    const refused = nextBaseline(before, removed);
    expect(refused.baseline).toBeNull();
    expect(refused.breaking.map((c) => c.description)).toEqual(["Query.b was removed."]);
    expect(nextBaseline(before, removed, true).baseline).toBe(BASELINE_HEADER + removed);
  });
});
