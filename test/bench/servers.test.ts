/**
 * `npm run bench` keeps working: every server it compares starts from its build and gives the
 * same `data` as newsfacts for every bench query, as the bench itself demands before it measures.
 * (It measures nothing: speed is the bench's, never a test's.)
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Running, startServer } from "./procs";
import { QUERIES } from "./queries";
import { answer, dataOf, FIXTURES, SERVERS, type ServerKey } from "./servers";

/** All but the ceiling, which replays newsfacts' own answers. */
const COMPARED: ServerKey[] = ["newsfacts", "uncached", "naive", "apollo", "mercurius", "apolloExpress"];
const running = new Map<ServerKey, Running>();

beforeAll(async () => {
  const started = await Promise.all(COMPARED.map(async (key) => [key, await startServer(SERVERS[key], FIXTURES, false)] as const));
  for (const [key, server] of started) running.set(key, server);
}, 60_000);
afterAll(() => Promise.all([...running.values()].map((s) => s.stop())));

describe("the bench's servers", () => {
  it.each(QUERIES.map((q) => [q.name, q] as const))("answer %s with the same data as newsfacts", async (_name, query) => {
    const expected = dataOf(SERVERS.newsfacts.name, query, await answer(running.get("newsfacts")!.url, query));
    for (const key of COMPARED) {
      expect(dataOf(SERVERS[key].name, query, await answer(running.get(key)!.url, query)), SERVERS[key].name).toBe(expected);
    }
  });
});
