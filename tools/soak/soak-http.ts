/**
 * The soak's HTTP client: POSTs to the server on 127.0.0.1 from a chosen
 * loopback source address, so that the server sees the soak's traffic as
 * coming from many clients (normal users on 127.0.1.x, each attack from
 * addresses of its own) rather than as one, as it would in real life; a
 * per-client limit then applies to each client, not to all of them at once.
 * On Linux every 127.x.y.z address is loopback; where binding one fails
 * (macOS has only 127.0.0.1 unless aliased), `clientAddresses` falls back on
 * 127.0.0.1 alone.
 */
import { Agent, request } from "node:http";
import net from "node:net";

export interface Answer {
  status: number;
  text: string;
  /** Milliseconds from sending the request to the end of the answer. */
  ms: number;
}

/** One keep-alive agent per source address. */
const agents = new Map<string, Agent>();

function agentFor(localAddress: string): Agent {
  let agent = agents.get(localAddress);
  if (!agent) agents.set(localAddress, (agent = new Agent({ keepAlive: true, maxSockets: 64 })));
  return agent;
}

/** POSTs `body` (JSON) to `path`; rejects on a connection error, or with a TimeoutError after `timeoutMs`. */
export function post(
  target: { host: string; port: number },
  path: string,
  body: string,
  localAddress: string,
  timeoutMs: number,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const req = request(
      {
        host: target.host,
        port: target.port,
        path,
        method: "POST",
        localAddress,
        agent: agentFor(localAddress),
        headers: {
          "content-type": "application/json",
          accept: "application/graphql-response+json",
          "content-length": Buffer.byteLength(body),
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (chunk: Buffer) => chunks.push(chunk));
        res.on("end", () =>
          resolve({
            status: res.statusCode ?? 0,
            text: Buffer.concat(chunks).toString("utf8"),
            ms: Number(process.hrtime.bigint() - started) / 1e6,
          }),
        );
        res.on("error", reject);
      },
    );
    req.setTimeout(timeoutMs, () => req.destroy(Object.assign(new Error(`no answer in ${timeoutMs} ms`), { name: "TimeoutError" })));
    req.on("error", reject);
    req.end(body);
  });
}

/** Closes every kept-alive connection. */
export function closeAgents(): void {
  for (const agent of agents.values()) agent.destroy();
  agents.clear();
}

/**
 * `count` loopback source addresses 127.`block`.x.y (from 127.`block`.0.1, y from 1 to 254), or ["127.0.0.1"]
 * when this machine cannot bind such an address.
 */
export async function clientAddresses(block: number, count: number, target: { host: string; port: number }): Promise<string[]> {
  const addresses = Array.from({ length: Math.max(1, count) }, (_, i) => `127.${block}.${Math.floor(i / 254)}.${(i % 254) + 1}`);
  const works = await new Promise<boolean>((resolve) => {
    const socket = net.connect({ host: target.host, port: target.port, localAddress: addresses[0] });
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("error", () => resolve(false));
  });
  return works ? addresses : ["127.0.0.1"];
}
