/**
 * Every test file: an unhandled rejection or uncaught exception fails the test it happened in.
 *
 * Vitest 4 already fails the run on one (`dangerouslyIgnoreUnhandledErrors` is false), but it
 * reports the error beside the tests, all of which still pass, so a crash of the in-process
 * server (a production process would exit: Node's default for an unhandled rejection) reads as
 * a green test. This names the test, and tests can ask for what was caught so far
 * (`takeUnhandled`) to say which request caused it.
 */
import { afterEach } from "vitest";

export interface Unhandled {
  kind: "unhandledRejection" | "uncaughtException";
  error: unknown;
}

const KEY = Symbol.for("newsfacts.test.unhandled");
const holder = globalThis as typeof globalThis & { [KEY]?: Unhandled[] };

function caught(): Unhandled[] {
  if (!holder[KEY]) {
    const list: Unhandled[] = [];
    holder[KEY] = list;
    // Vitest's own listeners stay: they report the error and fail the run as well.
    process.on("unhandledRejection", (error) => void list.push({ kind: "unhandledRejection", error }));
    process.on("uncaughtException", (error) => void list.push({ kind: "uncaughtException", error }));
  }
  return holder[KEY];
}
caught();

/** The unhandled errors caught since the last call (or since the test started), removed from the list. */
export function takeUnhandled(): Unhandled[] {
  return caught().splice(0);
}

export function describeUnhandled(list: readonly Unhandled[]): string {
  return list.map(({ kind, error }) => `${kind}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`).join("\n");
}

afterEach(() => {
  const list = takeUnhandled();
  if (list.length)
    throw new Error(
      `${list.length} unhandled error(s) while this test ran (a server process would have exited):\n${describeUnhandled(list)}`,
    );
});
