/* Archive search engine: reads the static index under searchindex/ piece by piece.
   See generator/search/README.md for the file formats. Exposes window.ArchiveSearch. */
(function () {
  "use strict";

  // Same 32-bit hash as generator/search/shards.py:mix, used to name shard files.
  function mix(x) {
    x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
    x = Math.imul(x ^ (x >>> 16), 0x45d9f3b) >>> 0;
    return (x ^ (x >>> 16)) >>> 0;
  }

  // A little-endian base-128 varint reader over a byte array.
  function Reader(bytes, pos) { this.b = bytes; this.i = pos || 0; }
  Reader.prototype.next = function () {
    var b = this.b, v = 0, shift = 0, x;
    do { x = b[this.i++]; v += (x & 0x7f) * Math.pow(2, shift); shift += 7; } while (x & 0x80);
    return v;
  };

  async function gunzip(buffer) {
    var bytes = new Uint8Array(buffer);
    // A server may already have removed the gzip layer (Content-Encoding); check the magic.
    if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Uint8Array(await new Response(stream).arrayBuffer());
  }

  function Engine(root) {
    this.root = root.endsWith("/") ? root : root + "/";
    this.cache = new Map();
    this.bytes = 0;       // compressed bytes fetched so far (for the benchmark and the UI)
    this.ready = null;
  }

  Engine.prototype.fetchBytes = function (path) {
    var self = this;
    if (!this.cache.has(path)) {
      this.cache.set(path, fetch(this.root + path).then(function (r) {
        if (r.status === 404) return null;
        if (!r.ok) throw new Error(r.status + " " + path);
        return r.arrayBuffer().then(function (buf) { self.bytes += buf.byteLength; return gunzip(buf); });
      }));
    }
    return this.cache.get(path);
  };

  Engine.prototype.fetchJson = async function (path) {
    var bytes = await this.fetchBytes(path);
    return bytes && JSON.parse(new TextDecoder().decode(bytes));
  };

  Engine.prototype.init = function () {
    var self = this;
    if (!this.ready) {
      this.ready = Promise.all([this.fetchJson("meta.json.gz"), this.fetchJson("fold.json.gz")])
        .then(function (parts) { self.setup(parts[0], parts[1]); return self; });
    }
    return this.ready;
  };

  Engine.prototype.setup = function (meta, fold) {
    this.meta = meta;
    this.foldMap = new Map();
    for (var i = 0; i < fold.from.length; i++) this.foldMap.set(fold.from[i], fold.to[i]);
    // Passage → report, from the per-report passage counts.
    var reportOf = new Int32Array(meta.passages), first = new Int32Array(meta.reports + 1), p = 0;
    meta.counts.forEach(function (n, r) { first[r] = p; reportOf.fill(r, p, p + n); p += n; });
    first[meta.reports] = p;
    this.reportOf = reportOf;
    this.firstPassage = first;
  };

  // Fold one character at a time, exactly like generator/search/normalize.py:fold.
  Engine.prototype.fold = function (text) {
    var out = "", map = this.foldMap;
    for (var i = 0; i < text.length; i++) {
      var c = text[i], code = c.charCodeAt(0);
      if (code >= 65 && code <= 90) out += String.fromCharCode(code + 32);
      else out += map.get(c) || c;
    }
    return out;
  };

  /* Query syntax: whitespace-separated terms are ANDed; "..." is one term with its spaces;
     a leading - excludes a term. Returns {terms, excludes} of folded strings. */
  Engine.prototype.parse = function (query) {
    var terms = [], excludes = [], re = /(-?)(?:"([^"]*)"?|“([^”]*)”?|(\S+))/g, m;
    query = query.replace(/\u3000/g, " ");
    while ((m = re.exec(query))) {
      var term = this.fold(m[2] !== undefined ? m[2] : m[3] !== undefined ? m[3] : m[4]);
      if (!term.trim()) continue;
      (m[1] ? excludes : terms).push(term);
    }
    return { terms: terms, excludes: excludes };
  };

  Engine.prototype.shardName = function (first, second) {
    var m = this.meta, parts = m.big[first];
    if (parts) return "k/" + first.toString(16) + "-" + (mix(second) % parts) + ".bin.gz";
    var g = first % m.groups;
    return "k/s" + g + "-" + (mix(first) % m.small[g]) + ".bin.gz";
  };

  // A shard's directory: "first,second" → [start, end) byte range of that key's list.
  Engine.prototype.shard = async function (name) {
    var bytes = await this.fetchBytes(name);
    if (!bytes) return null;
    if (!bytes.dir) {
      var r = new Reader(bytes), n = r.next(), keys = [], dir = new Map(), i, first = 0, second = 0;
      // Keys ascend; the second character is a step from the previous key's when first repeats.
      for (i = 0; i < n; i++) {
        var step = r.next(), value = r.next();
        second = step === 0 && i ? second + value : value;
        first += step;
        keys.push([first, second, r.next()]);
      }
      var at = r.i;
      for (i = 0; i < n; i++) { dir.set(keys[i][0] + "," + keys[i][1], [at, at + keys[i][2]]); at += keys[i][2]; }
      bytes.dir = dir;
    }
    return bytes;
  };

  /* Decode one key's list: passages, counts, lead flags and (if wanted) positions.
     Layout: [n][n passage deltas][n headers (count << 1 | lead)][positions, delta per passage]. */
  function decode(bytes, range, withPositions) {
    var r = new Reader(bytes, range[0]), n = r.next(), i, j;
    var pids = new Int32Array(n), counts = new Int32Array(n), leads = new Uint8Array(n), p = 0;
    for (i = 0; i < n; i++) { p += r.next(); pids[i] = p; }
    var total = 0;
    for (i = 0; i < n; i++) { var h = r.next(); counts[i] = h >>> 1; leads[i] = h & 1; total += counts[i]; }
    var list = { n: n, pids: pids, counts: counts, leads: leads };
    if (withPositions) {
      var pos = new Int32Array(total), starts = new Int32Array(n + 1), k = 0;
      for (i = 0; i < n; i++) {
        starts[i] = k; var q = 0;
        for (j = 0; j < counts[i]; j++) { q += r.next(); pos[k++] = q; }
      }
      starts[n] = k;
      list.pos = pos; list.starts = starts;
    }
    return list;
  }

  Engine.prototype.keyList = async function (first, second, withPositions) {
    var bytes = await this.shard(this.shardName(first, second));
    var range = bytes && bytes.dir.get(first + "," + second);
    return range ? decode(bytes, range, withPositions) : null;
  };

  /* A single character: every key starting with it (its bigram files), merged. */
  Engine.prototype.charHits = async function (c) {
    var m = this.meta, names = [], parts = m.big[c], i;
    if (parts) for (i = 0; i < parts; i++) names.push("k/" + c.toString(16) + "-" + i + ".bin.gz");
    else names.push(this.shardName(c, 0));
    var shards = await Promise.all(names.map(this.shard, this));
    var counts = new Int32Array(m.passages), leads = new Uint8Array(m.passages), prefix = c + ",";
    shards.forEach(function (bytes) {
      if (!bytes) return;
      bytes.dir.forEach(function (range, key) {
        if (!key.startsWith(prefix)) return;
        var l = decode(bytes, range, false);
        for (var j = 0; j < l.n; j++) { counts[l.pids[j]] += l.counts[j]; leads[l.pids[j]] |= l.leads[j]; }
      });
    });
    var hits = new Map();
    for (i = 0; i < counts.length; i++) if (counts[i]) hits.set(i, { count: counts[i], lead: leads[i] });
    return hits;
  };

  /* A term of two or more characters: the bigrams at offsets 0, 2, 4, … and length-2 cover
     every character, so a start position p is a match iff each bigram occurs at p + offset. */
  Engine.prototype.termHits = async function (term) {
    var cps = Array.from(term, function (ch) { return ch.codePointAt(0); }), L = cps.length;
    if (L === 1) return this.charHits(cps[0]);
    var offsets = this.cover(term, L), exact = L === 2, self = this;
    var lists = await Promise.all(offsets.map(function (o) {
      return self.keyList(cps[o], cps[o + 1], !exact);
    }));
    var hits = new Map();
    if (lists.some(function (l) { return !l; })) return hits;
    if (exact) {
      var l = lists[0];
      for (var i = 0; i < l.n; i++) hits.set(l.pids[i], { count: l.counts[i], lead: l.leads[i] });
      return hits;
    }
    return intersect(lists, offsets);
  };

  /* Which bigrams of a term of length L >= 2 to fetch: offsets o (bigram at o, o+1) from 0 to
     L-2, consecutive ones at most 2 apart so every character is covered, with the least total
     size. Sizes: meta.heavy (KB) for the big lists, a shard's size for the rest. */
  Engine.prototype.cover = function (term, L) {
    var heavy = this.meta.heavy || {}, units = Array.from(term), best = [], prev = [];
    for (var o = 0; o <= L - 2; o++) {
      var cost = heavy[units[o] + units[o + 1]] || 16, from = o - 1;
      if (o >= 2 && best[o - 2] <= best[o - 1]) from = o - 2;
      best[o] = cost + (o ? best[from] : 0);
      prev[o] = o ? from : -1;
    }
    var offsets = [];
    for (o = L - 2; o >= 0; o = prev[o]) offsets.unshift(o);
    return offsets;
  };

  /* Keep the start positions p where every chosen bigram k occurs at p + offsets[k]. The
     shortest list drives, the others are walked in step (all are sorted by passage). */
  function intersect(lists, offsets) {
    var hits = new Map(), cursors = lists.map(function () { return 0; }), d = 0, k;
    for (k = 1; k < lists.length; k++) if (lists[k].n < lists[d].n) d = k;
    var a = lists[d];
    for (var i = 0; i < a.n; i++) {
      var pid = a.pids[i], all = true;
      for (k = 0; k < lists.length; k++) {
        if (k === d) { cursors[k] = i; continue; }
        var l = lists[k], c = cursors[k];
        while (c < l.n && l.pids[c] < pid) c++;
        cursors[k] = c;
        if (c >= l.n || l.pids[c] !== pid) { all = false; break; }
      }
      if (!all) continue;
      var count = 0, lead = 1;
      for (var s = a.starts[i]; s < a.starts[i + 1]; s++) {
        var p = a.pos[s] - offsets[d], ok = true;
        for (k = 0; k < lists.length && ok; k++) if (k !== d) ok = hasPos(lists[k], cursors[k], p + offsets[k]);
        if (ok) count++;
      }
      for (k = 0; k < lists.length; k++) lead &= lists[k].leads[cursors[k]];
      if (count) hits.set(pid, { count: count, lead: lead });
    }
    return hits;
  }

  function hasPos(list, idx, p) {
    for (var s = list.starts[idx]; s < list.starts[idx + 1]; s++) {
      if (list.pos[s] === p) return true;
      if (list.pos[s] > p) return false;
    }
    return false;
  }

  Engine.prototype.labelSet = async function (kind, label) {
    var entry = (this.meta.labels[kind] || {})[label];
    var bytes = entry && await this.fetchBytes("f/" + entry.file + ".bin.gz");
    var set = new Set();
    if (!bytes) return set;
    for (var r = new Reader(bytes), p = 0; r.i < bytes.length;) { p += r.next(); set.add(p); }
    return set;
  };

  /* Run a query. Returns {hits: [{pid, count, lead, report}] ranked, total, reports,
     all: the hits before filters (for facet counts)}. */
  Engine.prototype.search = async function (query, filters) {
    await this.init();
    var q = this.parse(query), self = this;
    if (!q.terms.length) return { query: q, hits: [], all: [], total: 0, reports: 0 };
    var sets = await Promise.all(q.terms.concat(q.excludes).map(function (t) { return self.termHits(t); }));
    var base = sets[0], ex = sets.slice(q.terms.length), all = [];
    base.forEach(function (h, pid) {
      var count = h.count, lead = h.lead;
      for (var k = 1; k < q.terms.length; k++) {
        var o = sets[k].get(pid);
        if (!o) return;
        count += o.count; lead &= o.lead;
      }
      for (k = 0; k < ex.length; k++) if (ex[k].has(pid)) return;
      all.push({ pid: pid, count: count, lead: lead, report: self.reportOf[pid] });
    });
    var hits = await this.filter(all, filters || {});
    // Heading and lead-clause matches first, then more occurrences, then document order.
    hits.sort(function (a, b) { return b.lead - a.lead || b.count - a.count || a.pid - b.pid; });
    var reports = new Set(hits.map(function (h) { return h.report; }));
    return { query: q, hits: hits, all: all, total: hits.length, reports: reports.size };
  };

  Engine.prototype.filter = async function (hits, f) {
    var m = this.meta, cols = m.columns, tests = [];
    ["year", "meeting", "level", "collective"].forEach(function (facet) {
      if (!f[facet]) return;
      var v = m.facets[facet].indexOf(f[facet]), col = cols[facet];
      tests.push(function (h) { return col[h.report] === v; });
    });
    if (f.role) {
      var role = String(m.roles.indexOf(f.role));
      tests.push(function (h) { return m.passageRoles[h.pid] === role; });
    }
    var labels = [["themes", f.theme], ["problem_types", f.problem]];
    for (var i = 0; i < labels.length; i++) {
      if (!labels[i][1]) continue;
      var set = await this.labelSet(labels[i][0], labels[i][1]);
      tests.push(function (h) { return set.has(h.pid); });
    }
    return hits.filter(function (h) { return tests.every(function (t) { return t(h); }); });
  };

  /* Display records for passage ids: {id, url, kind, report, title, section, heading, text, lead}. */
  Engine.prototype.passages = async function (pids) {
    var size = this.meta.chunk, self = this;
    var chunks = await Promise.all(pids.map(function (pid) {
      return self.fetchJson("t/" + Math.floor(pid / size) + ".json.gz");
    }));
    // Rows: [anchor, kind, report, section, heading, text, lead length, id?, url?]; reports:
    // {index: [title, slug, url]}. id and url are stored only when not the usual ones.
    return pids.map(function (pid, i) {
      var c = chunks[i], row = c.p[pid % size], rep = c.r[row[2]];
      return { pid: pid, id: row[7] || rep[1] + "#" + row[0], url: row[8] || rep[2] + "#" + row[0],
               kind: row[1], report: row[2], title: rep[0], section: row[3], heading: row[4],
               text: row[5], leadLength: row[6], role: self.meta.roles[+self.meta.passageRoles[pid]] };
    });
  };

  Engine.prototype.reports = async function (indexes) {
    var size = this.meta.reportChunk, self = this;
    var chunks = await Promise.all(indexes.map(function (r) {
      return self.fetchJson("r/" + Math.floor(r / size) + ".json.gz");
    }));
    return indexes.map(function (r, i) {
      var row = chunks[i][r % size];
      return { index: r, slug: row[0], title: row[1], url: row[2] };
    });
  };

  var engines = new Map();
  window.ArchiveSearch = {
    mix: mix,
    // One engine per index URL, shared by the header box and the search page.
    get: function (root) {
      if (!engines.has(root)) engines.set(root, new Engine(root));
      return engines.get(root);
    }
  };
})();
