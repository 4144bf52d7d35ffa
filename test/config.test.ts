/**
 * Numbers from the environment are plain decimal digits or nothing: forms that
 * `Number()` would coerce (empty, hexadecimal, exponents, fractions, signs,
 * spaces) stop start-up instead of becoming some other setting.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { allSettings, ConfigError, DEFAULTS, loadConfig, parseDecimal, SECTIONS } from "../src/config";
import { documentationPages, withSettingsTables } from "../src/scripts/settings-tables";
import { DEFAULT_CONNECTION_LIMITS } from "../src/http/connections";

/** Integers of every length the parser takes, from 0 to 15 digits. */
const SAMPLES = [0, 1, 7, 9, 10, 42, 99, 100, 4000, 65535, 102400, 86_400_000, 2 ** 31 - 1, 123_456_789_012_345];

/** Ways of writing `n` that are not plain decimal digits. */
function disguises(n: number): string[] {
  const d = String(n);
  return [
    ` ${d}`,
    `${d} `,
    `\t${d}`,
    `${d}\n`,
    `+${d}`,
    `-${d}`,
    `${d}.0`,
    `${d}.`,
    `.${d}`,
    `${d}e0`,
    `${d}E0`,
    `${d}_0`,
    `0${d}`,
    `00${d}`,
    `0x${n.toString(16)}`,
    `0X${n.toString(16).toUpperCase()}`,
    `0o${n.toString(8)}`,
    `0b${n.toString(2)}`,
    `${n.toExponential()}`,
    `${d}n`,
    `${d}ms`,
    `${d},0`,
    `${d.replace(/[0-9]/g, (c) => String.fromCharCode(0xff10 + Number(c)))}`,
    `${d.replace(/[0-9]/g, (c) => String.fromCharCode(0x0660 + Number(c)))}`,
  ];
}

describe("parseDecimal", () => {
  it.each(SAMPLES)("reads %i written in plain digits", (n) => {
    expect(parseDecimal(String(n))).toBe(n);
  });

  it.each(SAMPLES)("refuses every other way of writing %i", (n) => {
    for (const text of disguises(n)) expect([text, parseDecimal(text)]).toEqual([text, null]);
  });

  it("refuses what is no number at all, or too long to be exact", () => {
    for (const text of ["", " ", "Infinity", "NaN", "null", "true", "1 2", "١", "9007199254740993", "1".repeat(16)])
      expect([text, parseDecimal(text)]).toEqual([text, null]);
  });
});

describe("integer settings", () => {
  const INTEGER_SETTINGS = [
    "PORT",
    "MAX_DEPTH",
    "MAX_COST",
    "BODY_LIMIT_BYTES",
    "EXECUTION_TIMEOUT_MS",
    "RATE_LIMIT_POINTS",
    "RATE_LIMIT_WINDOW_SECONDS",
    "MAX_CONNECTIONS",
    "HEADERS_TIMEOUT_MS",
    "REQUEST_TIMEOUT_MS",
    "KEEP_ALIVE_TIMEOUT_MS",
    "IDLE_TIMEOUT_MS",
    "RESPONSE_CACHE_MB",
    "CACHE_MAX_AGE",
  ];

  it.each(INTEGER_SETTINGS)("%s refuses an empty value, hexadecimal, exponents, fractions, signs and spaces, naming itself", (name) => {
    for (const text of ["", "0x10", "1e3", "1.5", "10.0", "+10", "-10", " 10", "10 "]) {
      expect(() => loadConfig({ [name]: text }), `${name}=${JSON.stringify(text)}`).toThrow(ConfigError);
      expect(() => loadConfig({ [name]: text })).toThrow(new RegExp(`${name}: must be a whole number`));
    }
  });

  it("takes PORT=0 as any free port, and the rest as written", () => {
    expect(loadConfig({ PORT: "0" }).port).toBe(0);
    expect(loadConfig({ PORT: "8080", RESPONSE_CACHE_MB: "0", CACHE_MAX_AGE: "0" })).toMatchObject({
      port: 8080,
      responseCacheBytes: 0,
      cacheMaxAge: 0,
    });
    expect(() => loadConfig({ PORT: "65536" })).toThrow(/PORT: must be a whole number from 0 to 65535/);
  });

  it("reads the connection bounds, with defaults", () => {
    expect(loadConfig({}).connections).toEqual(DEFAULT_CONNECTION_LIMITS);
    const env = {
      MAX_CONNECTIONS: "50",
      HEADERS_TIMEOUT_MS: "2000",
      REQUEST_TIMEOUT_MS: "3000",
      KEEP_ALIVE_TIMEOUT_MS: "4000",
      IDLE_TIMEOUT_MS: "5000",
    };
    expect(loadConfig(env).connections).toEqual({
      maxConnections: 50,
      headersTimeoutMs: 2000,
      requestTimeoutMs: 3000,
      keepAliveTimeoutMs: 4000,
      idleTimeoutMs: 5000,
    });
    expect(() => loadConfig({ MAX_CONNECTIONS: "0" })).toThrow(/MAX_CONNECTIONS/);
    expect(() => loadConfig({ KEEP_ALIVE_TIMEOUT_MS: "500" })).toThrow(/KEEP_ALIVE_TIMEOUT_MS: must be a whole number from 1000/);
    expect(() => loadConfig({ HEADERS_TIMEOUT_MS: "40000" })).toThrow(/HEADERS_TIMEOUT_MS: must not be longer than REQUEST_TIMEOUT_MS/);
  });
});

describe("the settings table", () => {
  const root = path.resolve(__dirname, "..");
  const pages = documentationPages(root).map((page) => ({ page, text: readFileSync(path.join(root, page), "utf8") }));

  it("is what the documentation lists: its tables are made from it (npm run docs)", () => {
    for (const { page, text } of pages) expect(text, page).toBe(withSettingsTables(text));
    for (const section of SECTIONS) {
      const holding = pages.filter(({ text }) => text.includes(`<!-- settings:${section} -->`)).map(({ page }) => page);
      expect(holding, section).toHaveLength(1);
    }
  });

  it("names each variable once, and every default reads as the default", () => {
    const names = allSettings().map((s) => s.env);
    expect(new Set(names).size).toBe(names.length);
    expect(loadConfig({})).toEqual(DEFAULTS);
    for (const s of allSettings()) expect(s.read.safeParse(s.default).success, s.env).toBe(true);
  });

  it("reads every variable it lists, naming it when its value is refused", () => {
    for (const s of allSettings()) {
      if (s.read.safeParse("\u0000not a value").success) continue;
      expect(() => loadConfig({ [s.env]: "\u0000not a value" }), s.env).toThrow(new RegExp(`\\b${s.env}: `));
    }
  });
});
