/**
 * Reads a fixture file as strict UTF-8 text. A file in another encoding would otherwise be read
 * with U+FFFD in place of each byte it cannot decode, and served so ("Venezu\uFFFDla"); a byte
 * order mark would stand before the first JSON token or sentence as an invisible character.
 */
import { readFileSync, statSync } from "node:fs";

export type TextFile = { text: string; problem?: undefined } | { text?: undefined; problem: string };

const MIB = 1024 * 1024;
const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

const BOMS: [bytes: number[], name: string][] = [
  [[0xef, 0xbb, 0xbf], "a UTF-8 byte order mark (BOM, bytes EF BB BF): save the file as UTF-8 without a BOM"],
  [[0xff, 0xfe], "a UTF-16 byte order mark (BOM, bytes FF FE): save the file as UTF-8 without a BOM"],
  [[0xfe, 0xff], "a UTF-16 byte order mark (BOM, bytes FE FF): save the file as UTF-8 without a BOM"],
];

/** The file's text, or why it cannot be read: missing, over `maxBytes`, starting with a BOM, or not UTF-8. */
export function readTextFile(file: string, maxBytes: number): TextFile {
  let bytes: Buffer;
  try {
    const { size } = statSync(file);
    // Refused before it is read: a file this size would hold the start for as long as it takes to parse.
    if (size > maxBytes)
      return {
        problem: `file is ${(size / MIB).toFixed(1)} MiB, over the ${maxBytes / MIB} MiB a fixture file may be (FIXTURE_MAX_MB): split it, or raise the setting`,
      };
    bytes = readFileSync(file);
  } catch (err) {
    return { problem: (err as NodeJS.ErrnoException).code === "ENOENT" ? "file is missing" : `cannot read it: ${(err as Error).message}` };
  }
  for (const [bom, name] of BOMS) if (bom.every((byte, i) => bytes[i] === byte)) return { problem: `starts with ${name}` };
  try {
    return { text: decoder.decode(bytes) };
  } catch {
    const offset = firstInvalidByte(bytes);
    const line = bytes.subarray(0, offset).filter((byte) => byte === 0x0a).length + 1;
    const byte = (bytes[offset] ?? 0).toString(16).toUpperCase().padStart(2, "0");
    return {
      problem: `not UTF-8: byte 0x${byte} at byte offset ${offset} (line ${line}) does not begin or continue a valid UTF-8 character; save the file as UTF-8`,
    };
  }
}

/**
 * The offset of the first byte that is not part of a UTF-8 character: where Node's lenient decoding
 * put a U+FFFD that the bytes do not spell (EF BF BD is a real one).
 */
function firstInvalidByte(bytes: Buffer): number {
  const lenient = bytes.toString("utf8");
  let offset = 0;
  let from = 0;
  for (let at = lenient.indexOf("\uFFFD"); at >= 0; at = lenient.indexOf("\uFFFD", at + 1)) {
    offset += Buffer.byteLength(lenient.slice(from, at));
    from = at + 1;
    if (bytes[offset] !== 0xef || bytes[offset + 1] !== 0xbf || bytes[offset + 2] !== 0xbd) return offset;
    offset += 3;
  }
  return bytes.length;
}
