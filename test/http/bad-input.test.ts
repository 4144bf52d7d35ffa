/**
 * The bad-input corpus (bad-input.corpus.json): every hostile or malformed
 * request gets its status and error code, none a 500, an INTERNAL_SERVER_ERROR,
 * a stack trace or an error-level log line, and the server answers a normal
 * query after all of them. A case with `repeat` is sent that many times, its
 * JSON written in other bytes each time but the last (which the response cache
 * replays), so that graphql-js, the compiled and the prepared paths and the
 * cache all answer it; `expect.data` is the `data` each answer must hold.
 */
import { readFileSync } from "node:fs";
import { request } from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { budgetForRefusals, captureLogs, startServer, type TestServer } from "../helpers";

interface Case {
  name: string;
  method?: string;
  path?: unknown;
  headers?: Record<string, unknown>;
  json?: unknown;
  raw?: unknown;
  base64?: string;
  repeat?: number;
  expect: { status: number; code: string | null; messageIncludes?: string; messageExcludes?: string; data?: unknown };
}

const corpus = JSON.parse(readFileSync(path.join(__dirname, "bad-input.corpus.json"), "utf8")) as { cases: Case[] };

/** Expands the corpus's macros: {$repeat, times}, {$concat: [...]}, {$list, times}. */
function expand(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(expand);
  if (value === null || typeof value !== "object") return value;
  const v = value as Record<string, unknown>;
  if ("$repeat" in v) return String(expand(v.$repeat)).repeat(v.times as number);
  if ("$concat" in v) return (v.$concat as unknown[]).map((part) => String(expand(part))).join("");
  if ("$list" in v) return Array.from({ length: v.times as number }, () => expand(v.$list));
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, expand(x)]));
}

interface Reply {
  status: number;
  text: string;
  requestId: string | undefined;
}

/** Indentation of a `json` body on each sending of a repeated case: new bytes, then the first again. */
const INDENTS = [0, 1, 2, 0];

/** Sends the case byte for byte (fetch would refuse some of these headers and bodies); `sending` counts from 0. */
function send(url: string, c: Case, sending = 0): Promise<Reply> {
  const body =
    c.base64 !== undefined
      ? Buffer.from(c.base64, "base64")
      : c.raw !== undefined
        ? Buffer.from(String(expand(c.raw)))
        : c.json !== undefined
          ? Buffer.from(JSON.stringify(expand(c.json), null, INDENTS[sending % INDENTS.length]))
          : undefined;
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/graphql-response+json" };
  for (const [k, v] of Object.entries(c.headers ?? {})) {
    if (v === null) delete headers[k];
    else headers[k] = String(expand(v));
  }
  if (body) headers["content-length"] = String(body.length);
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = request(
      {
        hostname,
        port,
        method: c.method ?? "POST",
        path: c.path === undefined ? "/graphql" : String(expand(c.path)),
        headers,
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (d: Buffer) => chunks.push(d));
        res.on("end", () =>
          resolve({
            status: res.statusCode!,
            text: Buffer.concat(chunks).toString("utf8"),
            requestId: res.headers["x-request-id"] as string | undefined,
          }),
        );
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

/** Requests the corpus sends, each case as many times as it repeats. */
const sends = corpus.cases.reduce((n, c) => n + (c.repeat ?? 1), 0);

let server: TestServer;
const logs = captureLogs("warn");
beforeAll(async () => {
  server = await startServer(undefined, { logger: logs.logger, rateLimit: budgetForRefusals(sends) });
});
afterAll(() => server.close());

describe("the bad-input corpus", () => {
  it("has at least 60 requests, each with a unique name", () => {
    expect(corpus.cases.length).toBeGreaterThanOrEqual(60);
    expect(new Set(corpus.cases.map((c) => c.name)).size).toBe(corpus.cases.length);
  });

  it.each(corpus.cases.map((c) => [c.name, c] as const))("%s", async (_name, c) => {
    for (let sending = 0; sending < (c.repeat ?? 1); sending++) {
      const reply = await send(server.url, c, sending);
      expect(reply.status).not.toBe(500);
      // However it was refused, the answer names the request, for the client to quote.
      expect(reply.requestId).toMatch(/^[\w.:-]+$/);
      expect(reply.text).not.toMatch(/stacktrace|\n\s+at .+\(.+:\d+:\d+\)/);
      const body = JSON.parse(reply.text) as { data?: unknown; errors?: { message: string; extensions?: { code?: string } }[] };
      const codes = (body.errors ?? []).map((e) => e.extensions?.code);
      expect({ sending, status: reply.status, codes }).toEqual({
        sending,
        status: c.expect.status,
        codes: c.expect.code === null ? [] : expect.arrayContaining([c.expect.code]),
      });
      // A hostile request is the client's doing, never an error of ours.
      expect(codes).not.toContain("INTERNAL_SERVER_ERROR");
      if (c.expect.data !== undefined) expect({ sending, data: body.data }).toEqual({ sending, data: c.expect.data });
      if (c.expect.messageExcludes) for (const e of body.errors!) expect(e.message).not.toContain(c.expect.messageExcludes);
      if (c.expect.messageIncludes) expect(body.errors!.map((e) => e.message).join("\n")).toContain(c.expect.messageIncludes);
    }
  });

  it("writes no error-level log line: every request of the corpus is a client's mistake", () => {
    const errors = logs.lines().filter((line) => line.level >= 50);
    expect(errors.map((line) => `${line.msg} ${JSON.stringify(line.errorCodes ?? line.err?.message ?? "")}`)).toEqual([]);
  });

  it("leaves the server answering a normal query", async () => {
    const res = await server.gql(`{ country(code: "VE") { name visitsHosted(first: 2) { totalCount } } }`);
    expect(res).toMatchObject({ status: 200, data: { country: { name: "Venezuela", visitsHosted: { totalCount: 4 } } } });
    expect(res.errors).toBeUndefined();
  });
});
