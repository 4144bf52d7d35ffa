/**
 * End to end, as a user runs it: our real server and a second subgraph on local ports,
 * `npm run supergraph` (the built script) composing them, and @apollo/gateway serving
 * that supergraph and planning queries across both.
 */
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { once } from "node:events";
import { createServer } from "node:net";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startGateway, type Gateway } from "../../tools/federation/gateway";
import { encodeId } from "../../src/graph/shapes/ids";
import { startServer, type TestServer } from "../helpers";
import { RISK, RISK_SDL, startRiskSubgraph, type RiskSubgraph } from "./risk-subgraph";

let ours: TestServer;
let risk: RiskSubgraph;
let gateway: Gateway;
const dir = mkdtempSync(path.join(tmpdir(), "newsfacts-gateway-"));

beforeAll(async () => {
  [ours, risk] = await Promise.all([startServer(), startRiskSubgraph()]);
  const riskFile = path.join(dir, "risk.graphql");
  const supergraphFile = path.join(dir, "supergraph.graphql");
  writeFileSync(riskFile, RISK_SDL);
  const script = path.resolve(__dirname, "..", "..", ".tools", "build", "tools", "supergraph.js");
  const composed = spawnSync(
    process.execPath,
    [script, "--url", `${ours.url}/graphql`, "--out", supergraphFile, `risk=${risk.url}=${riskFile}`],
    { encoding: "utf8" },
  );
  expect(composed.status, composed.stderr).toBe(0);
  gateway = await startGateway({
    supergraphSdl: readFileSync(supergraphFile, "utf8"),
    port: 0,
    host: "127.0.0.1",
    logger: pino({ level: "silent" }),
  });
});

afterAll(async () => {
  await Promise.all([gateway?.stop(), risk?.stop(), ours?.close()]);
  rmSync(dir, { recursive: true, force: true });
});

async function viaGateway(query: string, variables?: Record<string, unknown>) {
  ours.batches.clear();
  risk.referencesResolved.clear();
  const res = await fetch(gateway.url, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: any; errors?: unknown[] };
  return { ...body, batches: Object.fromEntries(ours.batches), riskReferences: Object.fromEntries(risk.referencesResolved) };
}

describe("@apollo/gateway over our subgraph and a second one", () => {
  it("runs a query that starts in ours, crosses into theirs and back, with the right answer", async () => {
    // newsfacts: country -> risk: riskScore, partners -> newsfacts: name, leaders -> risk: approvalRating
    const res = await viaGateway(`{
      country(code: "IR") {
        name
        riskScore
        partners { name code leaders { nodes { id name approvalRating } } }
      }
    }`);
    expect(res.errors).toBeUndefined();

    // The right answer: our facts, as our subgraph serves them alone, joined with theirs by Node ID.
    const direct = await ours.gql(
      `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Country { name code leaders { nodes { id name } } } } }`,
      {
        ids: RISK.partners.get(encodeId("countries", "iran")),
      },
    );
    const partners = direct.data!.nodes.map((country: any) => ({
      ...country,
      leaders: {
        nodes: country.leaders.nodes.map((leader: any) => ({ ...leader, approvalRating: RISK.approvalRating.get(leader.id) ?? null })),
      },
    }));
    expect(res.data).toEqual({ country: { name: "Iran", riskScore: 80, partners } });
    expect(partners.map((p: any) => p.name)).toEqual(["Venezuela", "Cuba", "Nicaragua"]);
    const maduro = partners[0].leaders.nodes.find((l: any) => l.name === "Nicolas Maduro");
    expect(maduro.approvalRating).toBe(31.5);

    // Our subgraph got two fetches: the root field (one country look-up), then the three
    // partner representations in one `_entities` call (one country batch, one leaders batch).
    expect(res.batches).toEqual({ "countries.byId": 2, "leaders.country": 1 });
    const leaderCount = partners.reduce((n: number, p: any) => n + p.leaders.nodes.length, 0);
    expect(res.riskReferences).toEqual({ Country: 1, Leader: leaderCount });
  });

  it("runs a query that starts in theirs and resolves our fields by key", async () => {
    const res = await viaGateway(`{ briefings { nodes { title countries { name riskScore visitsHosted { totalCount } } } } }`);
    expect(res.errors).toBeUndefined();
    expect(res.data.briefings.nodes[0].title).toBe("Tour of friendly countries");
    expect(res.data.briefings.nodes[0].countries.map((c: any) => [c.name, c.riskScore])).toEqual([
      ["Venezuela", 70],
      ["Cuba", 60],
    ]);
    expect(res.data.briefings.nodes[0].countries[0].visitsHosted.totalCount).toBeGreaterThan(0);
    expect(res.batches).toEqual({ "countries.byId": 1, "visits.hostCountry": 1 });
  });

  it("joins on the Wikidata ID, our second key, both ways", async () => {
    // risk -> newsfacts: an organization it knows only by its Wikidata item.
    const theirs = await viaGateway(`{ briefings { nodes { organizations { wikidataId name sanctionsExposure } } } }`);
    expect(theirs.errors).toBeUndefined();
    expect(theirs.data.briefings.nodes[0].organizations).toEqual([{ wikidataId: "Q7795", name: "OPEC", sanctionsExposure: 40 }]);
    // newsfacts -> risk: our organizations' Wikidata IDs are the key it resolves them by.
    const ours = await viaGateway(`{ organizations(first: 10) { nodes { name wikidataId sanctionsExposure } } }`);
    expect(ours.errors).toBeUndefined();
    const opec = ours.data.organizations.nodes.find((o: any) => o.wikidataId === "Q7795");
    expect(opec).toEqual({ name: "OPEC", wikidataId: "Q7795", sanctionsExposure: 40 });
  });

  it("fetches any of our objects by Node ID with node(id:), with their fields added", async () => {
    const id = encodeId("countries", "venezuela");
    const res = await viaGateway(`query($id: ID!) { node(id: $id) { id ... on Country { name riskScore } } }`, { id });
    expect(res.errors).toBeUndefined();
    expect(res.data.node).toEqual({ id, name: "Venezuela", riskScore: 70 });
  });

  it("passes our BAD_USER_INPUT errors through to the client", async () => {
    const res = await viaGateway(`{ node(id: "not-an-id") { id } }`);
    expect(res.data.node).toBeNull();
    expect(res.errors).toEqual([
      expect.objectContaining({
        message: 'Argument "id" is not a valid Node ID: "not-an-id".',
        extensions: expect.objectContaining({ code: "BAD_USER_INPUT" }),
      }),
    ]);
  });
});

/** A loopback port nothing listens on. */
async function deadPort(): Promise<number> {
  const probe = createServer().listen(0, "127.0.0.1");
  await once(probe, "listening");
  const { port } = probe.address() as { port: number };
  await new Promise((resolve) => probe.close(resolve));
  return port;
}

describe("`npm run gateway` (the built script, NODE_ENV unset as npm leaves it)", () => {
  let child: ChildProcess | undefined;
  afterAll(() => {
    child?.kill("SIGTERM");
  });

  it("answers a request whose subgraph cannot be reached masked: no stack trace, no file path, no subgraph address; the log has them", async () => {
    const dead = await deadPort();
    const supergraphFile = path.join(dir, "supergraph-dead-risk.graphql");
    const riskFile = path.join(dir, "risk.graphql");
    const composed = spawnSync(
      process.execPath,
      [
        path.resolve(__dirname, "..", "..", ".tools", "build", "tools", "supergraph.js"),
        "--url",
        `${ours.url}/graphql`,
        "--out",
        supergraphFile,
        `risk=http://127.0.0.1:${dead}/graphql=${riskFile}`,
      ],
      { encoding: "utf8" },
    );
    expect(composed.status, composed.stderr).toBe(0);
    const { NODE_ENV: _unset, ...env } = process.env;
    child = spawn(
      process.execPath,
      [path.resolve(__dirname, "..", "..", ".tools", "build", "tools", "gateway.js"), "--supergraph", supergraphFile, "--port", "0"],
      {
        env,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let stdout = "";
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString("utf8");
    });
    const deadline = Date.now() + 20_000;
    while (!/gateway: serving (\S+)/.test(stdout) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const url = /gateway: serving (\S+)/.exec(stdout)?.[1];
    expect(url, stdout).toBeDefined();

    const res = await fetch(url!, {
      method: "POST",
      headers: { "content-type": "application/json", "x-request-id": "gateway-test-1" },
      body: JSON.stringify({ query: `{ country(code: "IR") { name riskScore } }` }),
    });
    expect(res.headers.get("x-request-id")).toBe("gateway-test-1");
    const text = await res.text();
    const body = JSON.parse(text) as { data?: unknown; errors?: { message: string; extensions?: Record<string, unknown> }[] };
    expect(body.errors).toEqual([
      {
        message: "Internal server error. Quote request id gateway-test-1 when reporting it.",
        extensions: { code: "INTERNAL_SERVER_ERROR", requestId: "gateway-test-1" },
      },
    ]);
    for (const leak of ["stacktrace", "node_modules", ".js:", "/work", __dirname, "ECONNREFUSED", String(dead)])
      expect(text, leak).not.toContain(leak);

    // The log line carries what the answer does not, under the same id.
    await new Promise((resolve) => setTimeout(resolve, 200));
    const logged = stdout
      .split("\n")
      .filter((line) => line.startsWith("{"))
      .map((line) => JSON.parse(line) as { level: number; reqId?: string; err?: { message: string; stack: string } });
    const error = logged.find((line) => line.reqId === "gateway-test-1" && line.level === 50);
    expect(error?.err?.message).toContain("ECONNREFUSED");
    expect(error?.err?.stack).toContain("node_modules");
  });
});
