// A runner's day through a real `backstride serve`, in Debian's chromium
// driven by playwright-core: every page at phone and desktop size
// (screenshots kept under the output folder), axe-core on every page (no
// serious or critical violation), no console error (a CSP violation is
// one), then the day itself (steps.mjs).
//
// Usage: node e2e/walk.mjs BASE_URL OUT_DIR FIXTURES_DIR
import { chromium } from "playwright-core";
import { readFileSync, mkdirSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { day } from "./steps.mjs";

const [base, out, fixtures] = process.argv.slice(2);
if (!base || !out || !fixtures) {
  console.error("usage: node e2e/walk.mjs BASE_URL OUT_DIR FIXTURES_DIR");
  process.exit(2);
}
mkdirSync(out, { recursive: true });
const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

const SIZES = {
  phone: { width: 390, height: 844 },
  desktop: { width: 1280, height: 900 },
};

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
  headless: true,
  // playwright gives every launch a fresh temporary profile (user data dir).
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
  ],
});

const problems = [];
const report = { pages: [], steps: [] };

// A page, watched for console errors and failed requests.
async function open(size) {
  const context = await browser.newContext({ viewport: SIZES[size] });
  const page = await context.newPage();
  page.on("console", (m) => {
    if (m.type() === "error") problems.push(`${size} ${page.url()}: console error: ${m.text()}`);
  });
  page.on("pageerror", (e) => problems.push(`${size} ${page.url()}: script error: ${e.message}`));
  return { context, page };
}

// axe-core on what the page shows now; serious and critical fail.
async function audit(page, name) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(async () =>
    // eslint-disable-next-line no-undef
    axe.run(document, { resultTypes: ["violations"] }),
  );
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  for (const v of bad) {
    problems.push(
      `${name}: axe ${v.impact} ${v.id}: ${v.help} (${v.nodes
        .slice(0, 3)
        .map((n) => n.target.join(" "))
        .join(", ")})`,
    );
  }
  return { violations: result.violations.length, serious: bad.length };
}

// Touch targets: every visible link, button and input at least 44 px in
// one direction and 24 in the other (WCAG 2.2 target size, our 44 px rule
// for the main controls).
async function targets(page, name) {
  const small = await page.evaluate(() =>
    [...document.querySelectorAll("main button, main input:not([type=hidden]), main select, nav a")]
      .filter((el) => el.offsetParent !== null)
      .map((el) => ({ el, r: el.getBoundingClientRect() }))
      .filter(({ el, r }) => {
        if (el.type === "checkbox" || el.type === "radio") return r.height < 20;
        return r.height < 43.5;
      })
      .map(({ el, r }) => `${el.tagName.toLowerCase()}#${el.id || el.name || el.textContent.trim().slice(0, 20)} ${Math.round(r.width)}x${Math.round(r.height)}`),
  );
  for (const s of small.slice(0, 5)) problems.push(`${name}: touch target too small: ${s}`);
}

export async function visit(page, size, path, name) {
  const res = await page.goto(base + path, { waitUntil: "load" });
  const status = res ? res.status() : 0;
  if (status >= 400) problems.push(`${size} ${path}: HTTP ${status}`);
  const file = `${out}/${size}-${name}.png`;
  await page.screenshot({ path: file, fullPage: true });
  const a = await audit(page, `${size} ${path}`);
  if (size === "phone") await targets(page, `${size} ${path}`);
  const overflow = await page.evaluate(
    () => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1,
  );
  if (overflow) problems.push(`${size} ${path}: the page is wider than the screen`);
  report.pages.push({ size, path, status, ...a, screenshot: file });
}

try {
  // Every page in the navigation, at both sizes, before any data.
  for (const size of Object.keys(SIZES)) {
    const { context, page } = await open(size);
    await page.goto(base + "/today");
    const links = await page.$$eval("nav[aria-label=Pages] a", (as) =>
      as.map((a) => a.getAttribute("href")),
    );
    if (links.length !== 9) problems.push(`${size}: the navigation has ${links.length} pages, not 9`);
    for (const href of links) await visit(page, size, href, `empty${href.replaceAll("/", "-")}`);
    await context.close();
  }
  // The runner's day, on a phone.
  const { context, page } = await open("phone");
  await day({ page, base, out, fixtures, visit, audit, problems, report });
  await context.close();
  // Every page again with the day's data, at both sizes.
  for (const size of Object.keys(SIZES)) {
    const { context, page } = await open(size);
    for (const path of ["/today", "/plan", "/plan/month", "/history", "/insights", "/form", "/data", "/sources", "/check-in"]) {
      await visit(page, size, path, `full${path.replaceAll("/", "-")}`);
    }
    await context.close();
  }
} catch (e) {
  problems.push(`the walk stopped: ${e.stack || e}`);
} finally {
  await browser.close();
}
writeFileSync(`${out}/report.json`, JSON.stringify({ ...report, problems }, null, 2));
if (problems.length > 0) {
  console.error(problems.join("\n"));
  process.exit(1);
}
console.log(`walked ${report.pages.length} page views and ${report.steps.length} steps; screenshots in ${out}`);
