/** The admission plugin as Apollo calls it: a request already past its deadline once validated is stopped there. */
import { describe, expect, it } from "vitest";
import { parse } from "graphql";
import { createContext } from "../../src/context";
import { loadFacts } from "../../src/facts/load";
import { DEFAULT_LIMITS } from "../../src/request/limits";
import { buildGraphSchema } from "../../src/graph/assembly/schema";
import { admissionPlugin } from "../../src/request/apollo-plugins";
import { DeadlineExceededError } from "../../src/loaders";
import { CostModel } from "../../src/request/cost";
import { FIXTURES } from "../helpers";

describe("admission", () => {
  const plugin = admissionPlugin(DEFAULT_LIMITS, new CostModel(buildGraphSchema()), null);
  const store = loadFacts(FIXTURES);

  async function admit(deadlineAt: number) {
    const listener = (await plugin.requestDidStart!({} as never))!;
    const contextValue = createContext(store, "t", undefined, { at: deadlineAt, timeoutMs: 5 });
    const document = parse(`{ __typename }`);
    return listener.didResolveOperation!({ document, operation: document.definitions[0], request: {}, contextValue } as never);
  }

  it("stops a request whose parsing and validation used up its time, before it executes", async () => {
    await expect(admit(Date.now() - 1)).rejects.toBeInstanceOf(DeadlineExceededError);
    await expect(admit(Date.now() + 60_000)).resolves.toBeUndefined();
  });

  it("leaves an operation Apollo could not resolve to Apollo, which refuses it", async () => {
    const listener = (await plugin.requestDidStart!({} as never))!;
    const contextValue = createContext(store, "t", undefined, { at: Date.now() + 60_000, timeoutMs: 5 });
    const request = { query: "{ __typename }", operationName: "X" };
    await expect(
      listener.didResolveOperation!({ document: parse(request.query), operation: undefined, request, contextValue } as never),
    ).resolves.toBeUndefined();
  });
});
