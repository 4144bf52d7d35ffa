/**
 * The whole topology of `npm run topology`: Apollo Gateway over the subgraph as HAProxy serves it,
 * HAProxy over two replicas, the replicas over one Redis. A query sent to the gateway is answered
 * by both replicas in turn.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { installed, type Topology, startTopology } from "../tools/topology";

const MISSING = ["redis-server", "haproxy"].filter((command) => !installed(command));
const WHY = `${MISSING.join(" and ")} not installed, so the topology cannot be started (Debian: apt-get install -y redis-server haproxy; .ci/run installs them)`;

let topology: Topology;

beforeAll(async () => {
  if (MISSING.length) {
    console.warn(`topology: skipped: ${WHY}`);
    return;
  }
  topology = await startTopology({ replicas: 2 });
}, 60_000);

afterAll(() => topology?.stop());

/** How many GraphQL requests `log` says its replica answered. */
function graphqlRequests(log: string): number {
  return log
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as { msg?: string; path?: string })
    .filter((entry) => entry.msg === "request completed" && entry.path === "/graphql").length;
}

async function until(check: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 25));
}

describe("gateway, HAProxy and two replicas", () => {
  it("answer a query through the gateway from both replicas, as one replica answers it", async ({ skip }) => {
    skip(MISSING.length > 0, WHY);
    const query = `{ country(code: "VE") { name leaders { nodes { name } } } }`;
    const direct = await fetch(`${topology.replicas[0]!.url}/graphql`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ query }),
    });
    const { data } = (await direct.json()) as { data: unknown };
    expect(data).toMatchObject({ country: { name: "Venezuela" } });
    // Log lines arrive through a pipe: counted once the direct request's has.
    await until(() => graphqlRequests(topology.replicas[0]!.output()) > 0);
    const before = topology.replicas.map((r) => graphqlRequests(r.output()));

    for (let i = 0; i < 6; i++) {
      const res = await fetch(topology.gateway.url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ query }),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ data });
    }
    // Round robin: each replica answered some of the gateway's six fetches.
    const answered = () => topology.replicas.map((r, i) => graphqlRequests(r.output()) - before[i]!);
    await until(() => answered().reduce((a, b) => a + b) >= 6);
    expect(answered().reduce((a, b) => a + b)).toBe(6);
    for (const count of answered()) expect(count).toBeGreaterThan(0);
  });
});
