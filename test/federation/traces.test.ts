/**
 * Federated (ftv1) traces, over HTTP: timings of every field are for a router
 * that reports them to GraphOS, so a client asking for one gets none unless
 * the server is configured to give them (FEDERATION_TRACES=true).
 */
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config";
import { FIXTURES, startServer } from "../helpers";

const ASK = { body: { query: `{ countries(first: 2) { nodes { name } } }` }, headers: { "apollo-federation-include-trace": "ftv1" } };

async function answerTo(federationTraces: boolean | undefined) {
  const server = await startServer(FIXTURES, federationTraces === undefined ? {} : { federationTraces });
  try {
    const res = await server.raw(ASK);
    return { status: res.status, body: JSON.parse(res.text) as { data: unknown; extensions?: { ftv1?: unknown } } };
  } finally {
    await server.close();
  }
}

describe("federated traces", () => {
  it("are off by default: asking for one gets the answer alone", async () => {
    const res = await answerTo(undefined);
    expect(res.status).toBe(200);
    expect(res.body.extensions?.ftv1).toBeUndefined();
    expect(res.body.data).toEqual({ countries: { nodes: [expect.any(Object), expect.any(Object)] } });
    expect(loadConfig({}).federationTraces).toBe(false);
  });

  it("are given to whoever asks once configured", async () => {
    const res = await answerTo(loadConfig({ FEDERATION_TRACES: "true" }).federationTraces);
    expect(res.status).toBe(200);
    expect(res.body.extensions?.ftv1).toEqual(expect.stringMatching(/^[A-Za-z0-9+/]+=*$/));
  });

  it("are configured with true or false only", () => {
    expect(() => loadConfig({ FEDERATION_TRACES: "yes" })).toThrow(/FEDERATION_TRACES/);
  });
});
