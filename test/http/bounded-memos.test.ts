/**
 * What the server keeps across requests is bounded by bytes, whatever the
 * requests: the Host headers it remembers, and the log lines waiting for stdout.
 * (Apollo's documents and persisted queries: document-store.test.ts.)
 */
import { execFileSync } from "node:child_process";
import { constants, mkdtempSync, openSync, readSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { KnownHosts } from "../../src/http/errors";
import { logDestination } from "../../src/http/request-scope";

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

describe("the log's destination", () => {
  it("keeps at most its bound waiting for a reader that stalls, then says how many lines it dropped", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "newsfacts-log-"));
    const fifo = path.join(dir, "stdout");
    execFileSync("mkfifo", [fifo]);
    // Both ends at once: nothing reads until the test does, as with a stalled log shipper.
    const fd = openSync(fifo, constants.O_RDWR | constants.O_NONBLOCK);
    const stream = logDestination(fd, 256 * 1024);
    try {
      const line = `${JSON.stringify({ level: 30, msg: "request completed", pad: "x".repeat(200) })}\n`;
      let dropped = 0;
      stream.on("drop", () => void dropped++);
      for (let i = 0; i < 20_000; i++) stream.write(line); // ~4.5 MB
      expect(dropped).toBeGreaterThan(10_000);
      expect((stream as unknown as { _len: number })._len).toBeLessThanOrEqual(256 * 1024);

      // The reader comes back: the lines kept arrive, then one line with the count.
      let text = "";
      const buffer = Buffer.alloc(64 * 1024);
      for (let i = 0; i < 200 && !text.includes("droppedLines"); i++) {
        try {
          for (let n: number; (n = readSync(fd, buffer)) > 0; ) text += buffer.toString("utf8", 0, n);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== "EAGAIN") throw err;
        }
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const notice = text
        .split("\n")
        .filter((l) => l.includes("droppedLines"))
        .map((l) => JSON.parse(l) as { level: number; droppedLines: number; msg: string });
      expect(notice).toEqual([expect.objectContaining({ level: 40, droppedLines: dropped })]);
    } finally {
      // The stream closes its descriptor.
      await new Promise((resolve) => {
        stream.once("close", resolve);
        stream.destroy();
      });
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
