/**
 * GraphQL-over-HTTP compliance: graphql-http's server audits against the
 * running server. No audit may fail; every warning and notice must be listed,
 * with its reason, in the compliance table of docs/security.md.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { serverAudits, type AuditResult } from "graphql-http";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { budgetForRefusals, startServer, type TestServer } from "../helpers";

let server: TestServer;
const results: AuditResult[] = [];
beforeAll(async () => {
  // graphql-http's audit: dozens of requests, most of them refused.
  server = await startServer(undefined, { rateLimit: budgetForRefusals(100) });
});
afterAll(() => server.close());

/** The compliance table of docs/security.md: `| \`ID\` | warn or notice | … |` rows. */
function documented(): string[] {
  const readme = readFileSync(path.resolve(__dirname, "..", "..", "docs", "security.md"), "utf8");
  return [...readme.matchAll(/^\| `([0-9A-Z]{4})` \| (warn|notice) \|/gm)].map((m) => `${m[1]} ${m[2]}`).sort();
}

describe("graphql-http server audits", () => {
  // The audits need the server's URL, known only once it listens; each audit runs inside one test.
  it("passes every MUST, SHOULD and MAY audit it does not list in docs/security.md", async () => {
    for (const audit of serverAudits({ url: () => `${server.url}/graphql` })) results.push(await audit.fn());
    expect(results.length).toBeGreaterThan(50);
    const failed = results.filter((r) => r.status === "error").map((r) => `${r.id} ${r.name}: ${r.status !== "ok" ? r.reason : ""}`);
    expect(failed).toEqual([]);
    const listed = results
      .filter((r) => r.status === "warn" || r.status === "notice")
      .map((r) => `${r.id} ${r.status}`)
      .sort();
    expect(listed).toEqual(documented());
  });
});
