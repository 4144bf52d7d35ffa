/**
 * Answers of about 10 MB on kept-alive connections, left unread: for tests of what closing the
 * server does to answers still being written (test/http/lifecycle.test.ts, test/process.test.ts).
 */
import { type Agent, type IncomingMessage, request } from "node:http";

/** A request body whose answer is about 10 MB: 1,200 `_entities` items with their sources' texts. */
export async function largeAnswerBody(port: number): Promise<string> {
  const query = encodeURIComponent("{ countries(first: 100) { nodes { id } } }");
  const page = (await (await fetch(`http://127.0.0.1:${port}/graphql?query=${query}`)).json()) as {
    data: { countries: { nodes: { id: string }[] } };
  };
  const ids = page.data.countries.nodes.map((n) => n.id);
  const select = "_entities(representations: $r) { ... on Country { citations { source { text sentences } } } }";
  return JSON.stringify({
    query: `query Large($r: [_Any!]!) { a: ${select} b: ${select} c: ${select} d: ${select} }`,
    variables: { r: Array.from({ length: 300 }, (_, i) => ({ __typename: "Country", id: ids[i % ids.length] })) },
  });
}

/** POSTs `body` on `agent`'s connections; resolves with the response once its headers are in, its body unread. */
export function postUnread(agent: Agent, port: number, body: string): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const headers = { "content-type": "application/json" };
    const req = request({ host: "127.0.0.1", port, path: "/graphql", method: "POST", agent, headers }, (res) => {
      res.pause();
      resolve(res);
    });
    req.on("error", reject);
    req.end(body);
  });
}

/** The whole body of `res`, or how much arrived before it was cut off. */
export function readAll(res: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    const cut = () => resolve(`cut off after ${Buffer.concat(chunks).length} bytes`);
    res.on("data", (chunk: Buffer) => chunks.push(chunk));
    res.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
    res.on("aborted", cut);
    res.on("error", cut);
    res.resume();
  });
}
