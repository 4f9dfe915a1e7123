// Refreshes the welcome page from the demo's public endpoints: cache hits and misses and HTTP 429 responses
// (/api/ops/caches, from the application's meters), the hottest products and the consistency monitor's
// figure (/api/ops/products), the worker's write-behind lag (/api/ops/write-behind) and
// health (/actuator/health, the one management endpoint open to everyone).
'use strict';

const REFRESH_MS = 2000;

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  if (!response.ok) {
    throw new Error(url + ' answered ' + response.status);
  }
  return response.json();
}

function cell(text) {
  const td = document.createElement('td');
  td.textContent = text;
  return td;
}

async function refreshActivity() {
  const activity = await getJson('/api/ops/caches');
  showCaches(activity.caches);
  document.getElementById('rejections').textContent = String(activity.rejections);
}

function showCaches(rows) {
  const body = document.querySelector('#caches tbody');
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

async function refreshProducts() {
  const response = await fetch('/api/ops/products', { headers: { Accept: 'application/json' } });
  const list = document.getElementById('hot-products');
  const consistency = document.getElementById('consistency');
  const detail = document.getElementById('consistency-detail');
  if (response.status !== 200) {
    list.replaceChildren(item('n/a'));
    consistency.textContent = 'n/a';
    detail.textContent = 'the products cache is not a cachekit cache';
    return;
  }
  const insight = await response.json();
  list.replaceChildren(...(insight.hotKeys.length
    ? insight.hotKeys.map((hot) => item('#' + hot.key + ' (' + hot.reads + ' reads)'))
    : [item('none yet')]));
  if (insight.consistency) {
    const c = insight.consistency;
    consistency.textContent = c.checked > 0 ? (c.ratio * 100).toFixed(2) + ' %' : 'no writes yet';
    detail.textContent = c.checked + ' sampled writes checked, ' + c.inconsistent + ' disagreed with MongoDB '
      + (c.withinMillis / 1000) + ' s after the write';
  }
  else {
    consistency.textContent = 'off';
    detail.textContent = 'cachekit.cache.consistency.enabled=false';
  }
}

function item(text) {
  const li = document.createElement('li');
  li.textContent = text;
  return li;
}

async function refreshLag() {
  const lag = await getJson('/api/ops/write-behind');
  document.getElementById('lag').textContent = lag.available ? lag.meanMillis.toFixed(0) + ' ms mean' : 'n/a';
  document.getElementById('lag-detail').textContent = lag.available
    ? 'max ' + lag.maxMillis.toFixed(0) + ' ms, ' + lag.persisted + ' updates persisted'
    : lag.detail;
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
  await Promise.allSettled([refreshActivity(), refreshProducts(), refreshLag(), refreshHealth()]);
  document.body.dataset.refreshed = String(Date.now());
}

document.getElementById('interval').textContent = String(REFRESH_MS / 1000);
refresh();
setInterval(refresh, REFRESH_MS);
