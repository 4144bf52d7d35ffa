/**
 * The deployed shape on one machine: Redis, N replicas of the built server sharing their rate limit
 * through it, HAProxy in front of the replicas (health-checking each one's readiness), and Apollo
 * Gateway composing the subgraph as reached through HAProxy.
 *
 *   client -> gateway -> HAProxy -> replica 1..N -> Redis (rate limit counters)
 *
 * `npm run topology -- [--replicas 2] [--port 4100]` starts it and stops all of it on Ctrl-C; the
 * tests start the pieces they need from here.
 */
import "reflect-metadata";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import pino from "pino";
import type { FastifyBaseLogger } from "fastify";
import { startGateway, type Gateway } from "./federation/gateway";
import { composeSupergraph, newsfactsSubgraph } from "./federation/supergraph";
import { startArgv } from "../src/scripts/start-command";
import { answers200, freePort, integerOption, type Proc, ROOT, spawnProc, waitUntil } from "./processes";

/** Whether a Debian package's command is installed here (`redis-server`, `haproxy`). */
export function installed(command: string): boolean {
  const found = spawnSync(command, ["-v"], { stdio: "ignore" });
  return !found.error;
}

/** What a replica answers 200 on while it serves, and 503 on from the moment it starts to shut down. */
export const READY_PATH = "/ready";

/** Throws, naming the packages, unless the topology's Debian commands are installed. */
export function requireInstalled(): void {
  const missing = ["redis-server", "haproxy"].filter((command) => !installed(command));
  if (missing.length) throw new Error(`${missing.join(" and ")} not installed (Debian: apt-get install -y redis-server haproxy)`);
}

export interface RedisProc extends Proc {
  port: number;
  url: string;
}

/** redis-server on a loopback port, keeping nothing on disk: the counters it holds are worth a window at most. */
export async function startRedis({ port, echo = false }: { port?: number; echo?: boolean } = {}): Promise<RedisProc> {
  const at = port ?? (await freePort());
  const proc = spawnProc("redis", "redis-server", ["--port", String(at), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"], {
    echo,
  });
  await waitUntil(proc, async () => proc.output().includes("Ready to accept connections"));
  return { ...proc, port: at, url: `redis://127.0.0.1:${at}` };
}

export interface ReplicaProc extends Proc {
  port: number;
  url: string;
}

/** One replica: the built server as `npm start` runs it, on `port`, answering once it is ready. */
export async function startReplica(
  name: string,
  { port, env = {}, echo = false }: { port?: number; env?: Record<string, string>; echo?: boolean } = {},
): Promise<ReplicaProc> {
  const at = port ?? (await freePort());
  const url = `http://127.0.0.1:${at}`;
  const proc = spawnProc(name, process.execPath, startArgv(ROOT), {
    env: { NODE_ENV: "production", LOG_LEVEL: "info", HOST: "127.0.0.1", PORT: String(at), ...env },
    echo,
  });
  await waitUntil(proc, () => answers200(`${url}${READY_PATH}`));
  return { ...proc, port: at, url };
}

/** How often HAProxy asks each replica whether it is ready. */
export const CHECK_INTERVAL_MS = 250;
/**
 * Failed checks in a row that take a replica out: more than one, so that a check slowed by a busy
 * machine does not take out a replica that is serving (with every one out, HAProxy refuses all).
 */
export const CHECK_FALL = 3;
/** A stopping replica stays accepting, not ready, until HAProxy has surely taken it out. */
export const DRAIN_DELAY_MS = CHECK_INTERVAL_MS * (CHECK_FALL + 2);

export interface HaproxyOptions {
  port: number;
  /** The statistics page, for a person watching; none when not given. */
  statsPort?: number;
  replicas: readonly { name: string; port: number }[];
}

/**
 * HAProxy's configuration for the replicas: round robin over those whose readiness check passes,
 * and a request a replica could not answer (refused connection, connection closed without an
 * answer, 503 while it closes) sent again to another one. The API is read-only, so any request may
 * be sent twice.
 */
export function haproxyConfig({ port, statsPort, replicas }: HaproxyOptions): string {
  return `global
  log stdout format raw local0 notice

defaults
  mode http
  log global
  timeout connect 1s
  timeout client 30s
  timeout server 30s
  retries 3
  option redispatch 1
  retry-on conn-failure empty-response 503

frontend newsfacts
  bind 127.0.0.1:${port}
  option forwardfor
  default_backend replicas
${
  statsPort === undefined
    ? ""
    : `
frontend stats
  bind 127.0.0.1:${statsPort}
  stats enable
  stats uri /
  stats refresh 1s
`
}
backend replicas
  balance roundrobin
  option httpchk
  http-check send meth GET uri ${READY_PATH} ver HTTP/1.1 hdr host localhost
  http-check expect status 200
  timeout check 2s
  default-server check inter ${CHECK_INTERVAL_MS}ms fall ${CHECK_FALL} rise 1
${replicas.map((r) => `  server ${r.name} 127.0.0.1:${r.port}`).join("\n")}
`;
}

export interface HaproxyProc extends Proc {
  url: string;
}

/** haproxy in the foreground over `options`, answering once a request through it reaches a ready replica. */
export async function startHaproxy(options: HaproxyOptions & { echo?: boolean }): Promise<HaproxyProc> {
  const dir = mkdtempSync(path.join(tmpdir(), "newsfacts-haproxy-"));
  const file = path.join(dir, "haproxy.cfg");
  writeFileSync(file, haproxyConfig(options));
  const proc = spawnProc("haproxy", "haproxy", ["-db", "-f", file], { echo: options.echo });
  void proc.exited.then(() => rmSync(dir, { recursive: true, force: true }));
  const url = `http://127.0.0.1:${options.port}`;
  await waitUntil(proc, () => answers200(`${url}${READY_PATH}`));
  return { ...proc, url };
}

export interface Topology {
  redis: RedisProc;
  replicas: ReplicaProc[];
  haproxy: HaproxyProc;
  gateway: Gateway;
  /** HAProxy's statistics page. */
  statsUrl: string;
  /** Stops `replicas[index]` (SIGTERM: it drains) and starts it again on its port. */
  restartReplica(index: number): Promise<void>;
  /** Stops everything it started, gateway first. */
  stop(): Promise<void>;
}

export interface TopologyOptions {
  replicas?: number;
  /** The gateway's port (0: any free one). */
  gatewayPort?: number;
  /** Settings given to every replica, on top of REDIS_URL and TRUST_PROXY. */
  env?: Record<string, string>;
  /** Every process's output on this one's stdout, prefixed with its name. */
  echo?: boolean;
}

export async function startTopology({ replicas = 2, gatewayPort = 0, env = {}, echo = false }: TopologyOptions = {}): Promise<Topology> {
  const started: { name: string; stop(): Promise<unknown> }[] = [];
  const stopAll = async () => {
    for (const proc of started.splice(0).reverse()) {
      await proc.stop();
      if (echo) console.log(`topology: ${proc.name} stopped`);
    }
  };
  try {
    const redis = await startRedis({ echo });
    started.push(redis);
    // HAProxy adds the client's address to X-Forwarded-For; the replicas take it from there.
    const replicaEnv = { REDIS_URL: redis.url, TRUST_PROXY: "127.0.0.1", DRAIN_DELAY_MS: String(DRAIN_DELAY_MS), ...env };
    const ports = await Promise.all(Array.from({ length: replicas }, () => freePort()));
    const procs = await Promise.all(ports.map((port, i) => startReplica(`replica-${i + 1}`, { port, env: replicaEnv, echo })));
    // Whichever process serves each port now: a restarted replica is the one stopped.
    started.push({ name: "replicas", stop: () => Promise.all(procs.map((proc) => proc.stop())) });
    const [haproxyPort, statsPort] = [await freePort(), await freePort()];
    const haproxy = await startHaproxy({ port: haproxyPort, statsPort, replicas: procs.map((p) => ({ name: p.name, port: p.port })), echo });
    started.push(haproxy);
    const supergraph = composeSupergraph([newsfactsSubgraph(`${haproxy.url}/graphql`)]);
    const gateway = await startGateway({
      supergraphSdl: supergraph.sdl,
      port: gatewayPort,
      host: "127.0.0.1",
      logger: pino({ level: echo ? "info" : "silent" }) as FastifyBaseLogger,
    });
    started.push({ name: "gateway", stop: () => gateway.stop() });
    const topology: Topology = {
      redis,
      replicas: procs,
      haproxy,
      gateway,
      statsUrl: `http://127.0.0.1:${statsPort}/`,
      restartReplica: async (index) => {
        const old = procs[index];
        if (!old) throw new Error(`no replica ${index}`);
        await old.stop();
        procs[index] = await startReplica(old.name, { port: old.port, env: replicaEnv, echo });
      },
      stop: stopAll,
    };
    return topology;
  } catch (err) {
    await stopAll();
    throw err;
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      replicas: { type: "string", default: "2" },
      port: { type: "string", default: "4100" },
    },
  });
  const replicas = integerOption("replicas", values.replicas, 1, 16);
  const port = integerOption("port", values.port, 0, 65535);
  requireInstalled();
  const topology = await startTopology({ replicas, gatewayPort: port, echo: true });
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    console.log("topology: stopping");
    topology.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  console.log(
    [
      "topology: serving",
      `  gateway    ${topology.gateway.url}`,
      `  haproxy    ${topology.haproxy.url}/graphql (statistics: ${topology.statsUrl})`,
      ...topology.replicas.map((r) => `  ${r.name.padEnd(10)} ${r.url}/graphql (pid ${r.child.pid})`),
      `  redis      ${topology.redis.url}`,
      "Ctrl-C stops all of it.",
    ].join("\n"),
  );
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`topology: cannot start: ${(err as Error).message}`);
    process.exit(1);
  });
}
