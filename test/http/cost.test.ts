/**
 * What a query costs, as a client meets it through the server: no answer carries many more bytes
 * per point than a normal query's, however it is written, and a refusal for cost says which
 * connections were counted at their default page and how to fix it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_RATIO, measure, normalBytesPerPoint, probes, table, type Measured, type Post } from "../../src/scripts/bytes-per-point";
import { startServer, type TestServer } from "../helpers";

let server: TestServer;
beforeAll(async () => {
  // The probes send some megabytes of answers, more than one client's budget allows in a minute.
  server = await startServer(undefined, { rateLimit: { points: 0, windowSeconds: 60 } });
});
afterAll(() => server.close());

describe("bytes per point", () => {
  it(`no hostile query gets more than ${MAX_RATIO}× a normal query's bytes per point`, async () => {
    const post: Post = (body) => server.raw({ body });
    const rows: Measured[] = [];
    for (const probe of probes()) rows.push(await measure(post, probe));
    const normal = normalBytesPerPoint(rows);
    const worst = rows.filter((r) => r.hostile).sort((a, b) => b.bytesPerPoint - a.bytesPerPoint)[0]!;
    expect(worst.bytesPerPoint / normal, table(rows)).toBeLessThanOrEqual(MAX_RATIO);
    // The audit's own cases: each scaled to the limit, and each a large answer, so the bound is met by pricing, not by refusing.
    for (const name of ["`_service { sdl }` under aliases", "`_entities`: Source texts", "`nodes(ids:)`: Source IDs, 100 an alias"]) {
      expect(rows.find((r) => r.name === name)?.bytes, name).toBeGreaterThan(200_000);
    }
  }, 60_000);
});
