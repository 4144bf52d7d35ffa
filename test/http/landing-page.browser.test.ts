/**
 * The landing page in a real browser (Chromium through playwright-core): without Apollo's CDN
 * the page in the HTML shows, and no script fails; with it (a stub of Sandbox served at the CDN's
 * URL) Sandbox takes the page, opened with the example query on this server. Skipped where no
 * Chromium is installed (CI runs `npm ci` only); CHROMIUM_PATH names another binary, and
 * LANDING_SCREENSHOTS=<dir> keeps a screenshot of each case.
 */
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SANDBOX_DOCUMENT } from "../../src/sandbox";
import { startServer, type TestServer } from "../helpers";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOTS = process.env.LANDING_SCREENSHOTS;
const CDN = "https://embeddable-sandbox.cdn.apollographql.com/**";

/** Stands in for Apollo's embeddable Sandbox: keeps its options and fills its target. */
const SANDBOX_STUB = `
window.EmbeddedSandbox = function (options) {
  window.sandboxOptions = options;
  var target = document.querySelector(options.target);
  var frame = document.createElement("div");
  frame.id = "sandbox-stub";
  frame.textContent = "Apollo Sandbox (stub) at " + options.initialEndpoint;
  frame.style.cssText = "height:100%;display:flex;align-items:center;justify-content:center;background:#0b0c2a;color:#fff;font:24px sans-serif";
  target.appendChild(frame);
};`;

describe.skipIf(!existsSync(CHROMIUM))("the landing page in Chromium", () => {
  let server: TestServer;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([
      startServer(),
      chromium.launch({
        executablePath: CHROMIUM,
        args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run"],
      }),
    ]);
    if (SCREENSHOTS) mkdirSync(SCREENSHOTS, { recursive: true });
  }, 30_000);
  afterAll(async () => {
    await Promise.all([browser?.close(), server?.close()]);
  });

  /** A new page that records uncaught errors and console errors. */
  async function open(options: { javaScriptEnabled?: boolean; viewport?: { width: number; height: number } } = {}) {
    const context = await browser.newContext({ viewport: { width: 1100, height: 900 }, ...options });
    const page = await context.newPage();
    const pageErrors: string[] = [];
    const consoleErrors: string[] = [];
    page.on("pageerror", (error) => pageErrors.push(error.message));
    page.on("console", (message) => {
      if (message.type() === "error") consoleErrors.push(message.text());
    });
    return { page, context, pageErrors, consoleErrors };
  }

  async function shoot(page: Page, name: string): Promise<void> {
    if (SCREENSHOTS) await page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`), fullPage: true });
  }

  it("without the CDN, shows what newsfacts is, the query, the curl line and the schema links, and no script fails", async () => {
    const { page, context, pageErrors, consoleErrors } = await open();
    await page.route(CDN, (route) => route.abort("internetdisconnected"));
    const res = await page.goto(`${server.url}/graphql`);
    expect(res?.status()).toBe(200);
    await expect.poll(() => page.locator("#about").isVisible()).toBe(true);
    expect(await page.locator("h1").textContent()).toBe("newsfacts");
    expect(await page.locator("#embeddableSandbox").isVisible()).toBe(false);
    expect(await page.locator("pre code").first().textContent()).toBe(SANDBOX_DOCUMENT.trimEnd());
    expect(await page.locator("#curl").textContent()).toMatch(new RegExp(`^curl -s '${server.url}/graphql' `));
    await shoot(page, "offline");
    // The script that did not load is the only complaint: nothing of ours throws, nothing else is missing.
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual(["Failed to load resource: net::ERR_INTERNET_DISCONNECTED"]);

    await page.getByRole("link", { name: "client.graphql" }).click();
    await page.waitForURL(`${server.url}/client.graphql`);
    expect(await page.locator("body").textContent()).toContain("type Query {");
    await context.close();
  });

  it("with the CDN, Sandbox takes the page, opened with the example query on this server, and the fallback hides", async () => {
    const { page, context, pageErrors, consoleErrors } = await open();
    await page.route(CDN, (route) => route.fulfill({ status: 200, contentType: "application/javascript", body: SANDBOX_STUB }));
    await page.goto(`${server.url}/graphql?from=test#here`);
    await expect.poll(() => page.locator("#sandbox-stub").isVisible()).toBe(true);
    expect(await page.locator("#about").isVisible()).toBe(false);
    const options = await page.evaluate(() => (globalThis as unknown as { sandboxOptions: Record<string, any> }).sandboxOptions);
    expect(options).toMatchObject({
      target: "#embeddableSandbox",
      initialEndpoint: `${server.url}/graphql`,
      initialState: { document: SANDBOX_DOCUMENT, includeCookies: false },
      endpointIsEditable: false,
    });
    const box = await page.locator("#embeddableSandbox").boundingBox();
    expect(box).toEqual({ x: 0, y: 0, width: 1100, height: 900 });
    await shoot(page, "online");
    expect(pageErrors).toEqual([]);
    expect(consoleErrors).toEqual([]);
    await context.close();
  });

  it("without JavaScript, shows the page in the HTML", async () => {
    const { page, context } = await open({ javaScriptEnabled: false });
    await page.goto(`${server.url}/graphql`);
    expect(await page.locator("#about").isVisible()).toBe(true);
    expect(await page.getByRole("link", { name: "subgraph.graphql" }).getAttribute("href")).toBe("subgraph.graphql");
    await shoot(page, "no-javascript");
    await context.close();
  });

  it("on a 390 px phone, clips nothing: the page is no wider than the screen, and each code block wraps to it", async () => {
    const { page, context } = await open({ viewport: { width: 390, height: 844 } });
    await page.route(CDN, (route) => route.abort("internetdisconnected"));
    await page.goto(`${server.url}/graphql`);
    await expect.poll(() => page.locator("#about").isVisible()).toBe(true);
    const pageWidth = () =>
      (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document.documentElement.scrollWidth;
    expect(await page.evaluate(pageWidth)).toBeLessThanOrEqual(390);
    const blocks = await page.locator("pre, p code, li code").evaluateAll((elements) =>
      elements.map((e) => {
        const box = e.getBoundingClientRect();
        return {
          text: (e.textContent ?? "").slice(0, 30),
          right: box.right,
          // A phone shows no scroll bar: text beyond the box's edge looks cut off, even where it scrolls.
          hidden: e.scrollWidth > e.clientWidth + 1,
        };
      }),
    );
    expect(blocks.length).toBeGreaterThan(3);
    for (const block of blocks) {
      expect(block.right, block.text).toBeLessThanOrEqual(390);
      expect(block.hidden, block.text).toBe(false);
    }
    await shoot(page, "phone");
    await context.close();
  });

  it("is where / leads a browser", async () => {
    const { page, context } = await open();
    await page.route(CDN, (route) => route.abort("internetdisconnected"));
    await page.goto(`${server.url}/`);
    expect(page.url()).toBe(`${server.url}/graphql`);
    expect(await page.title()).toBe("newsfacts: GraphQL API");
    await context.close();
  });
});
