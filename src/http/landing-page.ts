/**
 * What a person finds: a browser's GET /graphql gets Apollo Sandbox with the example query and,
 * in the HTML itself, what newsfacts is, that query, a `curl` line for this server and the schema
 * files. That part shows until Sandbox has loaded from Apollo's CDN, so a browser that cannot
 * reach the CDN (offline, blocked, no JavaScript) still gets a working page. The schemas are
 * served at /client.graphql and /subgraph.graphql (and their former names), and `/` leads to the page.
 *
 * Served here rather than by Apollo's `renderLandingPage` hook, which is given no request: the
 * `curl` line names the host the browser asked for. Apollo's own landing page is disabled.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { createHash, randomBytes } from "node:crypto";
import { createRequire } from "node:module";
import { DEFAULT_EMBEDDED_SANDBOX_VERSION } from "@apollo/server/plugin/landingPage/default";
import escapeHtml from "escape-html";
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fresh from "fresh";
import { type GraphQLSchema, stripIgnoredCharacters } from "graphql";
import Negotiator from "negotiator";
import { printClientSchema } from "../graph/assembly/client-schema";
import { printServedSchema } from "../graph/assembly/schema";
import { SANDBOX_DOCUMENT } from "../sandbox";
import { hostUrl } from "./errors";

/** What newsfacts is, in one paragraph (the page and the index at `/`). */
export const ABOUT =
  "newsfacts is a GraphQL API that turns news articles into a graph of cited facts: countries, leaders, " +
  "visits, organizations, sanctions, agreements and events, each carrying its citations (the sentence " +
  "of the source that states it and the verbatim words). Dates are as precise as the source and no more.";

/** The two schema files, as `npm run schema` writes them to schema/, at stable URLs named for who reads them. */
export const SCHEMA_PATHS = { subgraph: "/subgraph.graphql", client: "/client.graphql" } as const;

/** The project's documents the page links to, by URL, as paths from the checkout's root. */
export const DOCUMENT_PATHS = { "/README.md": "README.md", "/docs/clients.md": "docs/clients.md" } as const;

/** Where the same files were served before they were named for their readers: configs that fetch them keep working. */
export const FORMER_SCHEMA_PATHS = { subgraph: "/schema.graphql", client: "/api.graphql" } as const;

const SANDBOX_CDN = "https://embeddable-sandbox.cdn.apollographql.com";
const SANDBOX_FRAME = "https://sandbox.embed.apollographql.com";

/**
 * The @apollo/server in use, which Apollo's own page reports to Sandbox as its runtime (its package.json is not exported).
 * Resolved through createRequire: in the start-up snapshot's bundle, `require` knows only Node's own modules.
 */
const APOLLO_RUNTIME = `@apollo/server@${
  (
    JSON.parse(readFileSync(path.join(createRequire(__filename).resolve("@apollo/server"), "..", "..", "..", "package.json"), "utf8")) as {
      version: string;
    }
  ).version
}`;

/** Apollo Server's own test for a landing page (`prefersHTML`): text/html wins against the types it answers GraphQL in. */
const NEGOTIATED = [
  "application/json; charset=utf-8",
  "application/graphql-response+json; charset=utf-8",
  "multipart/mixed; deferSpec=20220824",
  "multipart/mixed; incrementalSpec=v0.2",
  "multipart/mixed",
  "text/html",
];

export function prefersHtml(accept: string | undefined): boolean {
  return !!accept && new Negotiator({ headers: { accept } }).mediaType(NEGOTIATED) === "text/html";
}

/**
 * A host safe to print in HTML and in a single-quoted shell word: a DNS name or an IP address
 * and a port, as WHATWG URL parsing normalises them (lower case, Punycode). URL parsing alone
 * lets through `"`, `&`, `$(…)` and backquotes.
 */
const PRINTABLE_HOST = /^(?:[a-z0-9_.-]{1,253}|\[[0-9a-f:.]{2,45}\])(?::[0-9]{1,5})?$/;

/**
 * The origin the client reached this server at, from its protocol and Host header (or what a
 * trusted proxy forwards). A host that is not plainly a name or an address is the client's
 * invention: the page then names localhost on the port the request came in on.
 */
export function publicOrigin(request: FastifyRequest): string {
  const url = hostUrl(request.protocol, request.host);
  if (url && (url.protocol === "http:" || url.protocol === "https:") && PRINTABLE_HOST.test(url.host)) return url.origin;
  return `http://localhost:${request.socket.localPort}`;
}

/** A word for a POSIX shell, in single quotes. */
function shellWord(text: string): string {
  return `'${text.replaceAll("'", `'\\''`)}'`;
}

/** The `curl` command that runs the example query against `endpoint`. */
export function curlLine(endpoint: string): string {
  const body = JSON.stringify({ query: stripIgnoredCharacters(SANDBOX_DOCUMENT) });
  return `curl -s ${shellWord(endpoint)} -H 'content-type: application/json' --data ${shellWord(body)}`;
}

/** JSON inside a <script>: nothing in it can end the element or open a comment, in any string. */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/[<>&'\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
}

/** What Sandbox opens with: the example query, cookies off, the endpoint this page's own URL. */
const SANDBOX_CONFIG = {
  target: "#embeddableSandbox",
  initialState: { document: SANDBOX_DOCUMENT, includeCookies: false },
  hideCookieToggle: false,
  endpointIsEditable: false,
  runtime: APOLLO_RUNTIME,
  runTelemetry: true,
  allowDynamicStyles: false,
};

const SANDBOX_SCRIPT = `${SANDBOX_CDN}/${encodeURIComponent(DEFAULT_EMBEDDED_SANDBOX_VERSION)}/embeddable-sandbox.umd.production.min.js?runtime=${encodeURIComponent(APOLLO_RUNTIME)}`;

/** The Content-Security-Policy of the page: its own nonce'd scripts and styles, Sandbox's script and frame. */
export function landingPageCsp(nonce: string): string {
  return [
    `script-src 'nonce-${nonce}' ${SANDBOX_CDN}`,
    `style-src 'nonce-${nonce}' ${SANDBOX_CDN}`,
    `frame-src ${SANDBOX_FRAME}`,
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
  ].join("; ");
}

/** The page for a client that reached this server at `origin`. */
export function landingPageHtml(origin: string, nonce: string): string {
  const endpoint = `${origin}/graphql`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>newsfacts: GraphQL API</title>
<link rel="icon" href="data:,">
<meta name="description" content="${escapeHtml(ABOUT)}">
<style nonce="${nonce}">
  body { margin: 0; font: 16px/1.5 system-ui, sans-serif; color: #1b1b1f; background: #fff; }
  main { max-width: 52rem; margin: 0 auto; padding: 1.5rem 1rem 3rem; }
  h1 { margin: 0 0 .5rem; font-size: 1.8rem; }
  h2 { margin: 1.8rem 0 .5rem; font-size: 1.2rem; }
  pre { overflow-x: auto; padding: .8rem 1rem; background: #f3f3f6; border-radius: 6px; font-size: .85rem; line-height: 1.4; }
  pre.wrap { white-space: pre-wrap; word-break: break-all; }
  /* A phone shows no scroll bar, so a long line would look cut off: wrap it. */
  @media (max-width: 40rem) { pre { white-space: pre-wrap; overflow-wrap: anywhere; } }
  code { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
  .note { padding: .6rem 1rem; border-left: 4px solid #c77d00; background: #fff7e6; }
  #embeddableSandbox { display: none; }
  body.sandbox { overflow: hidden; }
  body.sandbox #embeddableSandbox { display: block; position: fixed; inset: 0; }
  #embeddableSandbox iframe { width: 100%; height: 100%; border: none; background: #fff; }
</style>
</head>
<body>
<main id="about">
<h1>newsfacts</h1>
<p>${escapeHtml(ABOUT)}</p>
<p class="note">Apollo Sandbox, the query editor this page opens, did not load: it comes from Apollo's CDN
(<code>${escapeHtml(SANDBOX_CDN)}</code>) and needs JavaScript. Everything else is here.</p>
<h2>An example query</h2>
<p>Send it to <code>${escapeHtml(endpoint)}</code> with any GraphQL client:</p>
<pre><code>${escapeHtml(SANDBOX_DOCUMENT.trimEnd())}</code></pre>
<p>From a shell:</p>
<pre class="wrap"><code id="curl">${escapeHtml(curlLine(endpoint))}</code></pre>
<h2>The schema</h2>
<ul>
<li><a href="client.graphql">client.graphql</a>: the API as clients see it, for code generators, Relay, linters and editors.</li>
<li><a href="subgraph.graphql">subgraph.graphql</a>: the Apollo Federation subgraph SDL, with its federation and cost directives, for a gateway or router.</li>
</ul>
<p>Introspection is on at <code>${escapeHtml(endpoint)}</code> too.</p>
<h2>Read more</h2>
<p>The project's <a href="README.md">README.md</a> explains the graph, the schema's conventions (Node IDs, connections, citations,
dates), the example queries, federation, the limits on requests and the errors; <a href="docs/clients.md">docs/clients.md</a>
what a client must know and how to set up Apollo Client, urql, Relay and GraphQL Code Generator.</p>
</main>
<div id="embeddableSandbox"></div>
<script nonce="${nonce}" src="${escapeHtml(SANDBOX_SCRIPT)}"></script>
<script nonce="${nonce}">
  (function () {
    if (typeof window.EmbeddedSandbox !== "function") return;
    var config = ${scriptJson(SANDBOX_CONFIG)};
    config.initialEndpoint = window.location.href.split(/[?#]/)[0];
    new window.EmbeddedSandbox(config);
    document.body.classList.add("sandbox");
    document.getElementById("about").hidden = true;
  })();
</script>
</body>
</html>
`;
}

/** Answers `text` as a file that changes only with a deploy: cacheable, revalidated by its ETag. */
function sendFile(
  request: FastifyRequest,
  reply: FastifyReply,
  text: string,
  etag: string,
  maxAge: number,
  type = "text/plain; charset=utf-8",
): FastifyReply {
  void reply.headers({
    "content-type": type,
    "cache-control": `public, max-age=${maxAge}`,
    etag,
    "x-content-type-options": "nosniff",
  });
  if (fresh(request.headers, { etag })) return reply.code(304).send();
  return reply.send(text);
}

export interface LandingPageOptions {
  schema: GraphQLSchema;
  /** The checkout the documents are read from; none served without it. */
  root?: string;
  /** Seconds clients and CDNs may keep the schema files. */
  maxAge: number;
}

/**
 * The page at GET /graphql for browsers, before the rate limit and the response cache see the
 * request (it is not an operation); the schema files; and `/`. Before the GraphQL route.
 */
export function installLandingPage(app: FastifyInstance, options: LandingPageOptions): void {
  // A callback hook, not an async one: every request passes it, and all but a browser's GET go straight on.
  app.addHook("preHandler", (request, reply, done) => {
    if (request.method !== "GET" || request.routeOptions.url !== "/graphql" || !prefersHtml(request.headers.accept)) return done();
    // A nonce per answer, so the page is never stored.
    const nonce = randomBytes(16).toString("base64");
    void reply
      .headers({
        "content-type": "text/html; charset=utf-8",
        "cache-control": "no-store",
        "content-security-policy": landingPageCsp(nonce),
        "x-content-type-options": "nosniff",
      })
      .send(landingPageHtml(publicOrigin(request), nonce));
  });

  // Printed from the schema being served, on first request: the same text `npm run schema` writes.
  let files: Record<keyof typeof SCHEMA_PATHS, { text: string; etag: string }> | undefined;
  const file = (name: keyof typeof SCHEMA_PATHS) => {
    files ??= {
      subgraph: withEtag(printServedSchema(options.schema)),
      client: withEtag(printClientSchema(options.schema)),
    };
    return files[name];
  };
  for (const name of Object.keys(SCHEMA_PATHS) as (keyof typeof SCHEMA_PATHS)[]) {
    for (const url of [SCHEMA_PATHS[name], FORMER_SCHEMA_PATHS[name]])
      app.get(url, (request, reply) => {
        const { text, etag } = file(name);
        return sendFile(request, reply, text, etag, options.maxAge);
      });
  }

  // Read on first request; a deploy without them answers 404 as for any unknown path.
  const documents = new Map<string, { text: string; etag: string } | null>();
  for (const [url, file] of Object.entries(DOCUMENT_PATHS))
    app.get(url, (request, reply) => {
      if (!documents.has(url)) documents.set(url, readDocument(options.root, file));
      const document = documents.get(url);
      if (!document) return reply.callNotFound();
      return sendFile(request, reply, document.text, document.etag, options.maxAge, "text/markdown; charset=utf-8");
    });

  app.get("/", (request, reply) => {
    void reply.header("vary", "Accept");
    if (prefersHtml(request.headers.accept)) return reply.redirect("/graphql", 302);
    return reply.send({
      name: "newsfacts",
      description: ABOUT,
      graphql: "/graphql",
      schema: { client: SCHEMA_PATHS.client, subgraph: SCHEMA_PATHS.subgraph },
      health: "/health",
      ready: "/ready",
    });
  });
}

function readDocument(root: string | undefined, file: string): { text: string; etag: string } | null {
  if (!root) return null;
  try {
    return withEtag(readFileSync(path.join(root, file), "utf8"));
  } catch {
    return null;
  }
}

function withEtag(text: string): { text: string; etag: string } {
  return { text, etag: `"${createHash("sha256").update(text).digest("base64url")}"` };
}
