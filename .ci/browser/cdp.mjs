// A small Chrome DevTools Protocol client over Node's built-in WebSocket:
// starts Debian's headless Chromium with its own empty profile and drives
// pages (navigate, evaluate, type, click, screenshot, print) the way a
// reader's browser would. No npm packages.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), "framelens-chromium-"));
  const args = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--mute-audio", "--hide-scrollbars",
    `--user-data-dir=${profile}`, "--remote-debugging-port=0", "about:blank",
  ];
  const proc = spawn(process.env.CHROMIUM || "/usr/bin/chromium", args, { stdio: ["ignore", "ignore", "pipe"] });
  const url = await new Promise((resolve, reject) => {
    let err = "";
    const timer = setTimeout(() => reject(new Error("Chromium did not start:\n" + err)), 30000);
    proc.stderr.on("data", (d) => {
      err += d;
      const m = /DevTools listening on (ws:\/\/\S+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
    proc.on("exit", (code) => reject(new Error(`Chromium exited (${code}):\n${err}`)));
  });
  const ws = new WebSocket(url);
  await new Promise((resolve, reject) => {
    ws.onopen = resolve;
    ws.onerror = reject;
  });
  let next = 1;
  const waiting = new Map();
  const listeners = [];
  ws.onmessage = (m) => {
    const msg = JSON.parse(m.data);
    if (msg.id && waiting.has(msg.id)) {
      const { resolve, reject, method } = waiting.get(msg.id);
      waiting.delete(msg.id);
      if (msg.error) reject(new Error(`${method}: ${msg.error.message}`));
      else resolve(msg.result);
    } else if (msg.method) {
      for (const l of listeners) l(msg);
    }
  };
  const send = (method, params = {}, sessionId) =>
    new Promise((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject, method });
      ws.send(JSON.stringify({ id, method, params, sessionId }));
    });
  const browser = {
    async newPage({ width = 1280, height = 800 } = {}) {
      const { targetId } = await send("Target.createTarget", { url: "about:blank" });
      const { sessionId } = await send("Target.attachToTarget", { targetId, flatten: true });
      return new Page(send, listeners, sessionId, width, height).init();
    },
    async close() {
      try {
        await send("Browser.close");
      } catch {
        // already gone
      }
      ws.close();
      if (proc.exitCode === null) {
        const exited = new Promise((r) => proc.once("exit", r));
        proc.kill();
        await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
      }
      rmSync(profile, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
  return browser;
}

class Page {
  constructor(send, listeners, sessionId, width, height) {
    this.send = send;
    this.cmd = (method, params) => send(method, params, sessionId);
    // Frames that run in their own process (a sandboxed frame may), newest last.
    this.frames = [];
    this.width = width;
    this.height = height;
    this.requests = [];
    this.errors = [];
    this.dialogs = [];
    this.events = [];
    listeners.push((msg) => {
      if (msg.sessionId !== sessionId) return;
      this.events.push(msg);
      const p = msg.params;
      if (msg.method === "Network.requestWillBeSent") this.requests.push(p.request.url);
      if (msg.method === "Target.attachedToTarget" && p.targetInfo.type === "iframe") {
        this.frames.push(p.sessionId);
        send("Runtime.runIfWaitingForDebugger", {}, p.sessionId).catch(() => {});
      }
      if (msg.method === "Runtime.exceptionThrown") this.errors.push(p.exceptionDetails.exception?.description || p.exceptionDetails.text);
      if (msg.method === "Log.entryAdded" && p.entry.level === "error") this.errors.push(p.entry.text);
      if (msg.method === "Runtime.consoleAPICalled" && p.type === "error") this.errors.push(p.args.map((a) => a.value).join(" "));
      if (msg.method === "Page.javascriptDialogOpening") {
        this.dialogs.push(p.message);
        this.cmd("Page.handleJavaScriptDialog", { accept: false });
      }
    });
  }

  async init() {
    for (const d of ["Page", "Runtime", "Network", "Log"]) await this.cmd(`${d}.enable`);
    await this.cmd("Target.setAutoAttach", { autoAttach: true, waitForDebuggerOnStart: false, flatten: true });
    await this.cmd("Emulation.setDeviceMetricsOverride", { width: this.width, height: this.height, deviceScaleFactor: 1, mobile: false });
    return this;
  }

  /** Navigates and waits for the load event. */
  async goto(url, { scripts = true } = {}) {
    await this.cmd("Emulation.setScriptExecutionDisabled", { value: !scripts });
    const loaded = this.waitFor("Page.loadEventFired", 30000);
    await this.cmd("Page.navigate", { url });
    await loaded;
  }

  waitFor(method, ms) {
    const start = this.events.length;
    return new Promise((resolve, reject) => {
      const t0 = Date.now();
      const tick = () => {
        const e = this.events.slice(start).find((x) => x.method === method);
        if (e) return resolve(e.params);
        if (Date.now() - t0 > ms) return reject(new Error(`timed out waiting for ${method}`));
        setTimeout(tick, 20);
      };
      tick();
    });
  }

  /** Evaluates an expression (in a frame when `frame` from childFrame() is given) and returns its value. */
  async eval(expression, frame) {
    const params = { expression, returnByValue: true, awaitPromise: true };
    const r = frame?.session
      ? await this.send("Runtime.evaluate", params, frame.session)
      : await this.cmd("Runtime.evaluate", { ...params, contextId: frame?.context });
    if (r.exceptionDetails) throw new Error(`${expression.slice(0, 80)}…: ${r.exceptionDetails.exception?.description || r.exceptionDetails.text}`);
    return r.result.value;
  }

  /** Polls until the expression is truthy. */
  async until(expression, ms = 60000, frame) {
    const t0 = Date.now();
    for (;;) {
      const v = await this.eval(expression, frame).catch(() => false);
      if (v) return v;
      if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${expression}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /**
   * The page's (newest) child frame, to read its DOM: an isolated world in
   * it when it shares the page's process, else its own session.
   */
  async childFrame(ms = 30000) {
    const t0 = Date.now();
    for (;;) {
      if (this.frames.length) return { session: this.frames[this.frames.length - 1] };
      const { frameTree } = await this.cmd("Page.getFrameTree");
      const child = frameTree.childFrames?.[0]?.frame;
      if (child) {
        const { executionContextId } = await this.cmd("Page.createIsolatedWorld", { frameId: child.id, worldName: "check" });
        return { context: executionContextId };
      }
      if (Date.now() - t0 > ms) throw new Error("no child frame");
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** Focuses the element and types the text into it, as a paste would insert it. */
  async type(selector, text) {
    await this.eval(`(() => { const e = document.querySelector(${JSON.stringify(selector)}); e.scrollIntoView({block: "center"}); e.focus(); return true; })()`);
    await this.cmd("Input.insertText", { text });
  }

  /** Clicks the middle of the element with the mouse. */
  async click(selector) {
    const box = await this.eval(`(() => { const e = document.querySelector(${JSON.stringify(selector)}); e.scrollIntoView({block: "center"}); const r = e.getBoundingClientRect(); return {x: r.x + r.width / 2, y: r.y + r.height / 2}; })()`);
    for (const type of ["mousePressed", "mouseReleased"]) {
      await this.cmd("Input.dispatchMouseEvent", { type, x: box.x, y: box.y, button: "left", clickCount: 1 });
    }
  }

  async key(key, code, keyCode) {
    for (const type of ["keyDown", "keyUp"]) {
      await this.cmd("Input.dispatchKeyEvent", { type, key, code, windowsVirtualKeyCode: keyCode });
    }
  }

  /** A PNG of the viewport, or of a clip {x, y, width, height} of the page. */
  async screenshot(path, clip) {
    const params = { format: "png", captureBeyondViewport: Boolean(clip) };
    if (clip) params.clip = { ...clip, scale: 1 };
    const { data } = await this.cmd("Page.captureScreenshot", params);
    writeFileSync(path, Buffer.from(data, "base64"));
  }

  /** Prints to an A4 PDF; returns its page count. */
  async pdf(path) {
    const { data } = await this.cmd("Page.printToPDF", { paperWidth: 8.27, paperHeight: 11.69, preferCSSPageSize: true, printBackground: false });
    const bytes = Buffer.from(data, "base64");
    writeFileSync(path, bytes);
    return (bytes.toString("latin1").match(/\/Type\s*\/Page[^s]/g) || []).length;
  }
}
