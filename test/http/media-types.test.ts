/**
 * Media types through the real server: a body in a charset other than UTF-8
 * is refused, naming it; and every /graphql answer, first or replayed from the
 * response cache, says that it depends on `Accept`, so a shared cache keeps
 * the graphql-response+json and the application/json answer apart.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { charsetsOf, varyWithAccept } from "../../src/http/media-types";
import { startServer, type RawRequest, type TestServer } from "../helpers";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

const QUERY = { query: `{ country(code: "VE") { name } }` };

/** POSTs `body` as text with `contentType`. */
async function post(contentType: string, body = JSON.stringify(QUERY)) {
  const res = await fetch(`${server.url}/graphql`, { method: "POST", headers: { "content-type": contentType }, body });
  return {
    status: res.status,
    body: (await res.json()) as { data?: unknown; errors?: { message: string; extensions: { code: string } }[] },
  };
}

describe("request charsets", () => {
  it.each([
    ["application/json; charset=utf-16", "utf-16"],
    ["application/json; charset=UTF-16BE", "utf-16be"],
    ["application/json; charset=latin1", "latin1"],
    ["application/json; charset=iso-8859-1", "iso-8859-1"],
    ['application/json; charset="windows-1252"', "windows-1252"],
    ["application/json; charset=us-ascii", "us-ascii"],
    ["application/json; charset=", ""],
    ["application/json; charset=utf-8; charset=koi8-r", "koi8-r"],
  ])("refuses %s with 415, naming the charset", async (contentType, charset) => {
    const res = await post(contentType);
    expect(res.status).toBe(415);
    expect(res.body.errors).toEqual([
      { message: expect.stringContaining(`Charset "${charset}" is not supported`), extensions: { code: "UNSUPPORTED_MEDIA_TYPE" } },
    ]);
  });

  it.each([
    "application/json",
    "application/json; charset=utf-8",
    "application/json; charset=UTF-8",
    'application/json; charset="utf-8"',
    "application/json;charset=Utf-8",
    "application/json; charset=utf8",
  ])("reads %s", async (contentType) => {
    expect(await post(contentType)).toMatchObject({ status: 200, body: { data: { country: { name: "Venezuela" } } } });
  });

  it("takes a charset parameter apart as HTTP writes it", () => {
    expect(charsetsOf("application/json")).toEqual([]);
    expect(charsetsOf('application/json; foo="a;charset=latin1"; charset=UTF-8')).toEqual(["utf-8"]);
    expect(charsetsOf('application/json; CHARSET = "utf\\-16"')).toEqual(["utf-16"]);
  });
});

describe("Vary: Accept", () => {
  /** The answer, and whether a resolver ran for it (an answer replayed from the cache runs none). */
  async function ask(request: RawRequest) {
    server.batches.clear();
    const answer = await server.raw(request);
    return {
      status: answer.status,
      vary: answer.headers.get("vary"),
      type: answer.headers.get("content-type"),
      cacheControl: answer.headers.get("cache-control"),
      executed: server.batches.size > 0,
    };
  }

  it.each([
    ["POST", { body: { query: `{ countries(first: 2) { nodes { leaders { totalCount } } } }` } }],
    [
      "GET",
      {
        method: "GET",
        search: { query: `{ countries(first: 3) { nodes { leaders { totalCount } } } }` },
        headers: { "apollo-require-preflight": "1" },
      },
    ],
  ] as const)("is on every cacheable %s answer, of either media type, first and replayed", async (_method, request: RawRequest) => {
    for (const accept of ["application/graphql-response+json", "application/json"]) {
      const first = await ask({ ...request, headers: { ...request.headers, accept } });
      const replayed = await ask({ ...request, headers: { ...request.headers, accept } });
      expect([first.executed, replayed.executed]).toEqual([true, false]);
      for (const answer of [first, replayed]) {
        expect(answer).toMatchObject({
          status: 200,
          vary: "Accept",
          cacheControl: "max-age=300, public",
          type: `${accept}; charset=utf-8`,
        });
      }
    }
  });

  it("is on answers with errors and on the Sandbox page too, which also depend on Accept", async () => {
    expect((await ask({ body: { query: `{ nope }` } })).vary).toBe("Accept");
    const page = await fetch(`${server.url}/graphql`, { headers: { accept: "text/html" } });
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(page.headers.get("vary")).toBe("Accept");
  });

  it("leaves CORS's own Vary as it was: none for any origin, Access-Control-Request-Headers on a preflight", async () => {
    expect((await ask({ body: QUERY, headers: { origin: "https://example.org" } })).vary).toBe("Accept");
    const preflight = await fetch(`${server.url}/graphql`, {
      method: "OPTIONS",
      headers: { origin: "https://example.org", "access-control-request-method": "POST" },
    });
    expect(preflight.headers.get("vary")).toBe("Access-Control-Request-Headers");
  });

  it("adds Accept to a Vary it finds, once", () => {
    expect(varyWithAccept(undefined)).toBe("Accept");
    expect(varyWithAccept("Origin")).toBe("Origin, Accept");
    expect(varyWithAccept(["Origin", "Accept-Encoding"])).toBe("Origin, Accept-Encoding, Accept");
    expect(varyWithAccept("origin, accept")).toBe("origin, accept");
    expect(varyWithAccept("*")).toBe("*");
  });
});
