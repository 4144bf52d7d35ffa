/**
 * The ceiling: raw node:http answering each known request body with the
 * precomputed response newsfacts gave for it. No GraphQL at all; what is left
 * is HTTP on loopback and the load generator itself.
 * argv[2]: a JSON file of [{ body, response }].
 */
import { readFileSync } from "node:fs";
import { createServer } from "node:http";
import { HOST, PORT } from "./env";

const answers = new Map<string, Buffer>(
  (JSON.parse(readFileSync(process.argv[2]!, "utf8")) as { body: string; response: string }[]).map((a) => [
    a.body,
    Buffer.from(a.response),
  ]),
);

createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on("data", (c: Buffer) => chunks.push(c));
  req.on("end", () => {
    const answer = answers.get(Buffer.concat(chunks).toString());
    if (!answer) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": answer.length }).end(answer);
  });
}).listen(PORT, HOST);
