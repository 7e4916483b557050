// The live monitoring page: REST for state, /ws/events for changes. No build step, no dependencies.
'use strict';

const token = new URLSearchParams(location.search).get('token');
const headers = token ? { Authorization: 'Bearer ' + token } : {};
const workflows = new Map();       // correlation id -> view from the API
const eventsById = new Map();      // correlation id -> CloudEvents seen since the page opened
let selected = null;
const pending = new Set();
let refreshTimer = null;

const $ = (id) => document.getElementById(id);
const text = (value) => document.createTextNode(value == null ? '' : String(value));
const svg = (name, attrs) => {
  const el = document.createElementNS('http://www.w3.org/2000/svg', name);
  Object.entries(attrs || {}).forEach(([k, v]) => el.setAttribute(k, v));
  return el;
};

async function api(path, options) {
  const response = await fetch(path, { ...options, headers: { ...headers, ...(options && options.headers) } });
  const body = await response.json().catch(() => ({}));
  if (!response.ok) throw new Error((body.error || response.status) + (body.detail ? ': ' + body.detail : ''));
  return body;
}

function show(message) { $('message').textContent = message || ''; }

async function loadAll() {
  const page = await api('/api/workflows?limit=100');
  page.workflows.forEach((w) => workflows.set(w.correlationId, w));
  if (!selected && page.workflows.length) selected = page.workflows[0].correlationId;
  renderTable();
  renderDetail();
  renderEquity();
  renderStats();
}

async function renderStats() {
  try {
    const s = await api('/api/stats');
    const el = $('stats');
    el.replaceChildren();
    [['active', s.active], ['completed', s.completed], ['failed', s.failed], ['timed out', s.timedOut]].forEach(([label, n]) => {
      const span = document.createElement('span');
      span.textContent = label + ': ' + n;
      el.appendChild(span);
    });
  } catch (e) { /* the table still works */ }
}

function duration(w) {
  return w.durationSeconds == null ? '' : Number(w.durationSeconds).toFixed(2) + ' s';
}

function renderTable() {
  const body = $('workflows').querySelector('tbody');
  const rows = [...workflows.values()].sort((a, b) => (b.startedAt || '').localeCompare(a.startedAt || ''));
  body.replaceChildren(...rows.map((w) => {
    const tr = document.createElement('tr');
    tr.dataset.id = w.correlationId;
    if (w.correlationId === selected) tr.className = 'selected';
    const status = document.createElement('td');
    status.className = 'status status-' + w.status;
    status.textContent = w.status;
    const cells = [w.correlationId, null, w.stage, duration(w), new Date(w.startedAt).toLocaleTimeString()];
    cells.forEach((value, i) => {
      if (i === 1) { tr.appendChild(status); return; }
      const td = document.createElement('td');
      td.appendChild(text(value));
      tr.appendChild(td);
    });
    tr.addEventListener('click', () => select(w.correlationId));
    return tr;
  }));
}

function renderEquity() {
  const chart = $('equity');
  chart.replaceChildren();
  const points = [...workflows.values()]
    .filter((w) => w.rebalancePlan && w.status === 'completed')
    .map((w) => ({ t: Date.parse(w.startedAt), v: Number(w.rebalancePlan.equity) }))
    .sort((a, b) => a.t - b.t);
  if (points.length === 0) {
    chart.appendChild(svg('text', { x: 20, y: 110 })).appendChild(text('no completed workflow yet'));
    return;
  }
  const [w, h, pad] = [600, 220, 40];
  const ts = points.map((p) => p.t), vs = points.map((p) => p.v);
  const [t0, t1] = [Math.min(...ts), Math.max(...ts)];
  const [v0, v1] = [Math.min(...vs), Math.max(...vs)];
  const x = (t) => pad + (t1 === t0 ? (w - 2 * pad) / 2 : (t - t0) / (t1 - t0) * (w - 2 * pad));
  const y = (v) => h - pad - (v1 === v0 ? (h - 2 * pad) / 2 : (v - v0) / (v1 - v0) * (h - 2 * pad));
  chart.appendChild(svg('line', { x1: pad, y1: h - pad, x2: w - pad, y2: h - pad, stroke: '#999' }));
  chart.appendChild(svg('polyline', { points: points.map((p) => x(p.t) + ',' + y(p.v)).join(' '), fill: 'none', stroke: '#3c7be0', 'stroke-width': 2 }));
  points.forEach((p) => chart.appendChild(svg('circle', { cx: x(p.t), cy: y(p.v), r: 3, fill: '#3c7be0', class: 'equity-point' })));
  chart.appendChild(svg('text', { x: 4, y: y(v1) + 4, 'font-size': 11 })).appendChild(text(v1.toFixed(0)));
  chart.appendChild(svg('text', { x: 4, y: y(v0) + 4, 'font-size': 11 })).appendChild(text(v0.toFixed(0)));
}

const palette = ['#3c7be0', '#e0793c', '#3cb371', '#9b59b6', '#e0c03c', '#16a2b8', '#d9534f', '#7f8c8d', '#8e6c3c', '#2c3e50'];

function renderAllocation(w) {
  const chart = $('allocation');
  chart.replaceChildren();
  const signals = w.strategySignals;
  if (!signals) return;
  const rows = [{ name: 'Total', allocation: signals.allocation }, ...signals.strategies];
  const symbols = [...new Set(rows.flatMap((r) => Object.keys(r.allocation)))].sort();
  const color = (s) => palette[symbols.indexOf(s) % palette.length];
  const barHeight = 22, left = 150, width = 420;
  chart.setAttribute('viewBox', '0 0 600 ' + (rows.length * (barHeight + 8) + 40));
  rows.forEach((row, i) => {
    const y = 10 + i * (barHeight + 8);
    chart.appendChild(svg('text', { x: 4, y: y + 15, 'font-size': 12 })).appendChild(text(row.name));
    let offset = 0;
    Object.entries(row.allocation).forEach(([symbol, weight]) => {
      const wpx = Number(weight) * width;
      const rect = chart.appendChild(svg('rect', { x: left + offset, y, width: wpx, height: barHeight, fill: color(symbol), class: 'allocation-bar' }));
      rect.appendChild(svg('title')).appendChild(text(symbol + ' ' + (Number(weight) * 100).toFixed(2) + '%'));
      if (wpx > 34) chart.appendChild(svg('text', { x: left + offset + 3, y: y + 15, 'font-size': 11, fill: '#fff' })).appendChild(text(symbol));
      offset += wpx;
    });
  });
}

function renderDetail() {
  const w = workflows.get(selected);
  if (!w) return;
  $('detail-title').textContent = 'Workflow ' + w.correlationId;
  const summary = $('detail-summary');
  summary.replaceChildren();
  const p = document.createElement('p');
  p.className = 'status-' + w.status;
  p.textContent = w.status + (w.dryRun ? ' (dry run)' : '') + ' — ' + duration(w)
    + (w.failureReason ? ' — ' + w.errorCode + ': ' + w.failureReason : '')
    + (w.executionSummary ? ' — traded ' + w.executionSummary.tradedValue : '');
  summary.appendChild(p);
  renderAllocation(w);
  const orders = $('orders').querySelector('tbody');
  orders.replaceChildren(...(w.ordersExecuted || []).map((o) => {
    const tr = document.createElement('tr');
    [o.side, o.symbol, o.quantity, o.price, o.status, o.clientOrderId].forEach((v) => {
      const td = document.createElement('td');
      td.appendChild(text(v));
      tr.appendChild(td);
    });
    return tr;
  }));
  const timeline = $('timeline');
  const seen = eventsById.get(w.correlationId) || [];
  if (seen.length) {
    timeline.replaceChildren(...seen.map((e) => {
      const li = document.createElement('li');
      const details = document.createElement('details');
      const summaryEl = document.createElement('summary');
      summaryEl.textContent = e.type + ' — ' + e.source + ' — ' + new Date(e.time).toLocaleTimeString();
      const pre = document.createElement('pre');
      pre.textContent = JSON.stringify(e.data, null, 2);
      details.append(summaryEl, pre);
      li.appendChild(details);
      return li;
    }));
  } else {
    timeline.replaceChildren(...Object.entries(w.stageTimes || {}).map(([stage, time]) => {
      const li = document.createElement('li');
      li.textContent = stage + ' — ' + new Date(time).toLocaleTimeString();
      return li;
    }));
  }
}

async function select(id) {
  selected = id;
  renderTable();
  try {
    workflows.set(id, await api('/api/workflows/' + encodeURIComponent(id)));
  } catch (e) { show(e.message); }
  renderDetail();
}

function refreshSoon(id) {
  pending.add(id);
  if (refreshTimer) return;
  refreshTimer = setTimeout(async () => {
    refreshTimer = null;
    const ids = [...pending];
    pending.clear();
    await Promise.all(ids.map(async (i) => {
      try { workflows.set(i, await api('/api/workflows/' + encodeURIComponent(i))); } catch (e) { /* gone */ }
    }));
    renderTable();
    renderEquity();
    renderStats();
    if (ids.includes(selected)) renderDetail();
  }, 150);
}

function connect() {
  const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws/events'
    + (token ? '?access_token=' + encodeURIComponent(token) : '');
  const socket = new WebSocket(url);
  socket.onopen = () => { $('connection').textContent = 'live'; $('connection').className = 'connection live'; };
  socket.onclose = () => {
    $('connection').textContent = 'disconnected, retrying';
    $('connection').className = 'connection down';
    setTimeout(connect, 2000);
  };
  socket.onmessage = (message) => {
    const event = JSON.parse(message.data);
    if (!event.subject || event.type === 'StartupEvent') return;
    const list = eventsById.get(event.subject) || [];
    list.push(event);
    eventsById.set(event.subject, list);
    if (!selected) selected = event.subject;
    refreshSoon(event.subject);
  };
}

$('start').addEventListener('click', async () => {
  show('');
  try {
    const started = await api('/api/workflows', {
      method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ dryRun: $('dry-run').checked }),
    });
    selected = started.correlationId;
    refreshSoon(started.correlationId);
  } catch (e) { show(e.message); }
});

async function renderSchedule() {
  try {
    const schedule = await api('/api/schedule');
    const body = $('schedule').querySelector('tbody');
    if (!schedule.entries.length) return;
    body.replaceChildren(...schedule.entries.map((e) => {
      const tr = document.createElement('tr');
      tr.dataset.entry = e.name;
      [e.name, e.cron + ' ' + e.timeZone, e.nextFireTime, e.lastTick || '', e.lastOutcome].forEach((v) => {
        const td = document.createElement('td');
        td.appendChild(text(v));
        tr.appendChild(td);
      });
      return tr;
    }));
  } catch (e) { /* no schedule here */ }
}

loadAll().catch((e) => show(e.message));
renderSchedule();
setInterval(renderSchedule, 5000);
connect();
