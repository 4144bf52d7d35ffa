import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { connectionFromArray, cursorToOffset, offsetToCursor } from "graphql-relay";
import { cursorOf, DEFAULT_PAGE_SIZE, paginate } from "../../src/graph/shapes/connection";

const items = Array.from({ length: 45 }, (_, i) => i);

function codeOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err instanceof GraphQLError ? [err.extensions.code, err.extensions.argumentName] : err;
  }
  return "no error";
}

describe("paginate", () => {
  it("gives graphql-relay's connectionFromArray page for every combination of arguments, but an empty page after the end", () => {
    let checked = 0;
    for (const length of [0, 1, 5, 45]) {
      const list = items.slice(0, length);
      const cursors = [undefined, ...[0, 2, length - 1, length, length + 3].filter((o) => o >= 0).map(offsetToCursor)];
      for (const [first, last] of [
        ...[undefined, 1, 2, 5, 100].map((n) => [n, undefined] as const),
        ...[1, 3, 100].map((n) => [undefined, n] as const),
      ]) {
        for (const after of cursors) {
          for (const before of cursors) {
            const args = { first, last, after, before };
            const page = paginate(list, args);
            checked++;
            if (after !== undefined && cursorToOffset(after) >= length) {
              // graphql-relay starts over from the first item; nothing is after the end.
              expect({ nodes: page.nodes, edges: page.edges, totalCount: page.totalCount }).toEqual({
                nodes: [],
                edges: [],
                totalCount: length,
              });
              expect(page.pageInfo).toEqual({ startCursor: null, endCursor: null, hasPreviousPage: false, hasNextPage: false });
              continue;
            }
            if (before !== undefined && cursorToOffset(before) >= length) {
              // A cursor past the end stands for the end: graphql-relay says more follow it.
              const { edges, pageInfo, nodes } = paginate(list, { ...args, before: undefined });
              expect({ edges: page.edges, pageInfo: page.pageInfo, nodes: page.nodes }).toEqual({ edges, pageInfo, nodes });
              continue;
            }
            const relay = connectionFromArray(list, { ...args, first: first ?? (last === undefined ? DEFAULT_PAGE_SIZE : undefined) });
            expect(
              { edges: page.edges, pageInfo: page.pageInfo, nodes: page.nodes, totalCount: page.totalCount },
              JSON.stringify({ length, ...args }),
            ).toEqual({
              ...relay,
              nodes: relay.edges.map((e) => e.node),
              totalCount: length,
            });
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
  });

  it("returns the first 20 by default, with the total count", () => {
    const page = paginate(items, {});
    expect(page.nodes).toEqual(items.slice(0, 20));
    expect(page.totalCount).toBe(45);
    expect(page.pageInfo.hasNextPage).toBe(true);
    expect(page.edges[0]!.cursor).toBe(page.pageInfo.startCursor);
  });

  it("walks forwards with after and backwards with before", () => {
    const first = paginate(items, { first: 10 });
    const second = paginate(items, { first: 10, after: first.pageInfo.endCursor });
    expect(second.nodes).toEqual(items.slice(10, 20));
    const back = paginate(items, { last: 5, before: second.pageInfo.startCursor });
    expect(back.nodes).toEqual(items.slice(5, 10));
    expect(back.pageInfo.hasPreviousPage).toBe(true);
    const tail = paginate(items, { first: 100, after: second.pageInfo.endCursor });
    expect(tail.nodes).toEqual(items.slice(20));
    expect(tail.pageInfo.hasNextPage).toBe(false);
  });

  it("refuses out-of-range counts, first with last, and foreign cursors as BAD_USER_INPUT", () => {
    expect(codeOf(() => paginate(items, { first: -1 }))).toEqual(["BAD_USER_INPUT", "first"]);
    expect(codeOf(() => paginate(items, { first: 0 }))).toEqual(["BAD_USER_INPUT", "first"]);
    expect(codeOf(() => paginate(items, { first: 101 }))).toEqual(["BAD_USER_INPUT", "first"]);
    expect(codeOf(() => paginate(items, { last: 1000 }))).toEqual(["BAD_USER_INPUT", "last"]);
    expect(codeOf(() => paginate(items, { first: 1, last: 1 }))).toEqual(["BAD_USER_INPUT", "last"]);
    expect(codeOf(() => paginate(items, { after: "not-a-cursor" }))).toEqual(["BAD_USER_INPUT", "after"]);
    expect(codeOf(() => paginate(items, { before: Buffer.from("arrayconnection:-3").toString("base64") }))).toEqual([
      "BAD_USER_INPUT",
      "before",
    ]);
    expect(codeOf(() => paginate(items, { first: 100 }))).toBe("no error");
  });

  it("makes graphql-relay's cursors, remembered or not, and refuses the same strings before and after it remembers them", () => {
    for (const offset of [0, 1, 9_999, 10_000, 123_456]) {
      const cursor = offsetToCursor(offset);
      // 0 and 1 are remembered by the pages above; the others not yet, then remembered (10,000 on never are).
      const variants = [cursor, `${cursor}=`, cursor.replace(/=+$/, ""), `${cursor.slice(0, -2)}A=`, ` ${cursor}`];
      const before = variants.map((after) => codeOf(() => paginate(items, { first: 1, after })));
      expect(cursorOf(offset)).toBe(cursor); // made (and, below 10,000, remembered)
      expect(cursorOf(offset)).toBe(cursor); // as remembered
      const after = variants.map((after) => codeOf(() => paginate(items, { first: 1, after })));
      expect(after).toEqual(before);
      expect(
        paginate(
          Array.from({ length: offset + 3 }, (_, i) => i),
          { first: 1, after: cursor },
        ).edges[0]!.cursor,
      ).toBe(offsetToCursor(offset + 1));
    }
  });
});
