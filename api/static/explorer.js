/* partnergraph explorer: vis-network over the HTTP API. No external requests: everything is served by the app. */
(function () {
  'use strict';

  // kinds and link types, their colours, shapes and names: all from the schema the server declares
  fetch('/schema', { headers: { Accept: 'application/json' } })
    .then(function (r) { return r.json(); })
    .then(start);

  function start(schema) {
    var KINDS = {};
    Object.keys(schema.kinds).forEach(function (k) {
      var s = schema.kinds[k];
      KINDS[k] = { color: s.colour, shape: s.shape, label: s.ru };
    });
    var TYPES = {};
    Object.keys(schema.relationships).forEach(function (t) { TYPES[t] = schema.relationships[t].colour; });
    var ALL_TYPES = Object.keys(TYPES);
    var ALL_KINDS = Object.keys(KINDS);

    var url = new URLSearchParams(window.location.search);
    var state = {
      focus: url.get('focus') || '',
      depth: Math.min(3, Math.max(1, parseInt(url.get('depth') || '1', 10) || 1)),
      limit: Math.min(5000, Math.max(1, parseInt(url.get('limit') || '300', 10) || 300)),
      types: new Set(listParam(url.get('types'), ALL_TYPES)),
      kinds: new Set(listParam(url.get('kinds'), ALL_KINDS)),
      since: /^\d{4}$/.test(url.get('since') || '') ? url.get('since') : '',
      until: /^\d{4}$/.test(url.get('until') || '') ? url.get('until') : '',
      reviewed: url.get('reviewed') === 'true'
    };

    // canvas units from a node to its nearest neighbour: roomy for a few nodes (vis never zooms in past 1:1), 55 for many
    function gapFor(n) { return Math.round(Math.max(55, Math.min(160, 160 * Math.sqrt(20 / Math.max(1, n))))); }
    var BIG = 800;  // from this many nodes on, links are hidden while zooming (they are most of a frame's cost)
    var nodes = new vis.DataSet();
    var edges = new vis.DataSet();
    var container = document.getElementById('network');
    var options = {
      // positions come from forceLayout below; vis's physics never runs (it needs minutes for 2,000 nodes)
      layout: { improvedLayout: false },
      physics: { enabled: false },
      interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: true },
      nodes: { size: 14, font: { size: 13 } },
      edges: { arrows: { to: { enabled: true, scaleFactor: 0.5 } }, smooth: false, width: 1.5 }
    };
    var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
    window.network = network;  // as on pyvis pages: the Network is a global
    var explorer = window.explorer = { stable: false, busy: 0, state: state, nodes: nodes, edges: edges, lastEvidence: null, timings: {} };

    // a picture is stable once it is drawn: its positions are final before it reaches vis
    network.on('afterDrawing', function () {
      if (!explorer.stable && explorer.timings.drawn) {
        explorer.timings.stable = performance.now();
        explorer.stable = true;
      }
    });

    /* The picture's layout, computed here once before drawing: vis's own physics costs ~0.1 s a step at 2,000
       nodes (11-15 s for its 150 steps), this ~4 ms (0.6 s in all). ForceAtlas2's forces — springs linear in length, repulsion between
       degree-weighted masses falling as 1/d (Barnes–Hut quadtree), gravity — with a cooling step cap, each
       connected piece on its own, starting from a breadth-first walk from its hub that puts every node next to its
       parent. Then each piece is scaled to ~(1.3 gap)² per node (or so that a typical link is 1.5 gap long, if
       longer), nodes closer than 0.7 gap are pushed apart (ForceAtlas2 piles up nodes with the same partners),
       and the pieces are packed in rows, biggest first.
       Deterministic: the same graph, the same picture. `ids`: node ids; `links`: [from, to] pairs;
       returns { id: {x, y} }. */
    function forceLayout(ids, links, opts) {
      opts = opts || {};
      var n = ids.length, i, k, out = {};
      var t0 = performance.now(), budget = opts.budgetMs || 3000, gap = opts.gap || 55;
      var idx = new Map();
      ids.forEach(function (id, j) { idx.set(id, j); });
      var seen = new Set(), src = [], dst = [];  // several links between the same two ends pull as one
      links.forEach(function (l) {
        var a = idx.get(l[0]), b = idx.get(l[1]);
        if (a === undefined || b === undefined || a === b) { return; }
        var key = a < b ? a * n + b : b * n + a;
        if (!seen.has(key)) { seen.add(key); src.push(a); dst.push(b); }
      });
      var m = src.length, mass = new Float64Array(n).fill(1), adj = [];
      for (i = 0; i < n; i++) { adj.push([]); }
      for (k = 0; k < m; k++) { mass[src[k]] += 1; mass[dst[k]] += 1; adj[src[k]].push(dst[k]); adj[dst[k]].push(src[k]); }

      var seed = 2463534242;
      function rnd() { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return (seed >>> 0) / 4294967296; }
      // pieces: breadth first from the heaviest node not yet reached, each node a short random step from its parent
      var x = new Float64Array(n), y = new Float64Array(n), comp = new Int32Array(n).fill(-1), pieces = [];
      var order = Array.from({ length: n }, function (_, j) { return j; }).sort(function (a, b) { return mass[b] - mass[a] || a - b; });
      order.forEach(function (root) {
        if (comp[root] >= 0) { return; }
        var members = [root];
        comp[root] = pieces.length;
        for (var h = 0; h < members.length; h++) {
          var p = members[h];
          adj[p].forEach(function (c) {
            if (comp[c] >= 0) { return; }
            comp[c] = comp[p];
            var a = rnd() * 2 * Math.PI, d = 1 + rnd();
            x[c] = x[p] + d * Math.cos(a); y[c] = y[p] + d * Math.sin(a);
            members.push(c);
          });
        }
        pieces.push(members);
      });

      // ForceAtlas2 steps over one piece
      var cap = 4 * n + 16;
      var child = new Int32Array(cap * 4), cm = new Float64Array(cap), cx = new Float64Array(cap), cy = new Float64Array(cap);
      var body = new Int32Array(cap), size = new Float64Array(cap), ox = new Float64Array(cap), oy = new Float64Array(cap);
      var fx = new Float64Array(n), fy = new Float64Array(n), stack = new Int32Array(cap), cells = 0;
      function cell(x0, y0, s) {
        var c = cells++;
        child[4 * c] = child[4 * c + 1] = child[4 * c + 2] = child[4 * c + 3] = -1;
        cm[c] = 0; cx[c] = 0; cy[c] = 0; body[c] = -1; size[c] = s; ox[c] = x0; oy[c] = y0;
        return c;
      }
      function add(c, b) {  // b's mass into cell c's total and centre of mass
        cm[c] += mass[b]; cx[c] += mass[b] * x[b]; cy[c] += mass[b] * y[b];
      }
      function insert(c, b) {
        for (;;) {
          var half = size[c] / 2;
          if (cm[c] === 0) { add(c, b); body[c] = b; return; }
          if (body[c] === -2 || half < 1e-9 || cells > cap - 2) { add(c, b); body[c] = -2; return; }  // coincident
          if (body[c] >= 0) {  // a leaf with one body: move that body one level down first
            var o = body[c], qo = (x[o] >= ox[c] + half ? 1 : 0) + (y[o] >= oy[c] + half ? 2 : 0);
            var co = cell(ox[c] + (qo & 1 ? half : 0), oy[c] + (qo & 2 ? half : 0), half);
            child[4 * c + qo] = co; add(co, o); body[co] = o; body[c] = -1;
          }
          add(c, b);
          var qb = (x[b] >= ox[c] + half ? 1 : 0) + (y[b] >= oy[c] + half ? 2 : 0), nx = child[4 * c + qb];
          if (nx < 0) { nx = cell(ox[c] + (qb & 1 ? half : 0), oy[c] + (qb & 2 ? half : 0), half); child[4 * c + qb] = nx; }
          c = nx;
        }
      }
      var theta2 = 1.2 * 1.2, kr = opts.repulsion || 1, kg = opts.gravity || 1;  // θ 1.2: as Gephi's ForceAtlas2
      function settle(members, iters) {
        var len = members.length, j, s, t;
        for (var it = 0; it < iters; it++) {
          var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
          for (j = 0; j < len; j++) {
            s = members[j];
            x0 = Math.min(x0, x[s]); x1 = Math.max(x1, x[s]); y0 = Math.min(y0, y[s]); y1 = Math.max(y1, y[s]);
          }
          cells = 0;
          var root = cell(x0, y0, Math.max(x1 - x0, y1 - y0, 1e-6) * 1.0001);
          for (j = 0; j < len; j++) { insert(root, members[j]); }
          for (var c0 = 0; c0 < cells; c0++) { cx[c0] /= cm[c0]; cy[c0] /= cm[c0]; }  // sums to centres of mass
          for (j = 0; j < len; j++) {
            s = members[j];
            var fxs = 0, fys = 0, xs = x[s], ys = y[s], sp = 0;
            stack[sp++] = root;
            while (sp) {
              var c = stack[--sp];
              if (body[c] === s) { continue; }
              var dx = xs - cx[c], dy = ys - cy[c], d2 = dx * dx + dy * dy;
              if (body[c] !== -1 || size[c] * size[c] < theta2 * d2) {
                if (d2 < 1e-6) { dx = rnd() - 0.5; dy = rnd() - 0.5; d2 = dx * dx + dy * dy; }
                var f = kr * mass[s] * cm[c] / d2;  // |F| = kr·m·M/d along the unit vector
                fxs += dx * f; fys += dy * f;
              } else {
                for (var q = 4 * c; q < 4 * c + 4; q++) { if (child[q] >= 0) { stack[sp++] = child[q]; } }
              }
            }
            var r = Math.sqrt(xs * xs + ys * ys) || 1;  // gravity towards the piece's start
            fx[s] = fxs - kg * mass[s] * xs / r; fy[s] = fys - kg * mass[s] * ys / r;
          }
          for (j = 0; j < len; j++) {  // springs: each link is seen from both ends
            s = members[j];
            var nb = adj[s];
            for (t = 0; t < nb.length; t++) { fx[s] += x[nb[t]] - x[s]; fy[s] += y[nb[t]] - y[s]; }
          }
          // move by force over mass, capped by a temperature that cools linearly
          var temp = Math.sqrt(len) * 0.2 * (1 - it / iters) + 0.01;
          for (j = 0; j < len; j++) {
            s = members[j];
            var vx = fx[s] / mass[s], vy = fy[s] / mass[s], v = Math.sqrt(vx * vx + vy * vy);
            if (v > temp) { vx *= temp / v; vy *= temp / v; }
            x[s] += vx; y[s] += vy;
          }
          if (performance.now() - t0 > budget) { return it + 1; }
        }
        return iters;
      }
      var steps = 0, iterations = opts.iterations || Math.round(Math.max(120, Math.min(300, 300 * Math.sqrt(500 / n))));
      pieces.forEach(function (members) {
        if (members.length > 1) { steps = Math.max(steps, settle(members, iterations)); }
      });

      var t1 = performance.now();
      pieces.forEach(function (members) {
        if (members.length < 2) { return; }
        // each piece at the larger of two scales: (1.3 gap)² of picture per node, or a typical link 1.5 gap long;
        // then the nodes on one spot (same partners) are pushed apart
        var lens = [];
        members.forEach(function (s) { adj[s].forEach(function (o) { if (o > s) { lens.push(Math.hypot(x[o] - x[s], y[o] - y[s])); } }); });
        lens.sort(function (a, b) { return a - b; });
        var f = Math.max(areaScale(x, y, members, gap * 1.3), 1.5 * gap / (lens[lens.length >> 1] || 1));
        members.forEach(function (s) { x[s] *= f; y[s] *= f; });
        separate(x, y, members, gap * 0.7);
      });
      var t2 = performance.now();
      pack(x, y, pieces, gap);
      for (i = 0; i < n; i++) { out[ids[i]] = { x: Math.round(x[i]), y: Math.round(y[i]) }; }
      forceLayout.last = { nodes: n, links: m, pieces: pieces.length, iterations: iterations, steps: steps,
                           ms: Math.round(performance.now() - t0),
                           forces: Math.round(t1 - t0), spread: Math.round(t2 - t1) };
      return out;
    }

    /* The factor that gives each node of a piece `cell`² of area (the middle 90% in x and in y: outliers do not
       count); 0 for a piece under 3 nodes. */
    function areaScale(x, y, ms, cell) {
      if (ms.length < 3) { return 0; }
      var xs = ms.map(function (i) { return x[i]; }).sort(function (a, b) { return a - b; });
      var ys = ms.map(function (i) { return y[i]; }).sort(function (a, b) { return a - b; });
      var lo = Math.floor(ms.length * 0.05), hi = Math.ceil(ms.length * 0.95) - 1;
      var area = Math.max(xs[hi] - xs[lo], 1e-9) * Math.max(ys[hi] - ys[lo], 1e-9) / 0.81;
      return cell / Math.sqrt(area / ms.length);
    }

    /* Moves nodes closer than `min` apart, each pair by halves, until none is (or 60 passes); a grid finds the pairs. */
    function separate(x, y, members, min) {
      var seed = 88675123;
      function rnd() { seed ^= seed << 13; seed ^= seed >>> 17; seed ^= seed << 5; return (seed >>> 0) / 4294967296; }
      function key(a, b) { return a * 1000003 + b; }
      for (var pass = 0; pass < 60; pass++) {
        var grid = new Map(), moved = false;
        members.forEach(function (i) {
          var k = key(Math.floor(x[i] / min), Math.floor(y[i] / min));
          if (!grid.has(k)) { grid.set(k, []); }
          grid.get(k).push(i);
        });
        members.forEach(function (i) {
          var gx = Math.floor(x[i] / min), gy = Math.floor(y[i] / min);
          for (var a = gx - 1; a <= gx + 1; a++) {
            for (var b = gy - 1; b <= gy + 1; b++) {
              var cell = grid.get(key(a, b)) || [];
              for (var c = 0; c < cell.length; c++) {
                var j = cell[c];
                if (j <= i) { continue; }
                var dx = x[j] - x[i], dy = y[j] - y[i], d = Math.sqrt(dx * dx + dy * dy);
                if (d >= min) { continue; }
                if (d < 1e-6) { var t = rnd() * 2 * Math.PI; dx = Math.cos(t); dy = Math.sin(t); d = 1; } else { dx /= d; dy /= d; }
                var push = (min - d) / 2 + 0.01;
                x[i] -= dx * push; y[i] -= dy * push; x[j] += dx * push; y[j] += dy * push;
                moved = true;
              }
            }
          }
        });
        if (!moved) { return pass; }
      }
      return 60;
    }

    /* The pieces side by side in centred rows, biggest first; a lone node gets room for its label. */
    function pack(x, y, pieces, gap) {
      var area = 0, widest = 0;
      var boxes = pieces.map(function (ms, c) {
        var b = { c: c, n: ms.length, x0: Infinity, y0: Infinity, x1: -Infinity, y1: -Infinity };
        ms.forEach(function (i) { b.x0 = Math.min(b.x0, x[i]); b.x1 = Math.max(b.x1, x[i]); b.y0 = Math.min(b.y0, y[i]); b.y1 = Math.max(b.y1, y[i]); });
        b.w = b.x1 - b.x0 + gap * (b.n === 1 ? 4 : 1.5); b.h = b.y1 - b.y0 + gap * (b.n === 1 ? 1.2 : 1.5);
        area += b.w * b.h; widest = Math.max(widest, b.w);
        return b;
      });
      var width = Math.max(widest, Math.sqrt(area) * 1.3), rows = [], row = null, top = 0;
      boxes.sort(function (a, b) { return b.n - a.n || a.c - b.c; });
      boxes.forEach(function (b) {
        if (!row || row.w + b.w > width) { row = { items: [], w: 0, h: 0 }; rows.push(row); }
        b.left = row.w; row.items.push(b); row.w += b.w; row.h = Math.max(row.h, b.h);
      });
      rows.forEach(function (r) {
        r.items.forEach(function (b) {
          var dx = (width - r.w) / 2 + b.left + (b.w - (b.x1 - b.x0)) / 2 - b.x0 - width / 2;
          var dy = top + (r.h - (b.y1 - b.y0)) / 2 - b.y0;
          pieces[b.c].forEach(function (i) { x[i] += dx; y[i] += dy; });
        });
        top += r.h;
      });
      for (var i = 0; i < x.length; i++) { y[i] -= top / 2; }
    }

    function listParam(raw, all) {
      if (!raw) { return all.slice(); }
      var items = raw.split(',').map(function (s) { return s.trim(); }).filter(function (s) { return all.indexOf(s) >= 0 || all.indexOf(s.toUpperCase()) >= 0; });
      items = items.map(function (s) { return all.indexOf(s) >= 0 ? s : s.toUpperCase(); });
      return items.length ? items : all.slice();
    }

    function el(tag, attrs, text) {
      var e = document.createElement(tag);
      Object.keys(attrs || {}).forEach(function (k) { e.setAttribute(k, attrs[k]); });
      if (text !== undefined) { e.textContent = text; }
      return e;
    }

    function status(msg) {
      var s = document.getElementById('status');
      s.textContent = msg || (nodes.length + ' узлов, ' + edges.length + ' связей' + (explorer.omitted ? ' (не показано: ' + explorer.omitted + ')' : ''));
    }

    function api(path) {
      explorer.busy += 1;
      return fetch(path, { headers: { Accept: 'application/json' } }).then(function (r) {
        return r.json().then(function (body) {
          if (!r.ok) { throw new Error(body.detail || r.statusText); }
          return body;
        });
      }).finally(function () { explorer.busy -= 1; });
    }

    function writeURL() {
      var q = new URLSearchParams();
      if (state.focus) { q.set('focus', state.focus); }
      q.set('depth', String(state.depth));
      if (state.types.size !== ALL_TYPES.length) { q.set('types', Array.from(state.types).join(',')); }
      if (state.kinds.size !== ALL_KINDS.length) { q.set('kinds', Array.from(state.kinds).join(',')); }
      if (state.limit !== 300) { q.set('limit', String(state.limit)); }
      if (state.since) { q.set('since', state.since); }
      if (state.until) { q.set('until', state.until); }
      if (state.reviewed) { q.set('reviewed', 'true'); }
      history.replaceState(null, '', '/explore?' + q.toString());
    }

    function nodeItem(n, pos) {
      var k = KINDS[n.kind] || { color: '#bbbbbb', shape: 'dot', label: n.kind };
      var item = {
        id: n.id, label: n.name.length > 40 ? n.name.slice(0, 38) + '…' : n.name, title: n.name + ' (' + k.label + ')',
        kind: n.kind, name: n.name, shape: k.shape, color: k.color, hidden: !state.kinds.has(n.kind)
      };
      if (pos) { item.x = pos.x; item.y = pos.y; }
      return item;
    }

    function edgeItem(e) {
      return {
        id: e.id, from: e.source, to: e.target, type: e.type, tier: e.tier,
        color: { color: TYPES[e.type] || '#999', opacity: 0.8 }, dashes: e.tier === 'implied',
        title: e.type + ' · ' + (e.tier || '') + ' · ' + e.evidence_count + ' подтвержд.',
        width: 1 + Math.min(4, e.evidence_count || 0), hidden: !state.types.has(e.type), smooth: bend(e.type, false)
      };
    }

    /* A lone link between two nodes is straight (cheaper to draw); links of several types between the same two
       ends each bend by their own amount, so all stay apart and clickable. */
    function bend(type, several) {
      return several ? { enabled: true, type: 'curvedCW', roundness: 0.12 * ALL_TYPES.indexOf(type) } : { enabled: false };
    }

    function bendAll(items) {
      var count = new Map();
      function pair(e) { return e.from < e.to ? e.from + '\u0000' + e.to : e.to + '\u0000' + e.from; }
      items.forEach(function (e) { count.set(pair(e), (count.get(pair(e)) || 0) + 1); });
      return items.filter(function (e) {
        var several = count.get(pair(e)) > 1;
        if (e.several === several) { return false; }
        e.several = several; e.smooth = bend(e.type, several);
        return true;
      });
    }

    /* Replace the picture (laid out here, then drawn once), or add to it around `near` (nothing else moves). */
    function show(data, near) {
      explorer.omitted = data.omitted_nodes || 0;
      if (!near) {
        explorer.stable = false;
        explorer.timings = { fetched: performance.now() };
        explorer.gap = gapFor(data.nodes.length);
        var pos = forceLayout(data.nodes.map(function (n) { return n.id; }),
          data.edges.map(function (e) { return [e.source, e.target]; }), { gap: explorer.gap });
        explorer.timings.layout = forceLayout.last;
        // new data sets, handed to vis once (filling the bound ones would build every node and link twice)
        var items = data.edges.map(edgeItem);
        bendAll(items);
        nodes = explorer.nodes = new vis.DataSet(data.nodes.map(function (n) { return nodeItem(n, pos[n.id]); }));
        edges = explorer.edges = new vis.DataSet(items);
        network.setOptions({ interaction: { hideEdgesOnZoom: data.nodes.length >= BIG } });
        explorer.timings.drawn = performance.now();
        network.setData({ nodes: nodes, edges: edges });
        network.fit({ animation: false });
        network.redraw();
        if (!data.nodes.length) { explorer.stable = true; }
      } else {
        // the new neighbours on a sunflower disc around the clicked node, just outside it
        var center = network.getPositions([near])[near] || { x: 0, y: 0 };
        var fresh = data.nodes.filter(function (n) { return !nodes.get(n.id); });
        nodes.add(fresh.map(function (n, i) {
          var r = (explorer.gap || 55) * 0.6 * Math.sqrt(i + 12), a = i * 2.39996;
          return nodeItem(n, { x: center.x + r * Math.cos(a), y: center.y + r * Math.sin(a) });
        }));
        edges.add(data.edges.filter(function (e) { return !edges.get(e.id); }).map(edgeItem));
        edges.update(bendAll(edges.get()).map(function (e) { return { id: e.id, several: e.several, smooth: e.smooth }; }));
      }
      legend();
      status();
    }

    function graphURL(center) {
      var q = new URLSearchParams({ depth: String(state.depth), limit: String(state.limit), types: Array.from(state.types).join(',') });
      if (center) { q.set('center', center); }
      if (state.since) { q.set('since', state.since); }
      if (state.until) { q.set('until', state.until); }
      if (state.reviewed) { q.set('reviewed', 'true'); }
      return '/graph?' + q.toString();
    }

    function load() {
      status('загрузка…');
      return api(graphURL(state.focus)).then(function (data) {
        if (state.focus && data.center) { state.focus = data.center; }
        show(data, null);
        if (state.focus) { network.selectNodes([state.focus]); }
        writeURL();
      }).catch(function (err) { status('Ошибка: ' + err.message); explorer.stable = true; });
    }

    function expand(id) {
      state.focus = id;
      writeURL();
      return api(graphURL(id)).then(function (data) {
        if (!nodes.get(id)) { show(data, null); } else { show(data, id); }
        nodeInfo(id);
      }).catch(function (err) { status('Ошибка: ' + err.message); });
    }

    function nodeInfo(id) {
      var n = nodes.get(id);
      var info = document.getElementById('info');
      info.replaceChildren();
      if (!n) { return; }
      info.append(el('strong', {}, n.name), el('div', { class: 'kind' }, (KINDS[n.kind] || {}).label + ' · ' + n.id));
      var a = el('a', { href: '/organizations/' + encodeURIComponent(n.id) + '/links', target: '_blank' }, 'все связи с подтверждениями (JSON)');
      info.append(a);
    }

    function edgeInfo(edgeId) {
      var e = edges.get(edgeId);
      if (!e) { return Promise.resolve(); }
      var info = document.getElementById('info');
      info.replaceChildren(el('div', {}, 'загрузка…'));
      var q = new URLSearchParams({ source: e.from, target: e.to });
      return api('/edges?' + q.toString()).then(function (links) {
        // the clicked link first, then the other links between the same two ends
        links.sort(function (a, b) { return (b.type === e.type) - (a.type === e.type); });
        info.replaceChildren();
        explorer.lastEvidence = links;
        links.forEach(function (link) {
          info.append(el('strong', {}, link.source_name + ' → ' + link.target_name),
            el('div', { class: 'kind' }, link.type + ' · ' + (link.tier || '') + (link.status ? ' · ' + link.status : '')),
            reviewBox(link, e.id));
          link.evidence.forEach(function (ev) {
            var box = el('div', { class: 'evidence' });
            if (ev.start < 0 && !ev.quote) {  // a curated record: no sentence to quote
              box.append(el('div', { class: 'meta' }, 'из курируемого реестра: ' + (ev.title || ev.source)));
              info.append(box);
              return;
            }
            box.append(el('blockquote', { class: 'quote' }, '«' + ev.quote + '»'));
            var meta = el('div', { class: 'meta' });
            if (ev.url) {
              meta.append(el('a', { href: ev.url, target: '_blank', rel: 'noopener noreferrer' }, ev.title || ev.url));
            } else {
              meta.append(document.createTextNode(ev.title || ev.source));
            }
            meta.append(document.createTextNode((ev.date ? ' · ' + ev.date : '') + ' · ' + ev.tier + (ev.status ? ', ' + ev.status : '')));
            box.append(meta);
            info.append(box);
          });
          if (!link.evidence.length) { info.append(el('div', { class: 'meta' }, 'без текстового подтверждения (справочные данные)')); }
        });
      }).catch(function (err) { info.replaceChildren(el('div', {}, 'Ошибка: ' + err.message)); });
    }

    var REVIEW_RU = { curated: 'из реестра', accepted: 'проверено: принято', rejected: 'проверено: отклонено',
      unreviewed: 'не проверено' };

    // the review state of a link, and accept/reject when the reader has entered the server's review token
    function reviewBox(link, edgeId) {
      var box = el('div', { class: 'review review-' + (link.review || 'unreviewed') });
      var dates = link.first_stated ? ' · ' + link.first_stated + (link.last_stated !== link.first_stated ? '–' + link.last_stated : '') : '';
      box.append(el('div', {}, (REVIEW_RU[link.review] || link.review || '') + dates +
        (link.review_note ? ' — ' + link.review_note : '')));
      var token = sessionStorage.getItem('partnergraph-token') || '';
      if (!token || link.review === 'curated' || !link.id) { return box; }
      var note = el('input', { type: 'text', placeholder: 'примечание (нужно для отклонения)', class: 'review-note' });
      function decide(decision) {
        return fetch('/links/' + encodeURIComponent(link.id) + '/review', {
          method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer ' + token },
          body: JSON.stringify({ decision: decision, note: note.value })
        }).then(function (r) { return r.json().then(function (b) { if (!r.ok) { throw new Error(b.detail); } }); })
          .then(function () { return edgeInfo(edgeId); })
          .catch(function (err) { box.append(el('div', { class: 'error' }, 'Ошибка: ' + err.message)); });
      }
      var accept = el('button', { type: 'button' }, 'Принять');
      var reject = el('button', { type: 'button' }, 'Отклонить');
      accept.addEventListener('click', function () { decide('accept'); });
      reject.addEventListener('click', function () { decide('reject'); });
      box.append(note, accept, reject);
      return box;
    }
    explorer.reviewBox = reviewBox;

    network.on('click', function (params) {
      if (params.nodes.length) { expand(params.nodes[0]); }
      else if (params.edges.length) { edgeInfo(params.edges[0]); }
    });

    function legend() {
      var box = document.getElementById('legend');
      box.replaceChildren();
      var counts = {};
      nodes.forEach(function (n) { counts[n.kind] = (counts[n.kind] || 0) + 1; });
      ALL_KINDS.forEach(function (kind) {
        var row = el('label', { class: 'legend-item' });
        var cb = el('input', { type: 'checkbox', 'data-kind': kind });
        cb.checked = state.kinds.has(kind);
        cb.addEventListener('change', function () {
          if (cb.checked) { state.kinds.add(kind); } else { state.kinds.delete(kind); }
          nodes.update(nodes.get({ filter: function (n) { return n.kind === kind; } }).map(function (n) { return { id: n.id, hidden: !cb.checked }; }));
          writeURL();
        });
        var sw = el('span', { class: 'swatch' });
        sw.style.background = KINDS[kind].color;
        row.append(cb, sw, document.createTextNode(KINDS[kind].label + ' (' + KINDS[kind].shape + ') ' + (counts[kind] || 0)));
        box.append(row);
      });
    }

    function typeFilters() {
      var box = document.getElementById('types');
      ALL_TYPES.forEach(function (type) {
        var row = el('label', { class: 'legend-item' });
        var cb = el('input', { type: 'checkbox', 'data-type': type });
        cb.checked = state.types.has(type);
        cb.addEventListener('change', function () {
          if (cb.checked) { state.types.add(type); } else { state.types.delete(type); }
          edges.update(edges.get({ filter: function (e) { return e.type === type; } }).map(function (e) { return { id: e.id, hidden: !cb.checked }; }));
          writeURL();
        });
        var sw = el('span', { class: 'swatch' });
        sw.style.background = TYPES[type];
        row.append(cb, sw, document.createTextNode(type));
        box.append(row);
      });
    }

    function search(text) {
      var list = document.getElementById('results');
      list.replaceChildren();
      if (!text.trim()) { return Promise.resolve([]); }
      return api('/organizations?' + new URLSearchParams({ q: text, limit: '20' }).toString()).then(function (body) {
        body.results.forEach(function (r) {
          var li = el('li', { 'data-id': r.id, title: r.name });
          li.append(el('span', {}, (r.short && r.short.length ? r.short[r.short.length - 1] + ' — ' : '') + r.name), el('span', { class: 'kind' }, ' ' + ((KINDS[r.kind] || {}).label || r.kind)));
          li.addEventListener('click', function () { focusOn(r.id); });
          list.append(li);
        });
        if (!body.results.length) { list.append(el('li', {}, 'ничего не найдено')); }
        return body.results;
      }).catch(function (err) { list.replaceChildren(el('li', {}, 'Ошибка: ' + err.message)); });
    }

    function focusOn(id) {
      state.focus = id;
      var p = nodes.get(id) ? expand(id) : load();
      return p.then(function () {
        if (nodes.get(id)) { network.selectNodes([id]); network.focus(id, { scale: 1.0, animation: false }); }
      });
    }

    document.getElementById('search-form').addEventListener('submit', function (ev) {
      ev.preventDefault();
      search(document.getElementById('search').value);
    });
    ['since', 'until'].forEach(function (name) {
      var input = document.getElementById(name);
      input.value = state[name];
      input.addEventListener('change', function () {
        state[name] = /^\d{4}$/.test(input.value) ? input.value : '';
        load();
      });
    });
    var reviewedBox = document.getElementById('reviewed');
    reviewedBox.checked = state.reviewed;
    reviewedBox.addEventListener('change', function () { state.reviewed = reviewedBox.checked; load(); });
    var tokenInput = document.getElementById('token');
    tokenInput.value = sessionStorage.getItem('partnergraph-token') || '';
    tokenInput.addEventListener('change', function () { sessionStorage.setItem('partnergraph-token', tokenInput.value.trim()); });
    var depthSel = document.getElementById('depth');
    depthSel.value = String(state.depth);
    depthSel.addEventListener('change', function () { state.depth = parseInt(depthSel.value, 10); writeURL(); if (state.focus) { load(); } });
    document.getElementById('reset').addEventListener('click', function () { state.focus = ''; load(); });

    explorer.search = search;
    explorer.expand = expand;
    explorer.edgeInfo = edgeInfo;
    explorer.focusOn = focusOn;
    explorer.layout = forceLayout;
    typeFilters();
    legend();
    explorer.ready = load();
  }
})();
