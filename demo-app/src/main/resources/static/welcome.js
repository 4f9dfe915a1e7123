// Refreshes the welcome page from Actuator: cache hit ratios (cache.gets by result), the worker's
// write-behind lag (through /api/ops/write-behind) and HTTP 429 responses (http.server.requests).
'use strict';

const REFRESH_MS = 2000;

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    throw new Error(url + ' answered ' + response.status);
  }
  return response.json();
}

async function metricCount(name, tags) {
  const query = tags.map((tag) => 'tag=' + encodeURIComponent(tag)).join('&');
  try {
    const metric = await getJson('/actuator/metrics/' + name + (query ? '?' + query : ''));
    const count = metric.measurements.find((m) => m.statistic === 'COUNT');
    return count ? count.value : 0;
  } catch (e) {
    return 0;
  }
}

function cacheNames(caches) {
  const names = new Set();
  Object.values(caches.cacheManagers || {}).forEach((manager) => {
    Object.keys(manager.caches || {}).forEach((name) => names.add(name));
  });
  return Array.from(names).sort();
}

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

async function refreshCaches() {
  const body = document.querySelector('#caches tbody');
  const names = cacheNames(await getJson('/actuator/caches'));
  const rows = await Promise.all(names.map(async (name) => {
    const hits = await metricCount('cache.gets', ['cache:' + name, 'result:hit']);
    const misses = await metricCount('cache.gets', ['cache:' + name, 'result:miss']);
    return { name, hits, misses };
  }));
  body.replaceChildren();
  if (rows.length === 0) {
    const tr = document.createElement('tr');
    tr.appendChild(cell('no caches yet'));
    body.appendChild(tr);
  }
  rows.forEach((row) => {
    const total = row.hits + row.misses;
    const ratio = total > 0 ? row.hits / total : 0;
    const tr = document.createElement('tr');
    tr.className = 'cache-row';
    tr.appendChild(cell(row.name));
    tr.appendChild(cell(String(row.hits)));
    tr.appendChild(cell(String(row.misses)));
    const ratioCell = cell(total > 0 ? (ratio * 100).toFixed(1) + ' % ' : 'n/a ');
    const bar = document.createElement('span');
    bar.className = 'bar';
    const fill = document.createElement('span');
    fill.style.width = (ratio * 100).toFixed(1) + '%';
    bar.appendChild(fill);
    ratioCell.appendChild(bar);
    tr.appendChild(ratioCell);
    body.appendChild(tr);
  });
}

async function refreshLag() {
  const lag = await getJson('/api/ops/write-behind');
  document.getElementById('lag').textContent = lag.available ? lag.meanMillis.toFixed(0) + ' ms mean' : 'n/a';
  document.getElementById('lag-detail').textContent = lag.available
    ? 'max ' + lag.maxMillis.toFixed(0) + ' ms, ' + lag.persisted + ' updates persisted'
    : lag.detail;
}

async function refreshRejections() {
  const rejected = await metricCount('http.server.requests', ['status:429']);
  document.getElementById('rejections').textContent = String(rejected);
}

async function refreshHealth() {
  const response = await fetch('/actuator/health');
  const health = await response.json();
  const status = document.getElementById('health');
  status.textContent = health.status;
  status.className = 'status ' + health.status;
  const components = Object.entries(health.components || {})
    .map(([name, component]) => name + ' ' + component.status);
  document.getElementById('components').textContent = components.length ? '(' + components.join(', ') + ')' : '';
}

async function refresh() {
  await Promise.allSettled([refreshCaches(), refreshLag(), refreshRejections(), refreshHealth()]);
  document.body.dataset.refreshed = String(Date.now());
}

document.getElementById('interval').textContent = String(REFRESH_MS / 1000);
refresh();
setInterval(refresh, REFRESH_MS);
