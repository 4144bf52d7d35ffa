import { GraphQLError } from "graphql";
import { describe, expect, it } from "vitest";
import { paginate } from "../../src/graph/connection";

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
});
