/** graphql-request against the real server: the README's examples as codegen's typed documents, and a paged walk. */
import { ClientError, GraphQLClient } from "graphql-request";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { VisitsPageDocument } from "../__generated__/graphql";
import { startServer, type TestServer } from "../helpers";
import { EXAMPLES, onePage, PAGE_SIZE, reference } from "./shared";

let server: TestServer;
let client: GraphQLClient;
beforeAll(async () => {
  server = await startServer();
  client = new GraphQLClient(`${server.url}/graphql`);
});
afterAll(() => server.close());

describe("graphql-request", () => {
  it.each(EXAMPLES.map((e) => [e.name, e] as const))("runs the README's %s and gets the server's answer", async (_name, example) => {
    const fetches = vi.spyOn(globalThis, "fetch");
    const data = await client.request(example.document, example.variables);
    const methods = fetches.mock.calls.map(([input, init]) => init?.method ?? (input instanceof Request ? input.method : "GET"));
    fetches.mockRestore();
    expect(methods).toEqual(["POST"]);
    example.check(data);
    expect(data).toEqual(await reference(server, example.document, example.variables));
  });

  it("walks visits page by page, and the pages put together are the one big page", async () => {
    const edges = [];
    let after: string | null | undefined;
    let pages = 0;
    for (;;) {
      const { visits } = await client.request(VisitsPageDocument, { first: PAGE_SIZE, after });
      pages++;
      edges.push(...visits.edges);
      if (!visits.pageInfo.hasNextPage) break;
      after = visits.pageInfo.endCursor;
    }
    expect(pages).toBe(5);
    expect(edges).toEqual((await onePage(server)).edges);
  });

  it("throws a ClientError that carries the server's error code", async () => {
    const error = await client.request(VisitsPageDocument, { first: 101 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    expect((error as ClientError).response.errors?.[0]?.extensions?.code).toBe("BAD_USER_INPUT");
  });
});
