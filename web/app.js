// framelens in the browser: collects the pasted or dropped articles, hands
// them to the WebAssembly build of framelens (web/framelens-web) and shows
// the report page it returns. Nothing is fetched or sent: the WebAssembly
// module is in this file (FRAMELENS_WASM, gzipped, base64), and the page's
// Content-Security-Policy forbids every connection.
(function () {
  "use strict";
  var MAX = 6, MIN = 2;
  var d = document;
  var slots = d.getElementById("slots");
  var template = d.getElementById("slot-template");
  var status = d.getElementById("status");
  var go = d.getElementById("go");
  var addButton = d.getElementById("add");
  var ready = null; // the promise of the module's exports
  var lastUrl = null;

  function say(text, isError) {
    status.textContent = text;
    status.className = isError ? "error" : "";
  }

  function renumber() {
    var all = slots.querySelectorAll(".slot");
    for (var i = 0; i < all.length; i++) {
      all[i].querySelector(".n").textContent = String(i + 1);
      all[i].querySelector(".remove").disabled = all.length <= 1;
    }
    addButton.disabled = all.length >= MAX;
  }

  function addSlot() {
    if (slots.querySelectorAll(".slot").length >= MAX) return null;
    var li = template.content.firstElementChild.cloneNode(true);
    li.querySelector(".remove").addEventListener("click", function () {
      li.remove();
      renumber();
    });
    slots.appendChild(li);
    renumber();
    return li;
  }

  // The outlet named in a text's front matter, if it has one.
  function frontMatterOutlet(text) {
    var m = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(\r?\n|$)/.exec(text);
    if (!m) return "";
    var line = /^outlet:[ \t]*(.*)$/m.exec(m[1]);
    return line ? line[1].trim().replace(/^["']|["']$/g, "") : "";
  }

  function fill(li, outlet, name, text) {
    li.querySelector(".outlet").value = outlet;
    li.querySelector(".text").value = text;
    li.querySelector(".name").textContent = name;
    li.dataset.name = name;
  }

  function emptySlot() {
    var all = slots.querySelectorAll(".slot");
    for (var i = 0; i < all.length; i++) {
      // A slot a dropped file is still being read into is taken.
      if (!all[i].querySelector(".text").value.trim() && !all[i].dataset.name) return all[i];
    }
    return addSlot();
  }

  function takeFiles(files) {
    var list = Array.prototype.slice.call(files).filter(function (f) {
      return /\.txt$/i.test(f.name) || f.type === "text/plain";
    });
    if (!list.length) {
      say("Only .txt files can be read here.", true);
      return;
    }
    var taken = 0, left = 0;
    list.forEach(function (f) {
      var li = emptySlot();
      if (!li) {
        left += 1;
        return;
      }
      taken += 1;
      li.dataset.name = f.name;
      f.text().then(function (text) {
        fill(li, frontMatterOutlet(text) ? "" : li.querySelector(".outlet").value, f.name.replace(/\.txt$/i, ""), text);
        if (frontMatterOutlet(text)) li.querySelector(".outlet").placeholder = "from the file: " + frontMatterOutlet(text);
      });
    });
    say(taken + " file(s) read" + (left ? "; " + left + " left out (at most " + MAX + " articles)" : "") + ".", left > 0);
  }

  function collect() {
    var out = [], problems = [];
    var all = slots.querySelectorAll(".slot");
    for (var i = 0; i < all.length; i++) {
      var text = all[i].querySelector(".text").value;
      var outlet = all[i].querySelector(".outlet").value.trim();
      if (!text.trim()) continue;
      if (!outlet && !frontMatterOutlet(text)) problems.push("Name the outlet of article " + (i + 1) + ".");
      out.push({ outlet: outlet, name: all[i].dataset.name || "article-" + (i + 1), text: text });
    }
    if (out.length < MIN) problems.unshift("Paste at least " + MIN + " articles: framelens compares outlets.");
    return { articles: out, problems: problems };
  }

  function load() {
    if (!ready) {
      var packed = Uint8Array.from(atob(window.FRAMELENS_WASM), function (c) {
        return c.charCodeAt(0);
      });
      if (typeof DecompressionStream === "undefined") {
        return Promise.reject(new Error("this browser is too old to unpack framelens; use a current Firefox, Chrome, Edge or Safari"));
      }
      var unzipped = new Blob([packed]).stream().pipeThrough(new DecompressionStream("gzip"));
      ready = new Response(unzipped)
        .arrayBuffer()
        .then(function (bytes) {
          return WebAssembly.instantiate(bytes, {});
        })
        .then(function (r) {
          return r.instance.exports;
        });
    }
    return ready;
  }

  // The module's one call: a JSON request in, a JSON response out (see
  // web/framelens-web/lib.rs for the three exports).
  function analyze(ex, request) {
    var input = new TextEncoder().encode(request);
    var ptr = ex.framelens_alloc(input.length);
    new Uint8Array(ex.memory.buffer, ptr, input.length).set(input);
    var len = ex.framelens_analyze(ptr, input.length);
    return new TextDecoder().decode(new Uint8Array(ex.memory.buffer, ex.framelens_response(), len));
  }

  function show(result) {
    var box = d.getElementById("problems"), list = d.getElementById("problem-list");
    list.textContent = "";
    (result.problems || []).forEach(function (p) {
      var li = d.createElement("li");
      li.textContent = p;
      list.appendChild(li);
    });
    box.hidden = !(result.problems || []).length;
    if (result.error || !result.html) {
      say(result.error || "framelens wrote no report.", true);
      return;
    }
    var blob = new Blob([result.html], { type: "text/html" });
    if (lastUrl) URL.revokeObjectURL(lastUrl);
    lastUrl = URL.createObjectURL(blob);
    d.getElementById("download").href = lastUrl;
    d.getElementById("report").srcdoc = result.html;
    d.getElementById("result").hidden = false;
    say("Done: " + result.articles + " article(s) from " + result.outlets + " outlet(s), " + result.words + " words. The report is below.");
    d.getElementById("result-h").focus();
  }

  d.getElementById("form").addEventListener("submit", function (e) {
    e.preventDefault();
    var c = collect();
    if (c.problems.length) {
      say(c.problems.join(" "), true);
      return;
    }
    go.disabled = true;
    say("Analysing " + c.articles.length + " articles…");
    var request = JSON.stringify({ story: d.getElementById("story").value, articles: c.articles });
    // Let the message paint before the work starts.
    setTimeout(function () {
      load()
        .then(function (ex) {
          show(JSON.parse(analyze(ex, request)));
        })
        .catch(function (err) {
          // A failed run can leave the module broken: start afresh next time.
          ready = null;
          say("framelens stopped with an error: " + err + ". Try again, or reload the page.", true);
        })
        .then(function () {
          go.disabled = false;
        });
    }, 30);
  });

  addButton.addEventListener("click", function () {
    var li = addSlot();
    if (li) li.querySelector(".outlet").focus();
  });

  d.getElementById("example").addEventListener("click", function () {
    var example = JSON.parse(d.getElementById("example-data").textContent);
    slots.textContent = "";
    example.articles.forEach(function (a) {
      fill(addSlot(), "", a.name, a.text);
    });
    d.getElementById("story").value = example.story;
    say("Loaded the " + example.articles.length + " example articles (the outlets are named in each text). Press Analyse.");
  });

  d.getElementById("open").addEventListener("click", function () {
    if (lastUrl) window.open(lastUrl, "_blank", "noopener");
  });

  d.getElementById("files").addEventListener("change", function (e) {
    takeFiles(e.target.files);
    e.target.value = "";
  });
  var drop = d.getElementById("drop");
  ["dragenter", "dragover"].forEach(function (t) {
    d.addEventListener(t, function (e) {
      e.preventDefault();
      drop.classList.add("over");
    });
  });
  ["dragleave", "drop"].forEach(function (t) {
    d.addEventListener(t, function (e) {
      e.preventDefault();
      drop.classList.remove("over");
      if (t === "drop" && e.dataTransfer) takeFiles(e.dataTransfer.files);
    });
  });

  d.getElementById("result-h").tabIndex = -1;
  addSlot();
  addSlot();
  // Start compiling the module while the class pastes.
  setTimeout(load, 0);
})();
