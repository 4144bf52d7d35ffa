/** Raw TCP clients, for tests of what happens on a connection before and between HTTP requests. */
import { connect, type Socket } from "node:net";

export interface ParsedAnswer {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  body: string;
}

/** The port of a test server's URL. */
export function portOf(url: string): number {
  return Number(new URL(url).port);
}

/** A socket connected to 127.0.0.1:`port`. */
export function open(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => resolve(socket));
    socket.once("error", reject);
  });
}

/** Everything the server sends until it closes the connection (errors count as a close). */
export function untilClosed(socket: Socket): Promise<string> {
  return new Promise((resolve) => {
    let text = "";
    socket.on("data", (d: Buffer) => (text += d.toString("utf8")));
    socket.on("error", () => {});
    socket.once("close", () => resolve(text));
  });
}

/** An HTTP answer as sent, taken apart. */
export function parseAnswer(text: string): ParsedAnswer {
  const end = text.indexOf("\r\n\r\n");
  if (end < 0) throw new Error(`not an HTTP answer: ${JSON.stringify(text.slice(0, 200))}`);
  const [statusLine, ...lines] = text.slice(0, end).split("\r\n");
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(":");
    headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine!.split(" ")[1]), headers, body: text.slice(end + 4) };
}

/** Sends `request` on a kept-alive socket and reads one answer (with a content-length) from it. */
export function exchange(socket: Socket, request: string): Promise<ParsedAnswer> {
  return new Promise((resolve, reject) => {
    let text = "";
    const onData = (d: Buffer) => {
      text += d.toString("utf8");
      const end = text.indexOf("\r\n\r\n");
      if (end < 0) return;
      const answer = parseAnswer(text);
      if (Buffer.byteLength(answer.body) < Number(answer.headers["content-length"] ?? 0)) return;
      socket.off("data", onData);
      socket.off("close", onClose);
      resolve(answer);
    };
    const onClose = () => reject(new Error(`closed before a whole answer: ${JSON.stringify(text.slice(0, 200))}`));
    socket.on("data", onData);
    socket.once("close", onClose);
    socket.write(request);
  });
}

/** A kept-alive GET of /health. */
export const HEALTH = "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
