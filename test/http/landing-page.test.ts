/**
 * The landing page through the real server: what a browser gets at /graphql (with Sandbox's CDN
 * or without it, the fallback is in the HTML), the curl line it prints, run with the real curl,
 * a hostile Host header, the schema files and `/`.
 */
import { execFile, spawnSync } from "node:child_process";
import { promisify } from "node:util";
import { readFileSync } from "node:fs";
import { request as httpRequest } from "node:http";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ABOUT, prefersHtml } from "../../src/http/landing-page";
import { SANDBOX_DOCUMENT } from "../../src/sandbox";
import { startServer, type TestServer } from "../helpers";

const BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8";

let server: TestServer;
let behindProxy: TestServer;
beforeAll(async () => {
  [server, behindProxy] = await Promise.all([startServer(), startServer(undefined, { trustProxy: ["127.0.0.1"] })]);
});
afterAll(async () => {
  await Promise.all([server?.close(), behindProxy?.close()]);
});

/** A GET with any headers, Host included (fetch will not send a Host of our choosing). */
function get(
  base: string,
  pathname: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: hostname, port, path: pathname, method: "GET", headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => resolve({ status: res.statusCode!, headers: res.headers, text: Buffer.concat(chunks).toString("utf8") }));
    });
    req.on("error", reject);
    req.end();
  });
}

const page = (headers: Record<string, string> = {}, base = server.url) => get(base, "/graphql", { accept: BROWSER_ACCEPT, ...headers });

function unescapeHtml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|#39);/g, (_, name: string) => ({ amp: "&", lt: "<", gt: ">", quot: '"', "#39": "'" })[name]!);
}

/** The curl line the page prints, as a shell would read it. */
function curlOf(html: string): string {
  const match = /<code id="curl">([^<]*)<\/code>/.exec(html);
  expect(match, "the page has a curl line").not.toBeNull();
  return unescapeHtml(match![1]!);
}

describe("GET /graphql from a browser", () => {
  it("is an HTML page with Sandbox's script and, in the HTML itself, what newsfacts is and how to use it", async () => {
    const res = await page();
    expect(res.status).toBe(200);
    expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    expect(res.headers["cache-control"]).toBe("no-store");
    expect(res.headers.vary).toBe("Accept");
    const html = res.text;
    // Sandbox, from Apollo's CDN, opening with the example query.
    expect(html).toMatch(
      /<script nonce="[^"]+" src="https:\/\/embeddable-sandbox\.cdn\.apollographql\.com\/v2\/embeddable-sandbox\.umd\.production\.min\.js\?runtime=%40apollo%2Fserver%40\d/,
    );
    expect(html).toContain("new window.EmbeddedSandbox(config)");
    expect(html).toContain(JSON.stringify(SANDBOX_DOCUMENT).replaceAll("'", "\\u0027"));
    // The fallback: visible unless Sandbox has loaded, so not hidden in the HTML.
    expect(html).toMatch(/<main id="about">\s*<h1>newsfacts<\/h1>/);
    expect(html).toContain(`<p>${ABOUT}</p>`);
    expect(html).toContain('if (typeof window.EmbeddedSandbox !== "function") return;');
    expect(unescapeHtml(html)).toContain(`<pre><code>${SANDBOX_DOCUMENT.trimEnd()}</code></pre>`);
    expect(curlOf(html).startsWith(`curl -s '${server.url}/graphql' `)).toBe(true);
    expect(html).toContain('<a href="client.graphql">client.graphql</a>');
    expect(html).toContain('<a href="subgraph.graphql">subgraph.graphql</a>');
    expect(html).toContain('<a href="README.md">README.md</a>');
    expect(html).toContain('<a href="docs/clients.md">docs/clients.md</a>');
  });

  it("allows only its own scripts, by a nonce new on every answer, and Sandbox's", async () => {
    const [first, second] = await Promise.all([page(), page()]);
    const csp = String(first.headers["content-security-policy"]);
    const nonce = /script-src 'nonce-([^']+)'/.exec(csp)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
    expect(csp).toBe(
      `script-src 'nonce-${nonce}' https://embeddable-sandbox.cdn.apollographql.com; ` +
        `style-src 'nonce-${nonce}' https://embeddable-sandbox.cdn.apollographql.com; ` +
        "frame-src https://sandbox.embed.apollographql.com; object-src 'none'; base-uri 'none'; form-action 'none'",
    );
    const tags = first.text.match(/<(script|style)\b[^>]*>/g)!;
    expect(tags).toHaveLength(3);
    for (const tag of tags) expect(tag).toContain(`nonce="${nonce}"`);
    expect(second.headers["content-security-policy"]).not.toContain(nonce);
  });

  it("prints a curl line that runs the example query against this server, as the real curl and sh run it", async (context) => {
    if (spawnSync("curl", ["--version"]).status !== 0) return context.skip("no curl on this machine");
    const line = curlOf((await page()).text);
    // Not spawnSync: the server answers from this process.
    const run = await promisify(execFile)("sh", ["-c", line], { encoding: "utf8", timeout: 10_000 });
    const answer = JSON.parse(run.stdout) as { data?: unknown; errors?: unknown };
    expect(answer.errors).toBeUndefined();
    expect(answer.data).toEqual((await server.gql(SANDBOX_DOCUMENT)).data);
    expect((answer.data as { country: { name: string } }).country.name).toBe("Venezuela");
  });

  it("names the host the client asked for, normalised", async () => {
    for (const [host, origin] of [
      ["EXAMPLE.org:8080", "http://example.org:8080"],
      ["api.example.org:80", "http://api.example.org"],
      ["[::1]:4000", "http://[::1]:4000"],
      ["bücher.example", "http://xn--bcher-kva.example"],
    ] as const) {
      const res = await page({ host });
      expect(res.status, host).toBe(200);
      expect(curlOf(res.text).startsWith(`curl -s '${origin}/graphql' `), host).toBe(true);
      expect(res.text, host).toContain(`<code>${origin}/graphql</code>`);
    }
  });

  it("behind a trusted proxy, names the host and protocol it forwards", async () => {
    const res = await page({ "x-forwarded-host": "api.example.org", "x-forwarded-proto": "https" }, behindProxy.url);
    expect(curlOf(res.text).startsWith("curl -s 'https://api.example.org/graphql' ")).toBe(true);
    const port = new URL(behindProxy.url).port;
    const odd = await page({ "x-forwarded-host": "api.example.org", "x-forwarded-proto": "javascript" }, behindProxy.url);
    expect(curlOf(odd.text).startsWith(`curl -s 'http://localhost:${port}/graphql' `)).toBe(true);
  });

  it("never prints a hostile Host header: one no URL holds is refused, one a URL holds but a shell or HTML would read is replaced by localhost", async () => {
    const refused = await page({ host: `evil.example"><script>alert(1)</script>` });
    expect(refused.status).toBe(400);
    expect(JSON.parse(refused.text).errors[0].extensions.code).toBe("BAD_REQUEST");
    expect(refused.text).not.toContain("<script>");

    const port = new URL(server.url).port;
    for (const host of ['a"b$(id)&c', "a'b`id`", "x&quot;y", "a{b}c:4000", "evil.example:4000%0d"]) {
      const res = await page({ host });
      expect(res.status, host).toBe(200);
      expect(curlOf(res.text).startsWith(`curl -s 'http://localhost:${port}/graphql' `), host).toBe(true);
      for (const part of ["$(", "`", 'a"b', "a'b", "{b}", "x&quot;y", "x&amp;quot;y"]) expect(res.text, host).not.toContain(part);
    }
  });

  it("is for browsers only: GraphQL clients and Accept */* get GraphQL answers", async () => {
    expect(prefersHtml(BROWSER_ACCEPT)).toBe(true);
    expect(prefersHtml("text/html")).toBe(true);
    for (const accept of [
      undefined,
      "*/*",
      "application/json",
      "application/graphql-response+json, application/json;q=0.9",
      "text/html;q=0.5, application/json",
    ])
      expect(prefersHtml(accept), String(accept)).toBe(false);
    const json = await get(server.url, "/graphql", { accept: "*/*" });
    expect(json.status).toBe(400);
    expect(json.headers["content-type"]).toMatch(/^application\/json/);
    // A POST is always an operation.
    const post = await server.raw({ body: { query: "{ __typename }" }, headers: { accept: "text/html, application/json;q=0.1" } });
    expect(JSON.parse(post.text).data).toEqual({ __typename: "Query" });
  });
});

describe("the schema files", () => {
  for (const [url, file] of [
    ["/subgraph.graphql", "subgraph.graphql"],
    ["/client.graphql", "client.graphql"],
    // The former names, which configs written before the files were named for their readers fetch.
    ["/schema.graphql", "subgraph.graphql"],
    ["/api.graphql", "client.graphql"],
  ] as const) {
    it(`${url} is schema/${file}, as text, cacheable and revalidated by its ETag`, async () => {
      const checkedIn = readFileSync(path.resolve(__dirname, "..", "..", "schema", file), "utf8");
      const res = await get(server.url, url, { origin: "https://example.org" });
      expect(res.status).toBe(200);
      expect(res.text).toBe(checkedIn);
      expect(res.headers["content-type"]).toBe("text/plain; charset=utf-8");
      expect(res.headers["cache-control"]).toBe("public, max-age=300");
      expect(res.headers["access-control-allow-origin"]).toBe("*");
      const etag = String(res.headers.etag);
      expect(etag).toMatch(/^"[\w-]{43}"$/);
      const again = await get(server.url, url, { "if-none-match": `W/"other", ${etag}` });
      expect(again.status).toBe(304);
      expect(again.text).toBe("");
      expect((await get(server.url, url, { "if-none-match": '"other"' })).status).toBe(200);
    });
  }
});

describe("the documents the page links to", () => {
  for (const [url, file] of [
    ["/README.md", "README.md"],
    ["/docs/clients.md", "docs/clients.md"],
  ] as const) {
    it(`${url} is ${file} of the checkout, as Markdown, cacheable`, async () => {
      const res = await get(server.url, url);
      expect(res.status).toBe(200);
      expect(res.text).toBe(readFileSync(path.resolve(__dirname, "..", "..", file), "utf8"));
      expect(res.headers["content-type"]).toBe("text/markdown; charset=utf-8");
      expect(res.headers["cache-control"]).toBe("public, max-age=300");
    });
  }
});

describe("GET /", () => {
  it("sends a browser to the landing page", async () => {
    const res = await get(server.url, "/", { accept: BROWSER_ACCEPT });
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe("/graphql");
    expect(res.headers.vary).toBe("Accept");
  });

  it("tells any other client where everything is, and every address it names answers", async () => {
    const res = await get(server.url, "/", { accept: "*/*" });
    expect(res.status).toBe(200);
    const index = JSON.parse(res.text);
    expect(index).toEqual({
      name: "newsfacts",
      description: ABOUT,
      graphql: "/graphql",
      schema: { client: "/client.graphql", subgraph: "/subgraph.graphql" },
      health: "/health",
      ready: "/ready",
    });
    for (const url of [index.schema.client, index.schema.subgraph, index.health, index.ready])
      expect((await get(server.url, url)).status, url).toBe(200);
    expect(JSON.parse((await server.raw({ body: { query: "{ __typename }" } })).text).data).toEqual({ __typename: "Query" });
  });
});
