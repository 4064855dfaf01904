// The technician console: a live queue (polled every 2 s) and a case view with the evidence drawn as
// charts, the decoded fault codes with the knowledge base's text, and the workflow buttons.
'use strict';

const NEXT = {
  OPEN: ['ACKNOWLEDGED'],
  ACKNOWLEDGED: ['IN_DIAGNOSIS'],
  IN_DIAGNOSIS: ['RESOLVED_REMOTELY', 'OTA_FIX_SCHEDULED', 'SERVICE_BOOKED', 'MOBILE_SERVICE_DISPATCHED', 'ROADSIDE_DISPATCHED'],
  RESOLVED_REMOTELY: ['CLOSED', 'IN_DIAGNOSIS'], OTA_FIX_SCHEDULED: ['CLOSED', 'IN_DIAGNOSIS'],
  SERVICE_BOOKED: ['CLOSED', 'IN_DIAGNOSIS'], MOBILE_SERVICE_DISPATCHED: ['CLOSED', 'IN_DIAGNOSIS'],
  ROADSIDE_DISPATCHED: ['CLOSED', 'IN_DIAGNOSIS'], CLOSED: []
};
const seen = new Set();
let current = null;   // the case shown, as last read
let firstLoad = true;
let busy = false;     // a workflow request is in flight
let shown = 0;        // the latest case request, so that a late answer cannot replace a newer one

const $ = (id) => document.getElementById(id);
const el = (tag, attrs = {}, ...children) => {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) { if (k === 'class') e.className = v; else e.setAttribute(k, v); }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c == null ? '' : String(c)));
  return e;
};
const technician = () => $('technician').value.trim() || 'console';

function slaText(c) {
  if (!c.slaDueAt) return '-';
  const min = Math.round((new Date(c.slaDueAt) - Date.now()) / 60000);
  return min >= 0 ? `due in ${min} min` : `overdue ${-min} min`;
}

// the API token lives in this tab's session storage only; every request sends it as a bearer token
const token = () => sessionStorage.getItem('telematics.token') || '';

async function api(method, path, body) {
  const headers = { 'Content-Type': 'application/json' };
  if (token()) headers.Authorization = `Bearer ${token()}`;
  const r = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const json = r.status === 204 ? null : await r.json();
  if (r.status === 401) $('who').textContent = 'paste your API token';
  if (!r.ok) throw new Error(json && json.error ? `${json.error.code}: ${json.error.message}` : `HTTP ${r.status}`);
  return json;
}

async function whoami() {
  try {
    const me = await api('GET', '/api/whoami');
    $('who').textContent = me.apiSecurity ? `signed in as ${me.name} (${me.role})` : 'API security off';
    if (me.name) $('technician').value = me.name;
    $('technician').disabled = !!me.name;
  } catch (e) {
    $('who').textContent = e.message.startsWith('UNAUTHENTICATED') ? 'paste your API token' : e.message;
  }
}

async function refreshQueue() {
  try {
    const page = await api('GET', '/api/cases?active=true&sort=sla&limit=200');
    const body = $('queue').tBodies[0];
    body.replaceChildren(...page.cases.map(row));
    // the case on screen changed (a recurrence, an owner's acknowledgement, another technician): show it fresh
    const open = current && page.cases.find((c) => c.number === current.number);
    if (open && open.version !== current.version && !busy) openCase(current.number);
    $('queue-empty').hidden = page.cases.length > 0;
    $('status-line').textContent = `${page.count} active case(s), updated ${new Date().toLocaleTimeString()}`;
    firstLoad = false;
  } catch (e) {
    $('status-line').textContent = `engine unreachable: ${e.message}`;
  }
}

function row(c) {
  const isNew = !firstLoad && !seen.has(c.number);
  seen.add(c.number);
  const tr = el('tr', { id: `case-${c.number}`, 'data-number': c.number, class: isNew ? 'new' : '' },
    el('td', {}, c.number), el('td', {}, el('span', { class: `sev-${c.severity}` }, c.severity)),
    el('td', { class: 'status' }, c.status),
    el('td', { class: c.overdue ? 'overdue' : '' }, (c.overdue ? 'OVERDUE ' : '') + slaText(c)),
    el('td', {}, c.vin), el('td', {}, c.title || c.problem), el('td', {}, c.assignee || '-'));
  if (current && current.number === c.number) tr.classList.add('selected');
  tr.addEventListener('click', () => openCase(c.number));
  return tr;
}

async function openCase(number) {
  const ticket = ++shown;
  try {
    const c = await api('GET', `/api/cases/${number}`);
    if (ticket !== shown) return;
    current = c;
    render(current);
  } catch (e) {
    $('action-error').textContent = e.message;
  }
}

function render(c) {
  $('case-pane').hidden = false;
  $('case-title').textContent = `${c.number} - ${c.title || c.problem}`;
  $('case-meta').textContent = `${c.severity} | ${c.status} | vehicle ${c.vin} | technician ${c.work.assignee || '-'}`
    + ` | skill ${c.work.skill || 'any'} | occurrences ${c.occurrences} | version ${c.version}`
    + (c.work.slaBreaches.length ? ` | SLA missed: ${c.work.slaBreaches.join(', ')}` : '');
  $('action-error').textContent = '';
  $('actions').replaceChildren(...NEXT[c.status].map((to) => {
    const b = el('button', { 'data-to': to, type: 'button' }, label(to));
    b.addEventListener('click', () => transition(c.number, to));
    return b;
  }));
  const ev = c.latestEvidence || c.evidence;
  $('trigger').replaceChildren(...Object.entries(ev.trigger).flatMap(([k, v]) =>
    [el('dt', {}, k), el('dd', {}, typeof v === 'object' ? JSON.stringify(v) : v)]));
  drawCharts(ev);
  $('dtcs').replaceChildren(...(ev.dtcs.length ? ev.dtcs.map((d) =>
    el('li', {}, el('b', {}, `${d.dtc} (${d.ecu}, ${d.state})`), ` ${d.description}`)) : [el('li', {}, 'none active')]),
    ...(ev.dtcsOmitted ? [el('li', { class: 'omitted' }, `and ${ev.dtcsOmitted} more active fault codes, `
      + 'not copied into the case (evidence limit; the most relevant are listed)')] : []));
  $('evidence-omitted').textContent = ev.signalsOmitted || ev.historyPointsOmitted
    ? `Not copied into the case (evidence limit): ${ev.signalsOmitted || 0} signals, `
      + `${ev.historyPointsOmitted || 0} older history points` : '';
  $('diagnosis').replaceChildren(...(ev.diagnosis.length ? ev.diagnosis.map((k) => el('div', { class: 'kb' },
    el('p', {}, el('b', {}, k.code || `SPN ${k.spn} FMI ${k.fmi}`), ` ${k.description} (${k.system}, skill ${k.skill})`),
    el('p', {}, `Likely causes: ${k.causes.join('; ')}`),
    el('p', {}, `Remote checks: ${k.remoteChecks.join('; ')}`),
    el('p', {}, `Parts: ${k.parts.join('; ')}`))) : [el('p', {}, 'no knowledge-base entry for this case')]));
  renderRemote(c);
  $('notes').replaceChildren(...c.notes.map((n) => el('li', {}, `${n.at} ${n.author}: ${n.text}`)));
  const w = c.work.workOrder;
  $('work-order').replaceChildren(w ? el('div', {}, el('b', {}, w.number), ` parts: ${w.parts.join(', ') || '-'}; labour: `
    + `${w.labour.join('; ')}`) : document.createTextNode('-'));
  $('events').replaceChildren(...c.events.map((e) => el('li', {},
    `${e.at} ${e.actor} ${e.type}${e.from ? ` ${e.from} -> ${e.to}` : ''}${e.detail ? `: ${e.detail}` : ''}`)));
  document.querySelectorAll('#queue tr.selected').forEach((r) => r.classList.remove('selected'));
  const tr = document.getElementById(`case-${c.number}`);
  if (tr) tr.classList.add('selected');
}

const COMMANDS = { READ_DTCS: 'Read DTCs now', SNAPSHOT: 'Signal snapshot', CLEAR_DTCS: 'Clear DTCs (after repair)' };

async function renderRemote(c) {
  $('remote-actions').replaceChildren(...Object.entries(COMMANDS).map(([cmd, text]) => {
    const b = el('button', { 'data-command': cmd, type: 'button' }, text);
    b.addEventListener('click', () => sendCommand(c.number, cmd));
    return b;
  }));
  const stillShown = () => current && current.number === c.number; // another case may be open by now
  try {
    const consent = await api('GET', `/api/cases/${c.number}/consent`);
    if (!stillShown()) return;
    $('consent').textContent = consent.remoteDiagnostics ? '(the owner has granted access)'
      : '(the owner has not granted access: live data and commands are refused)';
  } catch (e) {
    if (stillShown()) $('consent').textContent = '';
  }
  try {
    const list = await api('GET', `/api/cases/${c.number}/commands`);
    if (!stillShown()) return;
    $('commands').replaceChildren(...list.commands.map((x) => el('li', { 'data-status': x.status },
      `${x.requestedAt} ${x.type} by ${x.requestedBy}: ${x.status}${x.detail ? ` - ${x.detail}` : ''}`,
      x.result ? el('pre', {}, JSON.stringify(x.result, null, 1)) : '')));
  } catch (e) {
    if (stillShown()) $('commands').replaceChildren(); // an auditor does not see command results
  }
}

async function sendCommand(number, command) {
  try {
    const sent = await api('POST', `/api/cases/${number}/commands`, { command, by: technician() });
    $('action-error').textContent = `${command} sent as ${sent.id}; waiting for the car`;
    for (let i = 0; i < 60; i++) { // the car answers in a moment, or the command times out
      const x = await api('GET', `/api/cases/${number}/commands/${sent.id}`);
      if (x.status !== 'PENDING') break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    await openCase(number);
  } catch (e) {
    await openCase(number); // a refusal is audited on the case too
    $('action-error').textContent = e.message;
  }
}

function label(status) {
  return status.charAt(0) + status.slice(1).toLowerCase().replaceAll('_', ' ');
}

async function transition(number, to) {
  try {
    let why = null;
    if (!['OPEN', 'ACKNOWLEDGED', 'IN_DIAGNOSIS'].includes(to)) {
      why = prompt(`Why ${label(to).toLowerCase()}?`);
      if (why === null) return; // cancelled: no change
    }
    busy = true;
    current = await api('POST', `/api/cases/${number}/transitions`, { to, by: technician(), reason: why, version: current.version });
    render(current);
    refreshQueue();
  } catch (e) {
    if (e.message.startsWith('STALE_UPDATE')) { // someone (or the car) changed the case: show what it is now
      await openCase(number);
      $('action-error').textContent = 'The case changed since you opened it (see the audit trail); check it and try again.';
    } else {
      $('action-error').textContent = e.message;
    }
  } finally {
    busy = false;
  }
}

// a small line chart per signal of the evidence's recent history (inline SVG, no library)
function drawCharts(ev) {
  const wanted = ev.trigger && ev.trigger.signal ? [ev.trigger.signal] : [];
  const names = wanted.concat(Object.keys(ev.recent).filter((n) => !wanted.includes(n))).filter((n) => (ev.recent[n] || []).length > 1).slice(0, 6);
  $('charts').replaceChildren(...(names.length ? names.map((n) => chart(n, ev.recent[n])) : [el('p', {}, 'no history captured')]));
}

function chart(name, points) {
  const W = 320, H = 120, P = 24;
  const xs = points.map((p) => p.ts), ys = points.map((p) => p.value);
  const x0 = Math.min(...xs), x1 = Math.max(...xs), y0 = Math.min(...ys), y1 = Math.max(...ys);
  const sx = (x) => P + (W - 2 * P) * (x1 === x0 ? 0.5 : (x - x0) / (x1 - x0));
  const sy = (y) => H - P - (H - 2 * P) * (y1 === y0 ? 0.5 : (y - y0) / (y1 - y0));
  const ns = 'http://www.w3.org/2000/svg';
  const svg = document.createElementNS(ns, 'svg');
  svg.setAttribute('class', 'chart'); svg.setAttribute('width', W); svg.setAttribute('height', H);
  svg.setAttribute('data-signal', name);
  const line = document.createElementNS(ns, 'polyline');
  line.setAttribute('points', points.map((p) => `${sx(p.ts).toFixed(1)},${sy(p.value).toFixed(1)}`).join(' '));
  line.setAttribute('fill', 'none'); line.setAttribute('stroke', '#1c5fd4'); line.setAttribute('stroke-width', '1.5');
  const title = document.createElementNS(ns, 'text');
  title.setAttribute('x', 4); title.setAttribute('y', 14); title.setAttribute('font-size', '11');
  title.textContent = `${name.replace('Vehicle.', '')}: ${y0.toPrecision(4)} .. ${y1.toPrecision(4)}`;
  svg.append(line, title);
  return svg;
}

$('note-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  if (!current || !$('note-text').value.trim()) return;
  try {
    current = await api('POST', `/api/cases/${current.number}/notes`, { text: $('note-text').value, author: technician() });
    $('note-text').value = '';
    render(current);
  } catch (err) {
    $('action-error').textContent = err.message;
  }
});
$('token').value = token();
$('token').addEventListener('change', () => {
  sessionStorage.setItem('telematics.token', $('token').value.trim());
  whoami();
  refreshQueue();
});
whoami();
$('technician').value = localStorage.getItem('technician') || '';
$('technician').addEventListener('change', () => localStorage.setItem('technician', $('technician').value));
// poll every 2 s, never two requests at once
(async function poll() {
  await refreshQueue();
  setTimeout(poll, 2000);
}());
