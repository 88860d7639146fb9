// The browser checks of CI (.ci/browser.sh runs them): what a reader sees in
// Debian's Chromium, on the page the command line wrote for the bundled
// corpus, on a page built from hostile text, and in the browser version
// after the bundled articles are pasted into it. Screenshots and the A4 PDF
// go to OUT (target/browser).
//
//   node check.mjs REPORT.html HOSTILE.html WEB_DIST_DIR CORPUS_DIR OUT_DIR
import { createServer } from "node:http";
import { readFileSync, readdirSync, statSync, writeFileSync } from "node:fs";
import { join, extname } from "node:path";
import { pathToFileURL } from "node:url";
import { launch } from "./cdp.mjs";

const [reportFile, hostileFile, webDir, corpusDir, outDir] = process.argv.slice(2);
let passed = 0, failed = 0;
function check(what, ok, detail = "") {
  if (ok) {
    passed += 1;
    console.log(`ok   ${what}`);
  } else {
    failed += 1;
    console.log(`FAIL ${what}${detail ? `: ${detail}` : ""}`);
  }
}

// What a reader of a report page sees, read from its DOM (in `context`, a
// frame's isolated world, when given).
const READ = `(() => {
  const q = (s, r = document) => Array.from(r.querySelectorAll(s));
  const text = (e) => e.textContent.replace(/\\s+/g, " ").trim();
  // A mark's words without the side's letter after it.
  const words = (m) => {
    const c = m.cloneNode(true);
    c.querySelectorAll("sup").forEach((s) => s.remove());
    return text(c);
  };
  const articles = {};
  for (const a of q("article.art")) {
    const outlet = text(a.querySelector(".art-outlet"));
    articles[outlet] = q("mark.hit[data-tip]", a).map((m) => [m.classList[1], m.classList[2], words(m)]);
  }
  const grid = q("table.grid").map((t) => ({
    outlets: q("thead th", t).slice(1).map(text),
    rows: q("tbody tr", t).map((r) => q("td .st", r).map((s) => s.classList[1])),
  }));
  return {
    title: document.title,
    lang: document.documentElement.lang,
    landmarks: ["header", "nav", "main", "footer"].filter((l) => document.querySelector(l)),
    h1: q("h1").length,
    outlets: q("#lean .oname").map(text),
    leans: q("#lean tbody tr").map((r) => text(r.querySelector(".oname")) + ": " + text(r.querySelector(".c-lean .val b") || r.querySelector(".c-lean"))),
    naming: q("#lean tbody tr").map((r) => text(r.querySelector(".oname")) + ": " + (r.querySelector(".c-name") ? text(r.querySelector(".c-name .val b") || r.querySelector(".c-name")) : "")),
    articles,
    grid,
    added: q(".kd-ins .difflist li").map(text),
    inserted: q(".kd-ins ins").length,
    stance: q(".kd-sta .difflist li").map(text),
    tablesWithoutHeaders: q("table").filter((t) => !t.querySelector("th[scope]")).length,
    scripts: document.scripts.length,
    images: document.images.length,
    handlers: q("*").filter((e) => Array.from(e.attributes).some((a) => /^on/i.test(a.name))).length,
    links: q("a[href]").map((a) => a.getAttribute("href")).filter((h) => !/^(#|https?:\\/\\/)/i.test(h)),
    // The markup as written: the script makes wide tables focusable only when they scroll.
    main: document.querySelector("main") ? document.querySelector("main").innerHTML.replace(/<div class="scroll" tabindex="0"/g, '<div class="scroll"') : "",
    height: document.documentElement.scrollHeight,
  };
})()`;

// The report frame of the browser version once it shows a report with
// `marker` in it (a frame is replaced when a new report is shown).
async function reportFrame(web, marker) {
  const t0 = Date.now();
  for (;;) {
    // The frame may be replaced while it is looked up: then look again.
    const f = await web.childFrame().catch(() => null);
    const expr = `document.readyState === "complete" && !!document.querySelector("main") && document.body.innerHTML.includes(${JSON.stringify(marker)})`;
    if (f && (await web.eval(expr, f).catch(() => false))) return f;
    if (Date.now() - t0 > 30000) throw new Error(`the report frame never showed ${marker}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const browser = await launch();
try {
  // ── 1. The command line's page of the bundled corpus ──
  const page = await browser.newPage();
  const reportUrl = pathToFileURL(reportFile).href;
  await page.goto(reportUrl);
  const cli = await page.eval(READ);
  // The DOM as Chromium built it, kept beside the screenshots.
  writeFileSync(join(outDir, "report-dom.html"), await page.eval("document.documentElement.outerHTML"));
  check("the page loads nothing but itself", page.requests.every((u) => u === reportUrl), page.requests.join(" "));
  check("no script errors or policy violations", page.errors.length === 0, page.errors.join(" | "));
  check("landmarks, one h1, lang=en", cli.landmarks.length === 4 && cli.h1 === 1 && cli.lang === "en", JSON.stringify(cli.landmarks));
  check("every table has header cells", cli.tablesWithoutHeaders === 0, String(cli.tablesWithoutHeaders));
  const five = ["24Pal News", "Ararat Observer", "Harbor Daily", "Meridian Wire", "Volga Herald"];
  check("the lean chart shows the five outlets", five.every((o) => cli.outlets.includes(o)), cli.outlets.join(", "));
  check("Ararat Observer's names lean towards armenia", cli.naming.some((l) => l.startsWith("Ararat Observer: +1.95 towards armenia")), cli.naming.join(" | "));
  check("an outlet off an axis's topic has an empty lean, with why", cli.leans.some((l) => l.startsWith("Ararat Observer: ") && l.includes("no value; off topic")), cli.leans.join(" | "));
  check("Volga Herald holds a word at a distance", (cli.articles["Volga Herald"] || []).some(([v]) => v === "v-d"));
  check("24Pal News leans towards azerbaijan", cli.leans.some((l) => l.startsWith("24Pal News: \u22122.48 towards azerbaijan")), cli.leans.join(" | "));
  const pal = cli.articles["24Pal News"] || [];
  const narrator = ["occupation of the latter\u2019s lands", "illegally occupied", "Armenian army attacked civilians", "liberated"];
  check(
    "24Pal News' own words are marked, narrator voice, azerbaijan side",
    narrator.every((w) => pal.some(([v, s, t]) => v === "v-n" && s === "s1" && t === w)),
    JSON.stringify(pal),
  );
  const grid = cli.grid[0] || { outlets: [], rows: [] };
  check("the claim grid has the five outlets and 85 claims", five.every((o) => grid.outlets.includes(o)) && grid.rows.length === 85, `${grid.outlets} × ${grid.rows.length}`);
  check(
    "a difference: 24Pal News adds the occupation clause, underlined",
    cli.added.some((t) => t.includes("24Pal News adds") && t.includes("due to the occupation of the latter\u2019s lands by Armenia")) && cli.inserted > 0,
  );
  check("a stance difference: Harbor Daily's claimed", cli.stance.some((t) => t.includes("Harbor Daily") && t.includes("claimed")), cli.stance.slice(0, 3).join(" | "));

  // A reader who tabs to a marked word sees its tip.
  const tip = await page.eval(`(() => {
    const m = Array.from(document.querySelectorAll("article.art")).find((a) => a.querySelector(".art-outlet").textContent.trim() === "24Pal News").querySelector("mark.hit.v-n.s1[data-tip]");
    m.focus();
    const after = getComputedStyle(m, "::after");
    return { focused: document.activeElement === m, display: after.display, content: after.content };
  })()`);
  check("focusing a marked word shows its tip with the neutral alternative", tip.focused && tip.display === "block" && tip.content.includes("Neutral alternative"), JSON.stringify(tip).slice(0, 200));

  // Screenshots a teacher would see, and the page on A4.
  await page.eval("document.activeElement.blur(); scrollTo(0, 0)");
  await page.screenshot(join(outDir, "report-top.png"));
  const box = await page.eval(`(() => { const a = Array.from(document.querySelectorAll("article.art")).find((a) => a.querySelector(".art-outlet").textContent.trim() === "24Pal News"); const r = a.getBoundingClientRect(); return { x: 0, y: r.top + scrollY, width: 1280, height: Math.min(r.height, 1400) }; })()`);
  await page.screenshot(join(outDir, "report-24pal.png"), box);
  const grid0 = await page.eval(`(() => { const r = document.querySelector("#claims").getBoundingClientRect(); return { x: 0, y: r.top + scrollY, width: 1280, height: 1100 }; })()`);
  await page.screenshot(join(outDir, "report-claims.png"), grid0);
  const pages = await page.pdf(join(outDir, "report.pdf"));
  check("the page prints on A4", pages > 3 && pages < 120, `${pages} pages`);
  console.log(`     (report.pdf: ${pages} A4 pages; the page is ${cli.height} px tall at 1280 px)`);

  // Without JavaScript the page reads the same.
  const nojs = await browser.newPage();
  await nojs.goto(reportUrl, { scripts: false });
  const plain = await nojs.eval(READ.replace("document.scripts.length", "0")).catch(() => null);
  check("without JavaScript the same marks, grid and differences are there",
    plain && JSON.stringify(plain.articles) === JSON.stringify(cli.articles) && plain.grid[0].rows.length === 85 && plain.added.length === cli.added.length);

  // ── 2. A page built from hostile text ──
  const evil = await browser.newPage();
  await evil.goto(pathToFileURL(hostileFile).href);
  await new Promise((r) => setTimeout(r, 500));
  const h = await evil.eval(READ);
  check("hostile text: no dialog, no image, one script, no handlers, no javascript: links",
    evil.dialogs.length === 0 && h.images === 0 && h.scripts === 1 && h.handlers === 0 && h.links.length === 0,
    JSON.stringify({ dialogs: evil.dialogs, images: h.images, scripts: h.scripts, handlers: h.handlers, links: h.links }));
  check("hostile text: shown as text", JSON.stringify(h.articles).includes("occupation") && h.title.includes("2 articles"));

  // ── 3. The browser version, served by a local server ──
  const types = { ".html": "text/html; charset=utf-8", ".js": "text/javascript", ".wasm": "application/wasm" };
  const server = createServer((req, res) => {
    const path = join(webDir, decodeURIComponent(new URL(req.url, "http://x").pathname).replace(/^\/+/, "") || "index.html");
    try {
      const body = readFileSync(statSync(path).isDirectory() ? join(path, "index.html") : path);
      res.writeHead(200, { "content-type": types[extname(path)] || "application/octet-stream" });
      res.end(body);
    } catch {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${server.address().port}`;
  const web = await browser.newPage({ width: 1280, height: 900 });
  const t0 = Date.now();
  await web.goto(`${origin}/index.html`);
  // A class pastes each article's text and types its outlet, as students would.
  const files = readdirSync(corpusDir).filter((d) => statSync(join(corpusDir, d)).isDirectory()).sort();
  const texts = files.map((d) => {
    const f = readdirSync(join(corpusDir, d)).find((x) => x.endsWith(".txt"));
    const raw = readFileSync(join(corpusDir, d, f), "utf8");
    const outlet = /^outlet:\s*(.*)$/m.exec(raw)[1].trim();
    return { outlet, body: raw.replace(/^---\n[\s\S]*?\n---\n/, "") };
  });
  for (let i = 0; i < texts.length; i++) {
    if (i >= 2) await web.click("#add");
    await web.type(`#slots .slot:nth-child(${i + 1}) .outlet`, texts[i].outlet);
    await web.type(`#slots .slot:nth-child(${i + 1}) .text`, texts[i].body);
  }
  await web.screenshot(join(outDir, "web-form.png"));
  await web.click("#go");
  await web.until(`!document.getElementById("result").hidden || document.getElementById("status").className === "error"`, 120000);
  const status = await web.eval(`document.getElementById("status").textContent`);
  check("the browser version analyses five pasted articles", status.startsWith("Done: 5 article(s) from 5 outlet(s)"), status);
  console.log(`     (pasted and analysed in ${((Date.now() - t0) / 1000).toFixed(1)} s, module compile included)`);
  const pasted = await web.eval(READ, await reportFrame(web, "<code>article-1</code>"));
  check("pasted: the same outlets, leans and naming as the command line's page",
    JSON.stringify([pasted.leans, pasted.naming]) === JSON.stringify([cli.leans, cli.naming]), pasted.leans.join(" | "));
  check("pasted: the same marks in every article", JSON.stringify(pasted.articles) === JSON.stringify(cli.articles));
  check("pasted: the same claim grid", JSON.stringify(pasted.grid) === JSON.stringify(cli.grid));
  check("pasted: the occupation clause as an added difference", pasted.added.some((t) => t.includes("due to the occupation of the latter\u2019s lands by Armenia")));
  await web.eval(`document.getElementById("result").scrollIntoView()`);
  // Give the frame time to paint (it may run in its own process).
  await new Promise((r) => setTimeout(r, 1500));
  await web.screenshot(join(outDir, "web-report.png"));

  // The example button loads the bundled files with their front matter: the
  // report is then the command line's, but for the run stamp.
  await web.click("#example");
  await web.click("#go");
  await web.until(`document.getElementById("status").textContent.startsWith("Done") && !document.getElementById("go").disabled`, 120000);
  const example = await web.eval(READ, await reportFrame(web, "<code>000_30123fbda8decd7b</code>"));
  if (example.main !== cli.main) {
    writeFileSync(join(outDir, "main-cli.html"), cli.main);
    writeFileSync(join(outDir, "main-web.html"), example.main);
  }
  check("the example gives the command line's report, byte for byte in <main>", example.main === cli.main, `${example.main.length} vs ${cli.main.length} characters (both in ${outDir}/main-*.html)`);
  const foreign = web.requests.filter((u) => !u.startsWith(origin) && !/^(data|blob|about):/.test(u));
  check("the browser version sends nothing anywhere", foreign.length === 0, foreign.join(" "));
  check("the browser version: no script errors or policy violations", web.errors.length === 0, web.errors.join(" | "));
  server.close();

  // A teacher may open the file from disk instead.
  const disk = await browser.newPage();
  await disk.goto(pathToFileURL(join(webDir, "index.html")).href);
  await disk.click("#example");
  await disk.click("#go");
  const done = await disk
    .until(`document.getElementById("status").textContent.startsWith("Done") && document.getElementById("status").textContent`, 120000)
    .catch((e) => String(e));
  check("opened from disk, the browser version runs the example", String(done).startsWith("Done: 5 article(s) from 5 outlet(s)"), String(done));
} finally {
  await browser.close();
}
console.log(`browser: ${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
