/**
 * The published examples (schema/examples/) and the queries of README and docs, as they were
 * answered before the fixtures moved to one file per source: the same bytes now. A change to the
 * article's facts, or to how fixtures load, that changes what a published query answers fails here.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "../helpers";

const STORED = JSON.parse(readFileSync(path.join(__dirname, "published-answers.json"), "utf8")) as {
  query: string;
  status: number;
  body: string;
}[];

describe("the published queries' answers", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  it.each(
    STORED.map((stored) => [stored.query.split("\n").find((line) => /^(query|\{)/.test(line.trim())) ?? stored.query, stored] as const),
  )("%s", async (_, { query, status, body }) => {
    const answer = await server.raw({ body: { query }, headers: { accept: "application/graphql-response+json" } });
    expect(answer.status).toBe(status);
    expect(answer.text).toBe(body);
  });
});
