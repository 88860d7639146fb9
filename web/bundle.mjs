// Puts the browser version together as ONE file, web/dist/index.html, that
// works opened from disk or from any static host: the form (index.html,
// app.css, app.js), the WebAssembly module gzipped and in base64 (the page
// unzips it with the browser's DecompressionStream), and the bundled
// example articles. Called by web/build.sh:
//   node web/bundle.mjs MODULE.wasm OUT.html
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";
import { readFileSync, readdirSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import { dirname, join, basename } from "node:path";
import { fileURLToPath } from "node:url";

const [wasmFile, outFile] = process.argv.slice(2);
if (!outFile) {
  console.error("usage: node web/bundle.mjs MODULE.wasm OUT.html");
  process.exit(2);
}
const web = dirname(fileURLToPath(import.meta.url));
const root = join(web, "..");
const read = (p) => readFileSync(p, "utf8");

// The example: the bundled corpus, one text per article, as a teacher would drop them.
const corpus = join(root, "corpus");
const articles = [];
for (const outlet of readdirSync(corpus).sort()) {
  const dir = join(corpus, outlet);
  if (!statSync(dir).isDirectory()) continue;
  for (const f of readdirSync(dir).sort()) {
    if (f.endsWith(".txt")) articles.push({ name: basename(f, ".txt"), text: read(join(dir, f)) });
  }
}
// A JSON data block must not contain "</script": escape every "<".
const example = JSON.stringify({ story: "Armenia and the CSTO drills, January 2023", articles }).replace(/</g, "\\u003c");

const wasm = readFileSync(wasmFile);
// The lexicons are most of the module, and text: gzip takes it to a third.
const packed = gzipSync(wasm, { level: 9 });
const wasmScript = `window.FRAMELENS_WASM = "${packed.toString("base64")}";`;
const app = read(join(web, "app.js"));
// The report page's own script, allowed by its hash inside the report frame
// (a frame written from this page keeps this page's policy too).
const reportScript = read(join(root, "src/report/page/script.js"));
const hash = (s) => `'sha256-${createHash("sha256").update(s, "utf8").digest("base64")}'`;
const csp = [
  "default-src 'none'",
  `script-src ${[wasmScript, app, reportScript].map(hash).join(" ")} 'wasm-unsafe-eval'`,
  "style-src 'unsafe-inline'",
  "img-src data:",
  "connect-src 'none'",
  "frame-src blob:",
  "base-uri 'none'",
  "form-action 'none'",
].join("; ");
const version = /^version\s*=\s*"([^"]+)"/m.exec(read(join(root, "Cargo.toml")))[1];

const slots = { CSP: csp, STYLE: read(join(web, "app.css")), VERSION: version, EXAMPLE: example, WASM: wasmScript, APP: app };
// One pass over the template, so that nothing inserted is read as a placeholder.
const html = read(join(web, "index.html")).replace(/\{\{([A-Z]+)\}\}/g, (m, k) => {
  if (!(k in slots)) throw new Error(`unknown placeholder ${m}`);
  return slots[k];
});
mkdirSync(dirname(outFile), { recursive: true });
writeFileSync(outFile, html);
const mb = (n) => (n / 1e6).toFixed(2) + " MB";
console.log(
  `wrote ${outFile}: ${mb(Buffer.byteLength(html))} (WebAssembly module ${mb(wasm.length)}, gzipped ${mb(packed.length)}; ${articles.length} example articles)`,
);
