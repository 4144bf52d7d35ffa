/**
 * The cost model: the formula on small operations worked by hand, the documents
 * real clients send (Apollo Client's added `__typename`, Relay's edges, cursors
 * and page info, colocated fragments) costing what the plain document costs and
 * admitted, and every attack of the request-path audit refused before it runs.
 */
import { addTypenameToDocument } from "@apollo/client/utilities";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import {
  buildSchema,
  getIntrospectionQuery,
  introspectionFromSchema,
  Kind,
  parse,
  print,
  visit,
  type DocumentNode,
  type FieldNode,
  type SelectionNode,
} from "graphql";
import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "../../src/request/limits";
import { buildGraphSchema, printServedSchema } from "../../src/graph/assembly/schema";
import { BYTES_PER_POINT, bytesWeight } from "../../src/graph/assembly/cost-directives";
import { MAX_SOURCE_TEXT_BYTES } from "../../src/facts/records";
import { INTROSPECTION_PER_POINT } from "../../src/request/rate-limit";
import { CostModel, MAX_COSTED_FIELDS } from "../../src/request/cost";
import { DeadlineExceededError } from "../../src/loaders";
import { SANDBOX_DOCUMENT } from "../../src/sandbox";
import { encodeId } from "../../src/graph/shapes/ids";

const schema = buildGraphSchema();
const costs = new CostModel(schema);
const EXAMPLES = path.resolve(__dirname, "..", "..", "schema", "examples");

const estimate = (query: string | DocumentNode, variables?: Record<string, unknown>) =>
  costs.estimate(typeof query === "string" ? parse(query) : query, undefined, variables)!;
const cost = (query: string | DocumentNode, variables?: Record<string, unknown>) => estimate(query, variables).cost;

/** A frontend page four connections deep at `first: 10`, as the audit wrote it. */
const FRONTEND_PAGE = `query Page { countries(first: 10) { nodes { name leaders(first: 10) { nodes { name visits(first: 10) { nodes {
  date { iso } hostCountry { name sanctionsReceived(first: 5) { nodes { imposer { name } } } } } } } } } } }`;

/** The documents a person can send from the README and from Sandbox, with the variables they default to. */
const DOCUMENTS: Record<string, string> = {
  ...Object.fromEntries(readdirSync(EXAMPLES).map((file) => [file, readFileSync(path.join(EXAMPLES, file), "utf8")])),
  sandbox: SANDBOX_DOCUMENT,
  "frontend page": FRONTEND_PAGE,
};

/** Relay's form of a document: `nodes` read through `edges { cursor node }`, with `pageInfo`, and `id` and `__typename` on every object. */
function relayForm(document: DocumentNode): DocumentNode {
  const field = (name: string, selections?: SelectionNode[]): FieldNode => ({
    kind: Kind.FIELD,
    name: { kind: Kind.NAME, value: name },
    ...(selections ? { selectionSet: { kind: Kind.SELECTION_SET, selections } } : {}),
  });
  const withNodesAsEdges = visit(document, {
    Field(node) {
      if (node.name.value !== "nodes" || !node.selectionSet || node.arguments?.length) return undefined;
      return field("edges", [field("cursor"), field("node", [...node.selectionSet.selections, field("id")])]);
    },
    SelectionSet: {
      leave(node) {
        const isConnection = node.selections.some((s) => s.kind === Kind.FIELD && s.name.value === "edges");
        return isConnection
          ? { ...node, selections: [...node.selections, field("pageInfo", [field("endCursor"), field("hasNextPage")])] }
          : undefined;
      },
    },
  });
  return addTypenameToDocument(withNodesAsEdges);
}

/** The README's walk written as four colocated fragments, the way component-based apps write it. */
const NESTED_AS_FRAGMENTS = `
query NestedFacts($first: Int = 10) { countries(first: $first) { totalCount nodes { ...CountryCard } } }
fragment CountryCard on Country { id name code leaders(first: 5) { nodes { ...LeaderCard } } }
fragment LeaderCard on Leader { name role current visits(first: 5) { nodes { ...VisitRow } } }
fragment VisitRow on Visit { date { iso precision asWritten } status hostCountry { name sanctionsReceived(first: 3) { nodes { ...SanctionRow } } } }
fragment SanctionRow on Sanction { imposer { name } licenses { licensee { name } duration } }`;

describe("the cost formula", () => {
  it("an object costs 1, a leaf and __typename nothing, a connection 1 + rows × one node", () => {
    expect(cost(`{ __typename countries(first: 3) { totalCount pageInfo { hasNextPage endCursor } } }`)).toBe(1);
    expect(cost(`{ countries(first: 3) { nodes { name } } }`)).toBe(1 + 3 * 1);
    expect(cost(`{ countries(first: 3) { nodes { name leaders(first: 2) { nodes { name } } } } }`)).toBe(1 + 3 * (1 + (1 + 2 * 1)));
    // Through edges as through nodes: an edge is computed from its page, not loaded.
    expect(cost(`{ countries(first: 3) { edges { cursor node { name } } } }`)).toBe(1 + 3 * 1);
    expect(cost(`{ countries(last: 4) { nodes { name } } }`)).toBe(1 + 4);
  });

  it("a connection without first or last counts its default page of 20, whether omitted, null or a null variable", () => {
    expect(cost(`{ countries { nodes { name } } }`)).toBe(21);
    expect(cost(`{ countries(first: null) { nodes { name } } }`)).toBe(21);
    expect(cost(`query($n: Int) { countries(first: $n) { nodes { name } } }`, { n: null })).toBe(21);
    expect(cost(`query($n: Int = 7) { countries(first: $n) { nodes { name } } }`)).toBe(8);
    expect(cost(`query($n: Int = 7) { countries(first: $n) { nodes { name } } }`, { n: 2 })).toBe(3);
  });

  it("page sizes count at most the 100 a resolver serves, so larger ones get the resolver's own BAD_USER_INPUT", () => {
    expect(cost(`{ countries(first: 2147483647) { nodes { name } } }`)).toBe(101);
  });

  it("plain lists count their declared bound; nodes(ids:) and _entities count what they are given", () => {
    expect(cost(`{ country(code: "VE") { citations { sentence } } }`)).toBe(1 + 10 * 1);
    expect(cost(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: ["a", "b", "c"] })).toBe(3);
    expect(cost(`query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids: Array(5000).fill("a") })).toBe(100);
    const entities = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Country { name leaders(first: 2) { nodes { name } } } } }`;
    expect(cost(entities, { r: Array(7).fill({ __typename: "Country", id: encodeId("countries", "iran") }) })).toBe(7 * (1 + 1 + 2));
    expect(cost(`{ search(query: "ira", first: 4) { __typename } }`)).toBe(4);
    expect(cost(`{ search(query: "ira") { __typename } }`)).toBe(10);
  });

  it("an abstract selection costs its costliest member; @skip and @include count only what runs", () => {
    const q = `query($all: Boolean!) { node(id: "x") { ... on Country { leaders(first: 9) { nodes { name } } } ... on Leader { visits(first: 2) { nodes { id } } } }
      countries(first: 5) @include(if: $all) { nodes { name } } }`;
    expect(cost(q, { all: false })).toBe(1 + 1 + 9);
    expect(cost(q, { all: true })).toBe(1 + 1 + 9 + 1 + 5);
    expect(cost(`{ countries(first: 5) @skip(if: true) { nodes { name } } }`)).toBe(0);
  });

  it("introspection is costed apart, its lists priced at the schema's largest, each root at least at the bytes of the whole", () => {
    const { cost: data, introspection } = estimate(`{ __schema { types { name } } countries(first: 2) { nodes { name } } }`);
    expect(data).toBe(3);
    const whole = introspectionFromSchema(schema, {
      descriptions: true,
      specifiedByUrl: true,
      directiveIsRepeatable: true,
      schemaDescription: true,
      inputValueDeprecation: true,
    });
    const descriptions = bytesWeight(Buffer.byteLength(JSON.stringify(whole))) * INTROSPECTION_PER_POINT;
    expect(descriptions).toBeGreaterThan(1 + Object.keys(schema.getTypeMap()).length);
    expect(introspection).toBe(descriptions);
    expect(estimate(`{ a: __type(name: "Query") { name } b: __type(name: "Country") { name } }`).introspection).toBe(2 * descriptions);
    // Where the objects a root counts come to more, they are its price.
    const walk = estimate(getIntrospectionQuery()).introspection;
    expect(walk).toBeGreaterThan(descriptions);
    expect(walk).toBe(estimate(getIntrospectionQuery({ descriptions: false })).introspection);
  });

  it("every list of objects in the schema declares how it is sized (or the model refuses to build)", () => {
    // The model checks this when it is built; the SDL carries the declarations for a router too.
    const sdl = readFileSync(path.resolve(__dirname, "..", "..", "schema", "subgraph.graphql"), "utf8");
    expect(sdl).toContain(
      '@listSize(assumedSize: 20, slicingArguments: ["first", "last"], sizedFields: ["edges", "nodes"], requireOneSlicingArgument: false)',
    );
    expect(sdl).toMatch(/type PageInfo[^{]*@cost\(weight: 0\)/);
    // A list of objects without a declared size: the model will not guess.
    expect(() => new CostModel(buildSchema(`type Query { things: [Thing!]! } type Thing { name: String }`))).toThrow(
      "Query.things is a list of Thing without @listSize: its cost cannot be estimated",
    );
    const sized = buildSchema(
      `directive @listSize(assumedSize: Int) on FIELD_DEFINITION type Query { things: [Thing!]! @listSize(assumedSize: 3) } type Thing { name: String }`,
    );
    expect(new CostModel(sized).estimate(parse(`{ things { name } }`))).toEqual({ cost: 3, introspection: 0 });
  });
});

describe("what real clients send is admitted, and costs what the plain document costs", () => {
  for (const [name, query] of Object.entries(DOCUMENTS)) {
    it(name, () => {
      const document = parse(query);
      const plain = cost(document);
      expect(plain).toBeLessThanOrEqual(DEFAULT_LIMITS.maxCost);
      // Apollo Client and urql add __typename to every selection set.
      expect(cost(addTypenameToDocument(document))).toBe(plain);
      // Relay reads connections through edges, with cursors, page info, ids and __typename.
      expect(cost(relayForm(document)), print(relayForm(document))).toBe(plain);
    });
  }

  it("the README's walk as four colocated fragments", () => {
    const walk = readFileSync(path.join(EXAMPLES, "nested.graphql"), "utf8");
    expect(cost(NESTED_AS_FRAGMENTS)).toBe(cost(walk));
    expect(cost(relayForm(parse(NESTED_AS_FRAGMENTS)))).toBe(cost(walk));
  });

  it("the introspection queries of Sandbox, codegen and linters", () => {
    for (const options of [
      {},
      {
        descriptions: true,
        specifiedByUrl: true,
        directiveIsRepeatable: true,
        schemaDescription: true,
        inputValueDeprecation: true,
        oneOf: true,
      },
    ]) {
      const { cost: data, introspection } = estimate(getIntrospectionQuery(options));
      expect(data).toBe(0);
      expect(introspection).toBeLessThanOrEqual(DEFAULT_LIMITS.maxIntrospectionCost);
    }
  });
});

describe("the attacks of the request-path audit are refused", () => {
  it("a walk without page sizes counts its default pages", () => {
    const walk = readFileSync(path.join(EXAMPLES, "nested.graphql"), "utf8").replace(/\(first: \d+\)/g, "");
    expect(cost(walk, { first: null })).toBeGreaterThan(DEFAULT_LIMITS.maxCost);
  });

  it("_entities with 1,750 representations of a nested selection", () => {
    const r = Array(1750).fill({ __typename: "Country", id: encodeId("countries", "venezuela") });
    const q = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Country { name leaders { nodes { name visits { nodes { id } } } } } } }`;
    expect(cost(q, { r })).toBeGreaterThan(DEFAULT_LIMITS.maxCost);
  });

  it("introspection that nests fields in fields", () => {
    const nested = `{ __schema { types { fields { type { fields { type { fields { name } } } } } } } }`;
    expect(estimate(nested).introspection).toBeGreaterThan(DEFAULT_LIMITS.maxIntrospectionCost);
  });

  it("a fragment that spreads another twice, ten deep, has too many fields to price", () => {
    const fragments = Array.from(
      { length: 12 },
      (_, i) =>
        `fragment F${i} on Country { ${i === 11 ? "name" : `leaders(first: 1) { nodes { country { ...F${i + 1} } } } code ...F${i + 1}`} }`,
    );
    const q = `{ countries(first: 1) { nodes { ...F0 } } } ${fragments.join(" ")}`;
    expect(estimate(q).cost).toBe(Infinity);
    expect(MAX_COSTED_FIELDS).toBe(10_000);
  });
});

describe("remembered estimates", () => {
  it("give the same answer as a fresh estimate, per text, operation and variables", () => {
    const model = new CostModel(schema);
    const text = `query A($n: Int) { countries(first: $n) { nodes { name } } } query B { __typename }`;
    const document = parse(text);
    for (const [operation, variables] of [
      ["A", { n: 3 }],
      ["A", { n: 7 }],
      ["A", { n: 3 }],
      ["B", {}],
      ["A", { n: "not a number" }],
    ] as const) {
      expect(model.estimate(document, operation, variables, text)).toEqual(costs.estimate(document, operation, variables));
    }
    // A 90 KB variable value is estimated but not remembered.
    const huge = { n: "x".repeat(90_000) };
    expect(model.estimate(document, "A", huge, text)).toBeNull();
  });
});

describe("what an answer can carry, priced by its size", () => {
  const textWeight = bytesWeight(MAX_SOURCE_TEXT_BYTES);

  it("a source's text and sentences cost the bytes each may carry, a point per BYTES_PER_POINT, in the SDL as in the estimate", () => {
    expect(textWeight).toBe(MAX_SOURCE_TEXT_BYTES / BYTES_PER_POINT);
    expect(cost(`{ sources(first: 2) { nodes { title } } }`)).toBe(1 + 2 * 1);
    expect(cost(`{ sources(first: 2) { nodes { text } } }`)).toBe(1 + 2 * (1 + textWeight));
    expect(cost(`{ sources(first: 2) { nodes { text sentences } } }`)).toBe(1 + 2 * (1 + 2 * textWeight));
    // Through citations, ten to a record.
    expect(cost(`{ country(code: "VE") { citations { source { text } } } }`)).toBe(1 + 10 * (1 + 1 + textWeight));
    const sdl = printServedSchema(schema);
    expect(sdl).toContain(`text: String! @cost(weight: ${textWeight})`);
    expect(sdl).toContain(`sentences: [String!]! @cost(weight: ${textWeight})`);
  });

  it("_service { sdl } costs the bytes of the SDL it serves", () => {
    const bytes = Buffer.byteLength(JSON.stringify(printServedSchema(schema)));
    expect(cost(`{ _service { sdl } }`)).toBe(1 + Math.ceil(bytes / BYTES_PER_POINT));
    expect(cost(`{ a: _service { sdl } b: _service { sdl } }`)).toBe(2 * (1 + Math.ceil(bytes / BYTES_PER_POINT)));
    expect(cost(`{ _service { __typename } }`)).toBe(1);
  });

  it("_entities and nodes(ids:) cost each item as what its selection can carry", () => {
    const id = encodeId("sources", "raisi-venezuela-2023");
    expect(cost(`query($ids: [ID!]!) { nodes(ids: $ids) { ... on Source { text } } }`, { ids: [id, id, id] })).toBe(3 * (1 + textWeight));
    const r = Array(40).fill({ __typename: "Source", id });
    expect(cost(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Source { text sentences } } }`, { r })).toBe(
      40 * (1 + 2 * textWeight),
    );
    expect(cost(`query($r: [_Any!]!) { _entities(representations: $r) { ... on Source { text sentences } } }`, { r })).toBeGreaterThan(
      DEFAULT_LIMITS.maxCost / 2,
    );
  });
});

describe("the connections a refusal names", () => {
  const ISSUE = `{ countries { nodes { name leaders { nodes { name visits { nodes { hostCountry { name } } } } } } } }`;

  it("names each connection left at its default page, with its path, field, rows and what it adds", () => {
    const pages = costs.defaultPages(parse(ISSUE));
    expect(pages).toEqual([
      { path: ["countries"], field: "Query.countries", rows: 20, cost: cost(ISSUE) },
      { path: ["countries", "nodes", "leaders"], field: "Country.leaders", rows: 20, cost: 20 * (1 + 20 * (1 + 1 + 20 * (1 + 1))) },
      { path: ["countries", "nodes", "leaders", "nodes", "visits"], field: "Leader.visits", rows: 20, cost: 20 * 20 * (1 + 20 * (1 + 1)) },
    ]);
  });

  it("follows aliases, fragments, variables and @skip, and leaves out connections given first or last", () => {
    const q = `query($n: Int, $all: Boolean!) { c: countries(first: $n) { nodes { ...L } } o: organizations @skip(if: $all) { nodes { name } } }
      fragment L on Country { leaders(last: 2) { nodes { v: visits { nodes { id } } } } sanctionsReceived { totalCount } }`;
    const pages = costs.defaultPages(parse(q), undefined, { n: 3, all: false });
    // `sanctionsReceived { totalCount }` counts nothing per row: passing first would not lower it.
    expect(pages).toEqual([
      { path: ["c", "nodes", "leaders", "nodes", "v"], field: "Leader.visits", rows: 20, cost: 3 * 2 * 21 },
      { path: ["o"], field: "Query.organizations", rows: 20, cost: 21 },
    ]);
    expect(costs.defaultPages(parse(q), undefined, { n: null, all: true }).map((p) => p.path.join("."))).toEqual([
      "c",
      "c.nodes.leaders.nodes.v",
    ]);
    expect(costs.defaultPages(parse(`{ countries(first: 5) { nodes { name } } }`))).toEqual([]);
  });

  it("adds up to the estimate through abstract types and colocated fragments", () => {
    // An abstract type counts as its costliest member: here a Leader's visits, not a Country's leaders.
    const node = `{ node(id: "x") { ... on Country { leaders { nodes { name } } } ... on Leader { visits { nodes { id hostCountry { name } } } } } }`;
    expect(costs.defaultPages(parse(node))).toEqual([{ path: ["node", "visits"], field: "Leader.visits", rows: 20, cost: cost(node) - 1 }]);
    for (const query of [
      readFileSync(path.join(EXAMPLES, "nested.graphql"), "utf8").replace(/\(first: [$\w]+\)/g, ""),
      `{ countries { ...C } } fragment C on CountryConnection { nodes { leaders { nodes { name } } } }`,
    ]) {
      const document = parse(query);
      const [outer] = costs.defaultPages(document);
      expect(outer?.cost, query).toBe(cost(document));
    }
  });
});

describe("operations and variables the estimate must not trip over", () => {
  it("an operation name that names no operation is no estimate (Apollo refuses it), even for an anonymous operation", () => {
    expect(costs.estimate(parse(`{ __typename }`), "X", {})).toBeNull();
    expect(costs.estimate(parse(`query A { __typename }`), "B", {})).toBeNull();
    expect(costs.estimate(parse(`query A { __typename } query B { countries(first: 2) { nodes { name } } }`), "B", {})).toEqual({
      cost: 3,
      introspection: 0,
    });
  });

  it("fields past MAX_COSTED_FIELDS are the cost limit's, not introspection's", () => {
    const fragments = Array.from({ length: 19 }, (_, i) =>
      i === 0 ? `fragment F0 on Query { __typename }` : `fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`,
    );
    expect(estimate(`{ ...F18 } ${fragments.join(" ")}`)).toEqual({ cost: Infinity, introspection: 0 });
  });

  it("looks at the request's deadline while it prices, and stops there", () => {
    let looks = 0;
    const timeUp = () => {
      if (++looks > 1) throw new DeadlineExceededError(5);
    };
    // 4,096 fields to price: the deadline is looked at before and while pricing them.
    const fragments = Array.from({ length: 13 }, (_, i) =>
      i === 0 ? `fragment F0 on Query { __typename }` : `fragment F${i} on Query { ...F${i - 1} ...F${i - 1} }`,
    );
    const text = `{ ...F12 } ${fragments.join(" ")}`;
    const model = new CostModel(schema);
    expect(() => model.estimate(parse(text), undefined, {}, text, timeUp)).toThrow(DeadlineExceededError);
    expect(looks).toBe(2);
    // Not remembered as an answer: the same request in time is estimated.
    expect(model.estimate(parse(text), undefined, {}, text, () => {})).toEqual({ cost: 0, introspection: 0 });
  });
});
