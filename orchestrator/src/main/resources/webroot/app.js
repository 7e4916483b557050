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
  renderLeases(page.accounts || []);
  renderAccount();
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
    const lease = w.accountLease && w.status === 'active' ? w.accountLease.role : '';
    const cells = [w.correlationId, null, w.stage, duration(w), new Date(w.startedAt).toLocaleTimeString(), lease];
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

// Who holds which account now and who waits for it (one rebalance per account at a time).
function renderLeases(accounts) {
  $('leases').replaceChildren(...accounts.map((a) => {
    const li = document.createElement('li');
    li.className = 'lease';
    const holder = a.holder ? a.holder.correlationId + ' (' + a.holder.stage + ')' : 'nobody';
    const waiting = a.waiting.map((w) => w.correlationId);
    li.textContent = a.account + ': held by ' + holder + (waiting.length ? '; waiting: ' + waiting.join(', ') : '');
    return li;
  }));
}

async function refreshLeases() {
  try {
    const page = await api('/api/workflows?status=active&limit=1');
    renderLeases(page.accounts || []);
  } catch (e) { /* the rest of the page still works */ }
}

// The broker's account as the portfolio module sees it.
async function renderAccount() {
  let account;
  try { account = await api('/api/account'); } catch (e) {
    $('account-summary').textContent = 'account unavailable: ' + e.message;
    return;
  }
  const money = (n) => Number(n).toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  $('account-summary').textContent = 'Equity ' + money(account.equity) + ' · cash ' + money(account.cash);
  $('positions').querySelector('tbody').replaceChildren(...account.positions.map((p) => {
    const tr = document.createElement('tr');
    tr.dataset.symbol = p.symbol;
    [p.symbol, p.quantity, p.price == null ? '' : money(p.price), p.marketValue == null ? '' : money(p.marketValue)].forEach((v) => {
      const td = document.createElement('td');
      td.appendChild(text(v));
      tr.appendChild(td);
    });
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
    refreshLeases();
    if (ids.some((i) => workflows.get(i) && workflows.get(i).status !== 'active')) renderAccount();
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

// ---- backtests -----------------------------------------------------------------------------
let selectedBacktest = null;
let backtestTimer = null;

async function loadBacktests() {
  const page = await api('/api/backtests');
  const body = $('backtests').querySelector('tbody');
  body.replaceChildren(...page.backtests.map((b) => {
    const tr = document.createElement('tr');
    tr.dataset.id = b.id;
    if (b.id === selectedBacktest) tr.classList.add('selected');
    const cells = [b.id, b.status, b.progress.daysDone + '/' + b.progress.days, b.finalEquity ?? '',
      b.totalReturnPct != null ? b.totalReturnPct + ' %' : (b.error ? b.error.message : ''), b.strategies ?? ''];
    cells.forEach((v, i) => {
      const td = document.createElement('td');
      if (i === 1) td.className = 'status status-' + (v === 'running' ? 'active' : v);
      td.appendChild(text(v));
      tr.appendChild(td);
    });
    tr.addEventListener('click', () => selectBacktest(b.id));
    return tr;
  }));
  if (page.backtests.some((b) => b.status === 'running')) {
    clearTimeout(backtestTimer);
    backtestTimer = setTimeout(() => loadBacktests().then(() => selectedBacktest && selectBacktest(selectedBacktest)).catch((e) => show(e.message)), 500);
  }
}

async function selectBacktest(id) {
  selectedBacktest = id;
  [...$('backtests').querySelectorAll('tbody tr')].forEach((tr) => tr.classList.toggle('selected', tr.dataset.id === id));
  const backtest = await api('/api/backtests/' + encodeURIComponent(id));
  const summary = $('bt-summary');
  summary.replaceChildren();
  if (!backtest.result) {
    summary.appendChild(text(backtest.status === 'failed' ? 'failed: ' + backtest.error.message
      : 'running: ' + backtest.progress.daysDone + ' of ' + backtest.progress.days + ' days'));
    return;
  }
  const r = backtest.result;
  [['Days', r.days], ['Final equity', r.finalEquity], ['Total return', r.totalReturnPct + ' %'], ['CAGR', (r.cagrPct ?? 'n/a') + ' %'],
    ['Max drawdown', r.maxDrawdownPct + ' %'], ['Sharpe', r.sharpe ?? 'n/a'], ['Trades', r.trades], ['Days/s', r.daysPerSecond]]
    .forEach(([label, value]) => summary.appendChild(document.createElement('span')).appendChild(text(label + ': ' + value)));
  renderBacktestEquity(r);
  renderDrawdown(r);
  renderBacktestAllocation(r);
}

/** x and y scales for a chart of n daily points between lo and hi. */
function scales(n, lo, hi, w, h, pad) {
  const x = (i) => pad + (n <= 1 ? (w - 2 * pad) / 2 : i / (n - 1) * (w - 2 * pad));
  const y = (v) => h - pad - (hi === lo ? (h - 2 * pad) / 2 : (v - lo) / (hi - lo) * (h - 2 * pad));
  return [x, y];
}

function axisLabels(chart, r, y, lo, hi, w, h, format) {
  chart.appendChild(svg('text', { x: 4, y: y(hi) + 4, 'font-size': 11 })).appendChild(text(format(hi)));
  chart.appendChild(svg('text', { x: 4, y: y(lo) + 4, 'font-size': 11 })).appendChild(text(format(lo)));
  chart.appendChild(svg('text', { x: 50, y: h - 6, 'font-size': 11 })).appendChild(text(r.firstDay));
  chart.appendChild(svg('text', { x: w - 110, y: h - 6, 'font-size': 11 })).appendChild(text(r.lastDay));
}

function renderBacktestEquity(r) {
  const chart = $('bt-equity');
  chart.replaceChildren();
  const [w, h, pad] = [900, 240, 48];
  const strategy = r.equity.map((d) => Number(d[1])), benchmark = r.buyAndHold.map((d) => Number(d[1]));
  const lo = Math.min(...strategy, ...benchmark), hi = Math.max(...strategy, ...benchmark);
  const [x, y] = scales(strategy.length, lo, hi, w, h, pad);
  const line = (values) => values.map((v, i) => x(i).toFixed(1) + ',' + y(v).toFixed(1)).join(' ');
  chart.appendChild(svg('polyline', { points: line(benchmark), fill: 'none', stroke: '#999', 'stroke-width': 1.5, class: 'bt-benchmark' }));
  chart.appendChild(svg('polyline', { points: line(strategy), fill: 'none', stroke: '#3c7be0', 'stroke-width': 2, class: 'bt-strategy' }));
  chart.appendChild(svg('text', { x: pad + 8, y: 16, 'font-size': 12, fill: '#3c7be0' })).appendChild(text('strategies'));
  chart.appendChild(svg('text', { x: pad + 90, y: 16, 'font-size': 12, fill: '#777' })).appendChild(text('buy and hold, equal weight'));
  axisLabels(chart, r, y, lo, hi, w, h, (v) => v.toFixed(0));
}

function renderDrawdown(r) {
  const chart = $('bt-drawdown');
  chart.replaceChildren();
  const [w, h, pad] = [900, 140, 28];
  const dd = r.drawdownPct.map((d) => -Number(d[1]));
  const lo = Math.min(...dd, -1), hi = 0;
  const [x, y] = scales(dd.length, lo, hi, w, h, pad);
  const points = dd.map((v, i) => x(i).toFixed(1) + ',' + y(v).toFixed(1));
  points.push(x(dd.length - 1).toFixed(1) + ',' + y(0).toFixed(1), x(0).toFixed(1) + ',' + y(0).toFixed(1));
  chart.appendChild(svg('polygon', { points: points.join(' '), fill: '#f2b8b5', stroke: '#b3261e', class: 'bt-drawdown' }));
  axisLabels(chart, r, y, lo, hi, w, h, (v) => v.toFixed(1) + '%');
}

function renderBacktestAllocation(r) {
  const chart = $('bt-allocation');
  chart.replaceChildren();
  const [w, h, pad] = [900, 200, 28];
  const days = r.allocation.map((d) => d[1]);
  const symbols = [...new Set(days.flatMap((d) => Object.keys(d)))].sort();
  const [x, y] = scales(days.length, 0, 1, w, h, pad);
  const below = days.map(() => 0);
  symbols.forEach((symbol, k) => {
    const top = days.map((d, i) => below[i] + Number(d[symbol] || 0));
    const upper = top.map((v, i) => x(i).toFixed(1) + ',' + y(v).toFixed(1));
    const lower = below.map((v, i) => x(i).toFixed(1) + ',' + y(v).toFixed(1)).reverse();
    const area = chart.appendChild(svg('polygon', { points: upper.concat(lower).join(' '), fill: palette[k % palette.length], class: 'bt-alloc' }));
    area.appendChild(svg('title')).appendChild(text(symbol));
    top.forEach((v, i) => { below[i] = v; });
    chart.appendChild(svg('text', { x: pad + 8 + k * 60, y: 14, 'font-size': 11, fill: palette[k % palette.length] })).appendChild(text(symbol));
  });
  axisLabels(chart, r, y, 0, 1, w, h, (v) => (v * 100).toFixed(0) + '%');
}

$('backtest-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  show('');
  try {
    const strategies = $('bt-strategies').value.split(',').map((s) => s.trim()).filter((s) => s).map((file) => ({ file }));
    const started = await api('/api/backtests', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ strategies, from: $('bt-from').value, to: $('bt-to').value }) });
    selectedBacktest = started.id;
    await loadBacktests();
    await selectBacktest(started.id);
  } catch (e) { show(e.message); }
});

loadBacktests().catch((e) => show(e.message));
loadAll().catch((e) => show(e.message));
renderSchedule();
setInterval(renderSchedule, 5000);
connect();
