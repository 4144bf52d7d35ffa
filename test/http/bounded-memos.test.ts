/**
 * What the server keeps across requests is bounded by bytes, whatever the
 * requests: the Host headers it remembers.
 * (Apollo's documents and persisted queries: document-store.test.ts.)
 */
import { describe, expect, it } from "vitest";
import { KnownHosts } from "../../src/http/errors";

describe("the Host headers remembered", () => {
  it("keep at most 256, none longer than 300 characters", () => {
    const hosts = new KnownHosts();
    for (let i = 0; i < 1000; i++) hosts.add(`http://${"h".repeat(16_000)}${i}`);
    expect(hosts.length).toBe(0);
    for (let i = 0; i < 1000; i++) hosts.add(`http://host-${i}.example:4000`);
    expect(hosts.has("http://host-999.example:4000")).toBe(true);
    expect(hosts.length).toBeLessThanOrEqual(KnownHosts.MAX_HOSTS * KnownHosts.MAX_LENGTH);
    hosts.add(`http://${"a".repeat(253)}:65535`); // the longest DNS name with a port is remembered
    expect(hosts.has(`http://${"a".repeat(253)}:65535`)).toBe(true);
  });
});
