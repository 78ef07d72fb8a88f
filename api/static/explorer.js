/* partnergraph explorer: vis-network over the HTTP API. No external requests: everything is served by the app. */
(function () {
  'use strict';

  var KINDS = {
    company: { color: '#e4572e', shape: 'dot', label: 'компания' },
    university: { color: '#3d5ce0', shape: 'square', label: 'вуз' },
    college: { color: '#17a2b8', shape: 'triangle', label: 'колледж' },
    school: { color: '#7fc8d6', shape: 'triangleDown', label: 'школа' },
    research_institute: { color: '#8e5cc2', shape: 'diamond', label: 'НИИ' },
    sez: { color: '#2e9e44', shape: 'hexagon', label: 'ОЭЗ' },
    technopark: { color: '#8fd18c', shape: 'star', label: 'технопарк' },
    holding: { color: '#8c564b', shape: 'hexagon', label: 'холдинг' },
    government: { color: '#6c757d', shape: 'square', label: 'орган власти' },
    program: { color: '#e0a800', shape: 'star', label: 'программа' }
  };
  var TYPES = {
    PARTNERS_WITH: '#5b8def', INTERNSHIP: '#e4572e', EMPLOYS_GRADUATES: '#2e9e44', JOINT_UNIT: '#8e5cc2',
    RESIDENT_OF: '#999999', SUBSIDIARY_OF: '#8c564b', PARTICIPATES_IN: '#e0a800'
  };
  var ALL_TYPES = Object.keys(TYPES);
  var ALL_KINDS = Object.keys(KINDS);

  var url = new URLSearchParams(window.location.search);
  var state = {
    focus: url.get('focus') || '',
    depth: Math.min(3, Math.max(1, parseInt(url.get('depth') || '1', 10) || 1)),
    limit: Math.min(5000, Math.max(1, parseInt(url.get('limit') || '300', 10) || 300)),
    types: new Set(listParam(url.get('types'), ALL_TYPES)),
    kinds: new Set(listParam(url.get('kinds'), ALL_KINDS))
  };

  var nodes = new vis.DataSet();
  var edges = new vis.DataSet();
  var container = document.getElementById('network');
  var options = {
    layout: { improvedLayout: false },
    physics: {
      enabled: true, solver: 'barnesHut',
      barnesHut: { gravitationalConstant: -4000, springLength: 120, avoidOverlap: 0.1 },
      // bounded: a 2,000-node picture settles in seconds, then physics stops (see 'stabilizationIterationsDone')
      stabilization: { enabled: true, iterations: 150, updateInterval: 25, fit: true }
    },
    interaction: { hover: true, tooltipDelay: 150, hideEdgesOnDrag: true },
    nodes: { size: 14, font: { size: 13 } },
    edges: { arrows: { to: { enabled: true, scaleFactor: 0.5 } }, smooth: false, width: 1.5 }
  };
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, options);
  window.network = network;  // as on pyvis pages: the Network is a global
  var explorer = window.explorer = { stable: false, busy: 0, state: state, nodes: nodes, edges: edges, lastEvidence: null, timings: {} };

  network.on('stabilizationIterationsDone', function () {
    network.setOptions({ physics: { enabled: false } });
    explorer.timings.stable = performance.now();
    explorer.stable = true;
    status();
  });
  network.on('stabilized', function () { explorer.stable = true; });

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
      width: 1 + Math.min(4, e.evidence_count || 0), hidden: !state.types.has(e.type),
      // links of several types between the same two ends: each type bends by its own amount, so all stay clickable
      smooth: { enabled: true, type: 'curvedCW', roundness: 0.12 * ALL_TYPES.indexOf(e.type) }
    };
  }

  /* Replace the picture (physics settles it, bounded), or add to it around `near` (physics stays off). */
  function show(data, near) {
    explorer.omitted = data.omitted_nodes || 0;
    if (!near) {
      explorer.stable = false;
      nodes.clear(); edges.clear();
      nodes.add(data.nodes.map(function (n) { return nodeItem(n); }));
      edges.add(data.edges.map(edgeItem));
      network.setOptions({ physics: { enabled: true } });
      explorer.timings.drawn = performance.now();
      network.setData({ nodes: nodes, edges: edges });
      if (!data.nodes.length) { explorer.stable = true; }
    } else {
      var center = network.getPositions([near])[near] || { x: 0, y: 0 };
      var fresh = data.nodes.filter(function (n) { return !nodes.get(n.id); });
      var radius = 140 + fresh.length * 6;
      nodes.add(fresh.map(function (n, i) {
        var a = 2 * Math.PI * i / Math.max(1, fresh.length);
        return nodeItem(n, { x: center.x + radius * Math.cos(a), y: center.y + radius * Math.sin(a) });
      }));
      edges.update(data.edges.filter(function (e) { return !edges.get(e.id); }).map(edgeItem));
    }
    legend();
    status();
  }

  function graphURL(center) {
    var q = new URLSearchParams({ depth: String(state.depth), limit: String(state.limit), types: Array.from(state.types).join(',') });
    if (center) { q.set('center', center); }
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
          el('div', { class: 'kind' }, link.type + ' · ' + (link.tier || '') + (link.status ? ' · ' + link.status : '')));
        link.evidence.forEach(function (ev) {
          var box = el('div', { class: 'evidence' });
          box.append(el('blockquote', { class: 'quote' }, '«' + ev.quote + '»'));
          var meta = el('div', { class: 'meta' });
          if (ev.url) {
            meta.append(el('a', { href: ev.url, target: '_blank', rel: 'noopener noreferrer' }, ev.title || ev.url));
          } else {
            meta.append(document.createTextNode(ev.title || ev.source));
          }
          meta.append(document.createTextNode(' [' + ev.start + '–' + ev.end + '] ' + ev.tier + (ev.status ? ', ' + ev.status : '')));
          box.append(meta);
          info.append(box);
        });
        if (!link.evidence.length) { info.append(el('div', { class: 'meta' }, 'без текстового подтверждения (справочные данные)')); }
      });
    }).catch(function (err) { info.replaceChildren(el('div', {}, 'Ошибка: ' + err.message)); });
  }

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
  var depthSel = document.getElementById('depth');
  depthSel.value = String(state.depth);
  depthSel.addEventListener('change', function () { state.depth = parseInt(depthSel.value, 10); writeURL(); if (state.focus) { load(); } });
  document.getElementById('reset').addEventListener('click', function () { state.focus = ''; load(); });

  explorer.search = search;
  explorer.expand = expand;
  explorer.edgeInfo = edgeInfo;
  explorer.focusOn = focusOn;
  typeFilters();
  legend();
  explorer.ready = load();
})();
