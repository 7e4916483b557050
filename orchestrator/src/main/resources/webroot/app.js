// The live monitoring page: REST for state, /ws/events for changes. No build step; uPlot (served from the jar) draws the charts.
'use strict';

const token = new URLSearchParams(location.search).get('token');
const headers = token ? { Authorization: 'Bearer ' + token } : {};
const workflows = new Map();       // correlation id -> view from the API
const eventsById = new Map();      // correlation id -> CloudEvents seen since the page opened
let selected = null;
const pending = new Set();
let refreshTimer = null;
// The stream and the REST state are fed independently: the orchestrator journals an event before its
// state shows it, so a refresh can come back behind what the stream has shown. Such a workflow is
// fetched again, after growing delays, a bounded number of times.
const LAG_RETRY_MS = [250, 500, 1000, 2000, 4000, 8000];
const lagRetries = new Map();      // correlation id -> retries spent on a refresh behind the stream

const $ = (id) => document.getElementById(id);
const text = (value) => document.createTextNode(value == null ? '' : String(value));

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

// ---- charts (uPlot) ------------------------------------------------------------------------
// The uPlot instance of each chart, by name: the page redraws them, tests read them through uPlot's own API.
const charts = {};
window.charts = charts;
const palette = ['#3c7be0', '#e0793c', '#3cb371', '#9b59b6', '#e0c03c', '#16a2b8', '#d9534f', '#7f8c8d', '#8e6c3c', '#2c3e50'];
const money = (n) => n == null ? '—' : Number(n).toLocaleString(undefined, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const percent = (n) => n == null ? '—' : Number(n).toFixed(2) + ' %';
const secondsOf = (day) => Date.parse(day + 'T00:00:00Z') / 1000;
/** Dates on the x axis as the API writes them (UTC), whatever the browser's zone. */
const dayAxis = { space: 90, values: (u, splits) => splits.map((s) => s == null ? '' : new Date(s * 1000).toISOString().slice(0, 10)) };
const timeAxis = { space: 110, values: (u, splits) => splits.map((s) => s == null ? '' : new Date(s * 1000).toISOString().slice(5, 16).replace('T', ' ')) };

/** (Re)draws chart {@code name} into the element: drag to zoom (x), double-click to reset, the legend reads out the hovered values. */
function draw(name, element, options, data) {
  if (charts[name]) charts[name].destroy();
  const el = $(element);
  el.replaceChildren();
  const width = Math.max(320, el.clientWidth || 880);
  charts[name] = new uPlot(Object.assign({ width, height: 240, cursor: { drag: { x: true, y: false } } }, options), data, el);
  return charts[name];
}

function renderEquity() {
  const points = [...workflows.values()]
    .filter((w) => w.rebalancePlan && w.status === 'completed')
    .map((w) => ({ t: Date.parse(w.startedAt) / 1000, v: Number(w.rebalancePlan.equity) }))
    .sort((a, b) => a.t - b.t);
  if (points.length === 0) {
    $('equity').textContent = 'no completed workflow yet';
    return;
  }
  draw('equity', 'equity', {
    height: 220,
    scales: { x: { time: true } },
    axes: [Object.assign({ label: 'workflow start (UTC)' }, timeAxis), { label: 'USD', size: 80, values: (u, v) => v.map(money) }],
    series: [{ label: 'start', value: (u, v) => v == null ? '—' : new Date(v * 1000).toISOString().replace('T', ' ').slice(0, 19) },
      { label: 'equity before trading', stroke: palette[0], width: 2, points: { show: true, size: 6 }, value: (u, v) => money(v) }],
  }, [points.map((p) => p.t), points.map((p) => p.v)]);
}

/**
 * Stacked series: cumulative sums of the columns, drawn from the top one down so each fill covers
 * the one below; the legend reads out each column's own value, not the running sum.
 */
function stacked(columns, length) {
  const sums = [];
  let below = new Array(length).fill(0);
  columns.forEach((column) => {
    const top = column.map((v, i) => below[i] + v);
    sums.push(top);
    below = top;
  });
  return sums;
}

function renderAllocation(w) {
  const signals = w.strategySignals;
  if (!signals) {
    $('allocation').textContent = '';
    return;
  }
  const rows = [{ name: 'Total', allocation: signals.allocation }, ...signals.strategies];
  const symbols = [...new Set(rows.flatMap((r) => Object.keys(r.allocation)))].sort();
  const columns = symbols.map((s) => rows.map((r) => Number(r.allocation[s] || 0) * 100));
  const sums = stacked(columns, rows.length);
  const order = symbols.map((s, k) => k).reverse();
  draw('allocation', 'allocation', {
    height: 220,
    scales: { x: { time: false, range: [-0.5, rows.length - 0.5] }, y: { range: [0, 100] } },
    axes: [{ label: 'strategy', splits: () => rows.map((r, i) => i), values: (u, splits) => splits.map((i) => rows[i] ? rows[i].name : '') },
      { label: '% of the strategy', values: (u, v) => v.map((x) => x + ' %') }],
    series: [{ label: 'strategy', value: (u, v) => v == null || !rows[v] ? '—' : rows[v].name },
      ...order.map((k) => ({ label: symbols[k], stroke: palette[k % palette.length], fill: palette[k % palette.length],
        paths: uPlot.paths.bars({ size: [0.6, 80] }), points: { show: false },
        value: (u, v, si, i) => i == null ? '—' : percent(columns[k][i]) }))],
  }, [rows.map((r, i) => i), ...order.map((k) => sums[k])]);
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
      retryIfBehind(i);
    }));
    renderTable();
    renderEquity();
    renderStats();
    refreshLeases();
    if (ids.some((i) => workflows.get(i) && workflows.get(i).status !== 'active')) renderAccount();
    if (ids.includes(selected)) renderDetail();
  }, 150);
}

/** True when the stream has shown an event of the workflow that its fetched state does not have yet. */
function behindStream(id) {
  const w = workflows.get(id);
  const seen = eventsById.get(id) || [];
  return !!w && seen.some((e) => !(w.stageTimes && e.type in w.stageTimes));
}

function retryIfBehind(id) {
  if (!behindStream(id)) { lagRetries.delete(id); return; }
  const spent = lagRetries.get(id) || 0;
  // An event the orchestrator ignores (one after the workflow ended) never shows: stop after the last delay.
  if (spent >= LAG_RETRY_MS.length) return;
  lagRetries.set(id, spent + 1);
  setTimeout(() => refreshSoon(id), LAG_RETRY_MS[spent]);
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
    lagRetries.delete(event.subject);
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

// An operator's halt of all trading (POST /api/trading/halt) shows across the top until it is lifted;
// the page can halt (with a reason, which everyone sees) and resume.
async function renderHalt() {
  try {
    const halt = await api('/api/trading');
    $('halt').hidden = !halt.halted;
    $('halt-open').hidden = halt.halted;
    $('halt-text').textContent = halt.halted ? 'Trading halted since ' + halt.changedAt + (halt.reason ? ': ' + halt.reason : '')
      + (halt.changedBy ? ' (' + halt.changedBy + ')' : '')
      + ' — no live order is placed until it is resumed.' : '';
  } catch (e) { /* an older node without the switch */ }
}

$('halt-open').addEventListener('click', () => { $('halt-form').hidden = false; $('halt-reason').focus(); });
$('halt-cancel').addEventListener('click', () => { $('halt-form').hidden = true; });
$('halt-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  show('');
  try {
    await api('/api/trading/halt', { method: 'POST', headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ reason: $('halt-reason').value }) });
    $('halt-form').hidden = true;
    $('halt-reason').value = '';
  } catch (e) { show(e.message); }
  renderHalt();
});
$('resume').addEventListener('click', async () => {
  show('');
  try {
    await api('/api/trading/resume', { method: 'POST' });
  } catch (e) { show(e.message); }
  renderHalt();
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
  if (selectedBacktest === null && page.backtests.length > 0) {
    // The most recent backtest is drawn by default.
    selectBacktest(page.backtests[0].id).catch((e) => show(e.message));
  }
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

function renderBacktestEquity(r) {
  draw('btEquity', 'bt-equity', {
    scales: { x: { time: true } },
    axes: [Object.assign({ label: 'date' }, dayAxis), { label: 'USD', size: 80, values: (u, v) => v.map(money) }],
    series: [{ label: 'date', value: (u, v) => v == null ? '—' : new Date(v * 1000).toISOString().slice(0, 10) },
      { label: 'strategies', stroke: palette[0], width: 2, value: (u, v) => money(v) },
      { label: 'buy and hold, equal weight', stroke: '#999', width: 1.5, value: (u, v) => money(v) }],
  }, [r.equity.map((d) => secondsOf(d[0])), r.equity.map((d) => Number(d[1])), r.buyAndHold.map((d) => Number(d[1]))]);
}

function renderDrawdown(r) {
  draw('btDrawdown', 'bt-drawdown', {
    height: 160,
    scales: { x: { time: true } },
    axes: [Object.assign({ label: 'date' }, dayAxis), { label: 'drawdown', values: (u, v) => v.map((x) => x + ' %') }],
    series: [{ label: 'date', value: (u, v) => v == null ? '—' : new Date(v * 1000).toISOString().slice(0, 10) },
      { label: 'below the peak', stroke: '#b3261e', fill: 'rgba(179, 38, 30, 0.25)', value: (u, v) => percent(v) }],
  }, [r.drawdownPct.map((d) => secondsOf(d[0])), r.drawdownPct.map((d) => -Number(d[1]))]);
}

function renderBacktestAllocation(r) {
  const days = r.allocation.map((d) => d[1]);
  const symbols = [...new Set(days.flatMap((d) => Object.keys(d)))].sort();
  const columns = symbols.map((s) => days.map((d) => Number(d[s] || 0) * 100));
  const sums = stacked(columns, days.length);
  const order = symbols.map((s, k) => k).reverse();
  draw('btAllocation', 'bt-allocation', {
    scales: { x: { time: true }, y: { range: [0, 100] } },
    axes: [Object.assign({ label: 'date' }, dayAxis), { label: '% of equity', values: (u, v) => v.map((x) => x + ' %') }],
    series: [{ label: 'date', value: (u, v) => v == null ? '—' : new Date(v * 1000).toISOString().slice(0, 10) },
      ...order.map((k) => ({ label: symbols[k], stroke: palette[k % palette.length], fill: palette[k % palette.length],
        value: (u, v, si, i) => i == null ? '—' : percent(columns[k][i]) }))],
  }, [r.allocation.map((d) => secondsOf(d[0])), ...order.map((k) => sums[k])]);
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
renderHalt();
setInterval(() => { renderSchedule(); renderHalt(); }, 5000);
connect();
