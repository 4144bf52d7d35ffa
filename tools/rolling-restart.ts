/**
 * `npm run rolling-restart -- [--clients 8] [--settle 1000]`: starts the topology (tools/topology.ts)
 * with two replicas, sends steady traffic through HAProxy, and restarts the replicas one after the
 * other as a deployment would (SIGTERM: the replica turns not-ready, drains and exits; then it
 * starts again and becomes ready). Prints what the clients saw and exits 1 unless no request failed.
 */
import { Agent, request } from "node:http";
import { parseArgs } from "node:util";
import { integerOption } from "./processes";
import { requireInstalled, startTopology } from "./topology";

/** A page of countries with their leaders: a query that does some work on every replica. */
const QUERY = JSON.stringify({ query: "{ countries(first: 5) { nodes { name leaders { nodes { name } } } } }" });

interface Outcome {
  ok: boolean;
  /** What went wrong, for the tally: the status, or the socket error's code. */
  what: string;
}

/** One POST through `agent` (kept-alive connections, as a client library keeps them). */
function send(url: URL, agent: Agent): Promise<Outcome> {
  return new Promise((resolve) => {
    const req = request(
      url,
      { method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(QUERY) } },
      (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => {
          const clean = res.statusCode === 200 && !text.includes('"errors"') && text.includes('"data"');
          resolve({ ok: clean, what: clean ? "200" : `${res.statusCode} ${text.slice(0, 120)}` });
        });
        res.on("error", (err: NodeJS.ErrnoException) => resolve({ ok: false, what: `cut off: ${err.code ?? err.message}` }));
      },
    );
    req.on("error", (err: NodeJS.ErrnoException) => resolve({ ok: false, what: `no answer: ${err.code ?? err.message}` }));
    req.end(QUERY);
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      clients: { type: "string", default: "8" },
      settle: { type: "string", default: "1000" },
    },
  });
  const clients = integerOption("clients", values.clients, 1, 256);
  const settleMs = integerOption("settle", values.settle, 0, 60_000);
  requireInstalled();

  const topology = await startTopology({ replicas: 2 });
  try {
    const url = new URL(`${topology.haproxy.url}/graphql`);
    const agent = new Agent({ keepAlive: true, maxSockets: clients });
    const failures = new Map<string, number>();
    let ok = 0;
    let running = true;
    const started = Date.now();
    const loops = Array.from({ length: clients }, async () => {
      while (running) {
        const outcome = await send(url, agent);
        if (outcome.ok) ok++;
        else failures.set(outcome.what, (failures.get(outcome.what) ?? 0) + 1);
      }
    });

    await sleep(settleMs);
    const restarts: string[] = [];
    for (const index of [0, 1]) {
      const name = topology.replicas[index]!.name;
      const before = Date.now();
      await topology.restartReplica(index);
      restarts.push(`${name} stopped, started and ready again in ${Date.now() - before} ms`);
      // Until HAProxy's check has seen it ready, the other replica carries the traffic alone.
      await sleep(settleMs);
    }
    running = false;
    await Promise.all(loops);
    agent.destroy();

    const seconds = (Date.now() - started) / 1000;
    const failed = [...failures.values()].reduce((a, b) => a + b, 0);
    console.log(
      [
        `rolling restart: ${clients} clients through HAProxy for ${seconds.toFixed(1)} s`,
        ...restarts.map((line) => `  ${line}`),
        `  requests: ${ok + failed} (${((ok + failed) / seconds).toFixed(0)}/s), answered cleanly: ${ok}`,
        `  failed requests: ${failed}`,
        ...[...failures].map(([what, count]) => `    ${count} x ${what}`),
      ].join("\n"),
    );
    return failed === 0 ? 0 : 1;
  } finally {
    await topology.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`rolling-restart: ${(err as Error).message}`);
    process.exit(1);
  },
);
