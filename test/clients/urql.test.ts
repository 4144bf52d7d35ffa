/**
 * urql (@urql/core) with its default options against the real server: queries go by GET
 * (`preferGetMethod: "within-url-limit"`), which Apollo's CSRF prevention used to refuse.
 */
import { cacheExchange, Client, fetchExchange } from "@urql/core";
import { afterAll, afterEach, beforeAll, describe, expect, it, type MockInstance, vi } from "vitest";
import { VisitsPageDocument } from "../__generated__/graphql";
import { startServer, type TestServer } from "../helpers";
import { EXAMPLES, onePage, PAGE_SIZE, reference, withoutTypename } from "./shared";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

/** Watches what urql sends, without changing any of its options. */
let fetches: MockInstance<typeof fetch>;
beforeAll(() => {
  fetches = vi.spyOn(globalThis, "fetch");
});
afterEach(() => fetches.mockClear());
afterAll(() => fetches.mockRestore());

/** The requests urql sent: method, the operation's name from the URL, and its headers. */
function sent() {
  return fetches.mock.calls.map(([url, init]) => ({
    method: init?.method ?? "GET",
    operationName: new URL(String(url)).searchParams.get("operationName"),
    headers: new Headers(init?.headers),
  }));
}

/** The documented setup: a URL and urql's two default exchanges, nothing else. */
const urqlClient = () => new Client({ url: `${server.url}/graphql`, exchanges: [cacheExchange, fetchExchange] });

describe("urql with its defaults", () => {
  it.each(EXAMPLES.map((e) => [e.name, e] as const))("runs the README's %s by GET and gets the server's answer", async (name, example) => {
    const client = urqlClient();
    const { data, error } = await client.query(example.document, example.variables).toPromise();
    expect(error).toBeUndefined();
    example.check(withoutTypename(data));
    expect(withoutTypename(data)).toEqual(await reference(server, example.document, example.variables));
    const [request] = sent();
    expect(request!.method).toBe("GET");
    expect(request!.operationName).toBe(name);
    // Nothing but a CORS-safelisted accept: the simple request a CSRF check would refuse.
    expect([...request!.headers.keys()]).toEqual(["accept"]);
    // An answer browsers and CDNs may keep by its URL.
    const answer = await fetches.mock.results[0]!.value;
    expect(answer.headers.get("cache-control")).toBe("max-age=300, public");
    expect(answer.headers.get("vary")).toMatch(/accept/i);
  });

  it("walks visits page by page by GET, and the pages put together are the one big page", async () => {
    const client = urqlClient();
    const prepared = server.engines.get("prepared") ?? 0;
    const edges = [];
    let after: string | null | undefined;
    let pages = 0;
    for (;;) {
      const { data, error } = await client.query(VisitsPageDocument, { first: PAGE_SIZE, after }).toPromise();
      expect(error).toBeUndefined();
      pages++;
      edges.push(...data!.visits.edges);
      if (!data!.visits.pageInfo.hasNextPage) break;
      after = data!.visits.pageInfo.endCursor;
    }
    expect(pages).toBe(5);
    expect(sent().map((r) => r.method)).toEqual(Array(5).fill("GET"));
    // Each page after the first is the same operation: answered without Apollo's pipeline (src/speed/prepared.ts).
    expect((server.engines.get("prepared") ?? 0) - prepared).toBeGreaterThanOrEqual(4);
    expect(withoutTypename(edges)).toEqual((await onePage(server)).edges);
  });
});
