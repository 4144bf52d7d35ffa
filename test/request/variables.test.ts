/** The bounds on a request's variables (src/request/variables.ts): each one exactly, and the variable it names. */
import { describe, expect, it } from "vitest";
import { DEFAULT_LIMITS } from "../../src/request/limits";
import { checkVariables, type VariableLimits } from "../../src/request/variables";

const LOOSE: VariableLimits = { maxVariablesLength: 1_000_000, maxVariableDepth: 1000, maxVariableListLength: 1_000_000 };

/** `value` nested in `depth` lists. */
const nested = (depth: number, value: unknown = "x"): unknown => {
  let v = value;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};

describe("the variables' bounds", () => {
  it("have documented defaults", () => {
    expect(DEFAULT_LIMITS).toMatchObject({ maxVariablesLength: 102_400, maxVariableDepth: 16, maxVariableListLength: 10_000 });
  });

  it("count the length of the variables' compact JSON exactly", () => {
    const samples: Record<string, unknown>[] = [
      { a: null },
      { ids: ["Q291bnRyeTp2ZW5lenVlbGE=", "x"], n: 10, f: -1.5e-7, t: true, u: false },
      { filter: { status: "PLANNED", between: { from: "2020-01-01", to: null } }, 'é"\\\n': "ünï\u0000cödé 😀" },
      { deep: nested(10, { k: [[], {}, [1, 2, { z: "" }]] }) },
    ];
    for (const variables of samples) {
      const length = JSON.stringify(variables).length;
      expect(checkVariables(variables, { ...LOOSE, maxVariablesLength: length })).toBeNull();
      expect(checkVariables(variables, { ...LOOSE, maxVariablesLength: length - 1 })?.extensions).toMatchObject({
        code: "BAD_USER_INPUT",
        limit: length - 1,
      });
    }
  });

  it("refuse a value nested deeper than the limit, naming the variable, however deep it is", () => {
    expect(checkVariables({ ok: 1, z: nested(16) }, { ...LOOSE, maxVariableDepth: 16 })).toBeNull();
    const refused = checkVariables({ ok: 1, z: nested(17) }, { ...LOOSE, maxVariableDepth: 16 });
    expect(refused?.message).toBe(`Variable "$z" nests lists and objects more than 16 deep; send a flatter value.`);
    expect(refused?.extensions).toEqual({ code: "BAD_USER_INPUT", variable: "z", limit: 16, http: { status: 400 } });
    // Far deeper than any recursion could walk: refused all the same.
    expect(checkVariables({ z: nested(100_000) }, DEFAULT_LIMITS)?.extensions.variable).toBe("z");
    expect(checkVariables({ o: { a: { b: { c: 1 } } } }, { ...LOOSE, maxVariableDepth: 2 })?.extensions.variable).toBe("o");
  });

  it("refuse a list longer than the limit, anywhere in a value", () => {
    expect(checkVariables({ ids: Array(10).fill("x") }, { ...LOOSE, maxVariableListLength: 10 })).toBeNull();
    const refused = checkVariables({ f: { ids: [Array(11).fill(0)] } }, { ...LOOSE, maxVariableListLength: 10 });
    expect(refused?.message).toBe(`Variable "$f" holds a list of 11 items; a list takes at most 10.`);
    expect(refused?.extensions).toMatchObject({ variable: "f", limit: 10 });
  });

  it("name the variable the length limit is passed in", () => {
    const refused = checkVariables({ a: "x".repeat(10), b: "y".repeat(100) }, { ...LOOSE, maxVariablesLength: 50 });
    expect(refused?.message).toBe(`The variables are longer than 50 characters of JSON (past the limit in "$b"); send less.`);
    expect(refused?.extensions).toMatchObject({ variable: "b", limit: 50 });
  });

  it("take names that are properties of every object as plain names", () => {
    const variables = JSON.parse(`{"__proto__": [1, 2, 3], "constructor": "x"}`) as Record<string, unknown>;
    expect(checkVariables(variables, { ...LOOSE, maxVariableListLength: 2 })?.extensions.variable).toBe("__proto__");
    expect(checkVariables(variables, LOOSE)).toBeNull();
  });

  it("let no variables, or none given, through", () => {
    expect(checkVariables(undefined, DEFAULT_LIMITS)).toBeNull();
    expect(checkVariables(null, DEFAULT_LIMITS)).toBeNull();
  });
});
