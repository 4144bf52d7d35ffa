/**
 * Every answer on /graphql that names the allowed methods names the same ones,
 * and they are the methods actually served: GET and POST answer GraphQL,
 * OPTIONS answers (preflight or not); HEAD and the rest get a 405.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ALLOW } from "../../src/http/methods";
import { startServer, type TestServer } from "../helpers";

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
});
afterAll(() => server.close());

describe("methods on /graphql", () => {
  it("are GET, POST and OPTIONS", () => {
    expect(ALLOW).toBe("GET, POST, OPTIONS");
  });

  it("serves GET and POST", async () => {
    const get = await server.raw({ method: "GET", search: { query: "{ __typename }" }, headers: { "apollo-require-preflight": "1" } });
    const post = await server.raw({ body: { query: "{ __typename }" } });
    expect([get.status, post.status]).toEqual([200, 200]);
  });

  it("answers a CORS preflight with Allow, allowing the same methods", async () => {
    const res = await fetch(`${server.url}/graphql`, {
      method: "OPTIONS",
      headers: { origin: "https://example.org", "access-control-request-method": "POST" },
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("allow")).toBe(ALLOW);
    expect(res.headers.get("access-control-allow-methods")).toBe(ALLOW);
  });

  it("answers a plain OPTIONS (no Origin) with Allow", async () => {
    const res = await fetch(`${server.url}/graphql`, { method: "OPTIONS" });
    expect(res.status).toBe(204);
    expect(res.headers.get("allow")).toBe(ALLOW);
  });

  it("refuses HEAD with 405 and the same Allow (it would run the query to send nothing)", async () => {
    const res = await fetch(`${server.url}/graphql?query=%7B__typename%7D`, {
      method: "HEAD",
      headers: { "apollo-require-preflight": "1" },
    });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe(ALLOW);
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it.each(["PUT", "DELETE", "PATCH"])("refuses %s with 405, METHOD_NOT_ALLOWED and the same Allow", async (method) => {
    const body =
      method === "DELETE" ? {} : { headers: { "content-type": "application/json" }, body: JSON.stringify({ query: "{ __typename }" }) };
    const res = await fetch(`${server.url}/graphql`, { method, ...body });
    expect(res.status).toBe(405);
    expect(res.headers.get("allow")).toBe(ALLOW);
    expect(((await res.json()) as { errors: { extensions: { code: string } }[] }).errors[0]!.extensions.code).toBe("METHOD_NOT_ALLOWED");
  });
});
