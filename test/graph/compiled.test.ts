/** The compiled executor against graphql-js itself, operation by operation. */
import { execute, parse } from "graphql";
import { describe, expect, it } from "vitest";
import { createContext } from "../../src/context";
import { loadFacts } from "../../src/facts/load";
import { CompiledExecution } from "../../src/graph/compiled";
import { buildGraphSchema } from "../../src/graph/schema";
import { FIXTURES } from "../helpers";

const store = loadFacts(FIXTURES);
const schema = buildGraphSchema();
const leader = Buffer.from("Leader:nicolas-maduro").toString("base64");

async function both(engine: CompiledExecution, query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  const compiled = await engine.executor({ document, request: { variables }, context: createContext(store, "test") } as never);
  const reference = await execute({ schema, document, variableValues: variables, contextValue: createContext(store, "test") });
  return { compiled: JSON.stringify(compiled), reference: JSON.stringify(reference) };
}

describe("CompiledExecution", () => {
  it("answers with compiled code, exactly as graphql-js does", async () => {
    const engine = new CompiledExecution(schema, 0);
    const { compiled, reference } = await both(
      engine,
      `query($id: ID!) { node(id: $id) { __typename id ... on Leader { name country { code visitsHosted(first: 2) { edges { cursor node { date { iso } } } } } } }
        search(query: "an") { __typename ... on Country { name } ... on Event { name } } }`,
      { id: leader },
    );
    expect(compiled).toBe(reference);
    expect(JSON.parse(compiled).errors).toBeUndefined();
    expect(engine.answered).toEqual({ compiled: 1, graphqlJs: 0 });
  });

  it("leaves every error to graphql-js: the same messages, paths, locations and codes", async () => {
    const engine = new CompiledExecution(schema, 0);
    for (const [query, variables] of [
      [`{ countries(first: 1) { nodes { name } } visits(first: 500) { totalCount } }`, {}],
      [`query($id: ID!) { leader(id: $id) { name } }`, { id: "not an id" }],
      [`query($n: Int) { countries(first: $n) { totalCount } }`, { n: "ten" }],
    ] as const) {
      const { compiled, reference } = await both(engine, query, variables);
      expect(JSON.parse(compiled).errors).toBeDefined();
      expect(compiled).toBe(reference);
    }
    expect(engine.answered).toEqual({ compiled: 0, graphqlJs: 3 });
  });

  it("runs a document on graphql-js until it has been seen, then compiled", async () => {
    const engine = new CompiledExecution(schema, 1);
    const document = parse(`{ countries(first: 2) { nodes { name } } }`);
    const run = () => engine.executor({ document, request: {}, context: createContext(store, "test") } as never);
    const first = await run();
    const second = await run();
    expect(second).toEqual(first);
    expect(engine.answered).toEqual({ compiled: 1, graphqlJs: 1 });
  });
});
