/**
 * The attacks `npm run soak` sends beside its normal traffic, run in a worker
 * thread of their own (tools/soak/soak.ts starts it), so that making them
 * never delays the normal traffic's requests or its latency measurement.
 * Everything goes to the server on 127.0.0.1; every loop stops at the
 * deadline or at its maximum count, whichever comes first.
 *
 * - refused: requests the server refuses, each costly to refuse (see `refusedBodies`), in turn;
 * - flood: distinct valid documents, one small query with an alias and a page
 *   size of its own each time, so that no cache can hold them all;
 * - slow: sockets held open, half sending a header a byte at a time and never
 *   ending it, half sending a body a byte at a time that never completes; one
 *   the server closes is replaced by a new one;
 * - entities: `_entities` with ~1,750 representations of real Country IDs
 *   (a body of ~93 KB), each body a little different so that no answer is
 *   replayed from the response cache;
 * - introspection: distinct variants of graphql-js's introspection query, each
 *   sent twice (the second body differs by `"variables":{}`: the same document
 *   for Apollo, but not a response-cache hit).
 *
 * Only valid representations are sent: the invalid ones are the bad-input corpus's and the
 * differential test's (they once ended the process).
 */
import { getIntrospectionQuery } from "graphql";
import net from "node:net";
import { parentPort, workerData } from "node:worker_threads";
import { closeAgents, post } from "./soak-http";

export const ATTACKS = {
  refused: "refused requests",
  flood: "distinct documents",
  slow: "slow connections",
  entities: "large _entities",
  introspection: "introspection flood",
} as const;
export type AttackName = keyof typeof ATTACKS;

export interface AttackStats {
  /** Requests sent (slow: sockets opened). */
  sent: number;
  /** Answered with data and no error. */
  answered: number;
  /** Refused by the server, by `status code` (slow: closed by the server, by the status it wrote, if any). */
  refused: Record<string, number>;
  /** Failed: connection errors, timeouts, unreadable answers, internal server errors. */
  failed: Record<string, number>;
  /** Requests in flight (slow: sockets open now). */
  inFlight: number;
  /** Slow only: sockets the server never closed, counted when the run ends. */
  heldToEnd?: number;
}

interface Target {
  host: string;
  port: number;
}

export interface AttackPlan extends Target {
  /** Loopback source addresses of each attack's clients (soak-http.ts): one per connection; the slow sockets share theirs. */
  addresses: Record<AttackName, string[]>;
  /** Date.now() at which every attack stops sending. */
  deadline: number;
  attacks: AttackName[];
  /** Node IDs of real countries, for `_entities`. */
  countryIds: string[];
  /** Sockets the slow attack keeps open. */
  slowSockets: number;
  /** Requests (or sockets) per attack at most, whatever the time. */
  maxPerAttack: number;
}

export type AttackMessage =
  | { type: "stats"; stats: Partial<Record<AttackName, AttackStats>> }
  | { type: "done"; stats: Partial<Record<AttackName, AttackStats>> };

/** A request still unanswered after this long is a failure (`timeout`). */
const REQUEST_TIMEOUT_MS = 15_000;
/** After the deadline, how long in-flight requests and slow sockets are given before the worker stops anyway. */
const DRAIN_MS = REQUEST_TIMEOUT_MS + 2_000;

const newStats = (): AttackStats => ({ sent: 0, answered: 0, refused: {}, failed: {}, inFlight: 0 });
const bump = (tally: Record<string, number>, key: string) => void (tally[key] = (tally[key] ?? 0) + 1);

/** Why a request failed, in a word. */
function reasonOf(err: unknown): string {
  const e = err as { name?: string; code?: string; message?: string };
  if (e?.name === "TimeoutError") return "timeout";
  return e?.code ?? e?.message ?? String(err);
}

/** Counts an answer as answered (data, no error), refused (the server said no) or failed (unreadable, or our fault: 500). */
function classify(stats: AttackStats, status: number, text: string): void {
  let body: { data?: unknown; errors?: { extensions?: { code?: unknown } }[] };
  try {
    body = JSON.parse(text) as typeof body;
  } catch {
    bump(stats.failed, `${status} unreadable answer`);
    return;
  }
  const errors = Array.isArray(body?.errors) ? body.errors : [];
  if (status === 200 && errors.length === 0 && body.data != null) {
    stats.answered++;
    return;
  }
  const codes = [...new Set(errors.map((e) => String(e?.extensions?.code ?? "no code")))].sort().join("+") || "no errors";
  const key = `${status} ${codes}`;
  if (status === 500 || codes.includes("INTERNAL_SERVER_ERROR")) bump(stats.failed, key);
  else bump(stats.refused, key);
}

/** Sends one request from the client address `from` and counts its outcome. */
async function send(target: Target, from: string, stats: AttackStats, body: string): Promise<void> {
  stats.sent++;
  stats.inFlight++;
  try {
    const { status, text } = await post(target, "/graphql", body, from, REQUEST_TIMEOUT_MS);
    classify(stats, status, text);
  } catch (err) {
    bump(stats.failed, reasonOf(err));
  } finally {
    stats.inFlight--;
  }
}

/**
 * One loop per address of `from` (each a client with its own kept-alive connection), sending
 * `request(i, address)` for i = 0, 1, ... until the deadline or `max` requests in all.
 */
async function loops(from: string[], deadline: number, max: number, request: (i: number, from: string) => Promise<void>): Promise<void> {
  let next = 0;
  const loop = async (address: string) => {
    while (Date.now() < deadline && next < max) await request(next++, address);
  };
  await Promise.all(from.map(loop));
}

/**
 * A distinct valid document for each i: the same small query with an alias and a page size of
 * its own. Cheap to run, so that the flood sends tens of thousands in a run.
 */
function floodDocument(i: number): string {
  return `query Flood { countries(first: ${1 + (i % 7)}) { nodes { a${i}: name code leaders { totalCount } } } }`;
}

/** Distinct introspection documents: graphql-js's query with each combination of its options, and a name of its own. */
function introspectionDocument(i: number): string {
  const bit = (n: number) => ((i >> n) & 1) === 1;
  const text = getIntrospectionQuery({
    descriptions: !bit(0),
    specifiedByUrl: bit(1),
    directiveIsRepeatable: bit(2),
    schemaDescription: bit(3),
    inputValueDeprecation: bit(4),
  });
  return text.replace("query IntrospectionQuery", `query Introspection${i}`);
}

/**
 * An `_entities` body of about `count` representations of real countries, different for each i
 * (the first eight spell i in base 7 with the seven countries), so that no answer is a replay.
 */
function entitiesBody(ids: string[], i: number, count = 1750): string {
  const n = count + (i % 10);
  const pick = (k: number) => (k < 8 ? Math.floor(i / ids.length ** k) : i + k) % ids.length;
  const representations = Array.from({ length: n }, (_, k) => ({ __typename: "Country", id: ids[pick(k)] }));
  return JSON.stringify({
    query: "query($r:[_Any!]!){ _entities(representations:$r){ __typename ... on Country { name } } }",
    variables: { r: representations },
  });
}

/**
 * Requests the server refuses, each of which cost it work before refusing: a client that sends
 * only these should be slowed and refused like any other, and cost the others little. The first is
 * the heaviest found: 30,000 empty lists where IDs are expected. Its list is refused by its length
 * before anything walks it, but parsing its JSON (an array for each) is most of its time.
 */
export function refusedBodies(): { name: string; body: string }[] {
  const ids = "query($ids: [ID!]!) { nodes(ids: $ids) { id } }";
  const deep = 5_000;
  const fragments = Array.from({ length: 18 }, (_, k) => `fragment F${k} on Query { ...F${k + 1} ...F${k + 1} }`).join(" ");
  return [
    { name: "30,000 [] as IDs", body: JSON.stringify({ query: ids, variables: { ids: Array.from({ length: 30_000 }, () => []) } }) },
    {
      name: "variables 5,000 lists deep",
      body: `{"query":"query($z: [ID!]!) { nodes(ids: $z) { id } }","variables":{"z":${"[".repeat(deep)}${"]".repeat(deep)}}}`,
    },
    { name: "20,000 nulls as IDs", body: JSON.stringify({ query: ids, variables: { ids: Array.from({ length: 20_000 }, () => null) } }) },
    { name: "a fragment doubled 18 times", body: JSON.stringify({ query: `{ ...F0 } ${fragments} fragment F18 on Query { __typename }` }) },
    {
      name: "over the cost limit",
      body: JSON.stringify({
        query: "{ countries(first: 100) { nodes { leaders(first: 100) { nodes { visits(first: 100) { nodes { id } } } } } } }",
      }),
    },
    { name: "an unknown operation name", body: JSON.stringify({ query: "{ __typename }", operationName: "X" }) },
  ];
}

/**
 * Keeps `target` sockets open, dripping a byte to each every couple of seconds:
 * half never finish their headers, half never finish their body.
 */
async function slowSockets(plan: AttackPlan, stats: AttackStats): Promise<void> {
  const open = new Set<net.Socket>();
  let opened = 0;
  let stopping = false;
  const maxOpens = Math.min(plan.maxPerAttack, plan.slowSockets * 5);

  const openOne = () => {
    if (stopping || opened >= maxOpens || Date.now() >= plan.deadline) return;
    const kind = opened++ % 2 === 0 ? "slow headers" : "slow body";
    stats.sent++;
    const from = plan.addresses.slow;
    const socket = net.connect({ host: plan.host, port: plan.port, localAddress: from[opened % from.length] });
    let connected = false;
    let status = "";
    socket.setNoDelay(true);
    socket.on("connect", () => {
      connected = true;
      open.add(socket);
      stats.inFlight = open.size;
      socket.write(
        kind === "slow headers"
          ? `POST /graphql HTTP/1.1\r\nHost: ${plan.host}:${plan.port}\r\nContent-Type: application/json\r\nX-Slow: `
          : `POST /graphql HTTP/1.1\r\nHost: ${plan.host}:${plan.port}\r\nContent-Type: application/json\r\nContent-Length: 90000\r\n\r\n{"query":"`,
      );
    });
    socket.on("data", (chunk: Buffer) => {
      if (!status) status = /^HTTP\/1\.[01] (\d{3})/.exec(chunk.toString("latin1"))?.[1] ?? "data";
    });
    socket.on("error", (err: NodeJS.ErrnoException) => {
      if (!connected) bump(stats.failed, `${kind}: connect ${err.code ?? err.message}`);
      else if (!stopping) status ||= err.code ?? "error";
    });
    socket.on("close", () => {
      const was = open.delete(socket);
      stats.inFlight = open.size;
      if (was && !stopping) {
        bump(stats.refused, `${kind}: ${status ? `closed by the server after ${status}` : "closed by the server, no answer"}`);
        // Keep the pressure: a socket the server dropped is replaced.
        setTimeout(openOne, 50);
      }
    });
  };

  // Ramp up at 400 sockets a second, so that the server's listen backlog (511) does not overflow
  // whenever its event loop is busy for a moment, which would hold up every new connection.
  await new Promise<void>((resolve) => {
    const ramp = setInterval(() => {
      for (let k = 0; k < 100 && opened < plan.slowSockets; k++) openOne();
      if (opened >= plan.slowSockets || Date.now() >= plan.deadline) {
        clearInterval(ramp);
        resolve();
      }
    }, 250);
  });
  const drip = setInterval(() => {
    let k = 0;
    for (const socket of open) if (k++ % 2 === Math.floor(Date.now() / 1000) % 2) socket.write("a");
  }, 1000);
  await new Promise((resolve) => setTimeout(resolve, Math.max(0, plan.deadline - Date.now())));
  clearInterval(drip);
  stopping = true;
  stats.heldToEnd = open.size;
  for (const socket of open) socket.destroy();
  open.clear();
  stats.inFlight = 0;
}

async function run(plan: AttackPlan): Promise<void> {
  const target = { host: plan.host, port: plan.port };
  const from = plan.addresses;
  const stats: Partial<Record<AttackName, AttackStats>> = {};
  for (const name of plan.attacks) stats[name] = newStats();
  const report = setInterval(() => parentPort?.postMessage({ type: "stats", stats } satisfies AttackMessage), 1000);

  const jobs: Promise<void>[] = [];
  if (stats.refused) {
    const s = stats.refused;
    const bodies = refusedBodies();
    jobs.push(
      loops(from.refused, plan.deadline, plan.maxPerAttack, (i, address) => send(target, address, s, bodies[i % bodies.length]!.body)),
    );
  }
  if (stats.flood) {
    const s = stats.flood;
    jobs.push(
      loops(from.flood, plan.deadline, plan.maxPerAttack, (i, address) =>
        send(target, address, s, JSON.stringify({ query: floodDocument(i) })),
      ),
    );
  }
  if (stats.slow) jobs.push(slowSockets(plan, stats.slow));
  if (stats.entities) {
    const s = stats.entities;
    jobs.push(
      loops(from.entities, plan.deadline, plan.maxPerAttack, (i, address) => send(target, address, s, entitiesBody(plan.countryIds, i))),
    );
  }
  if (stats.introspection) {
    const s = stats.introspection;
    jobs.push(
      loops(from.introspection, plan.deadline, plan.maxPerAttack / 2, async (i, address) => {
        const query = introspectionDocument(i);
        await send(target, address, s, JSON.stringify({ query }));
        await send(target, address, s, JSON.stringify({ query, variables: {} }));
      }),
    );
  }
  const drained = new Promise((resolve) => setTimeout(resolve, Math.max(0, plan.deadline - Date.now()) + DRAIN_MS).unref());
  await Promise.race([Promise.all(jobs), drained]);
  clearInterval(report);
  closeAgents();
  parentPort?.postMessage({ type: "done", stats } satisfies AttackMessage);
}

if (parentPort && workerData) {
  void run(workerData as AttackPlan);
}
