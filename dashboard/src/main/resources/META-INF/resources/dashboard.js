// The Homeostat dashboard. Everything shown comes from the operator APIs through this page's own server (/api/*),
// which forwards it with the signed-in user's token. Event and log content is untrusted: every value is put on the
// page as text (textContent / text nodes / SVG text), never parsed as HTML.
'use strict';
(() => {
  const TOKEN_KEY = 'homeostat.token';
  const POLL_MS = 2000;
  // /api/status observes every resource live: every third poll is enough.
  const STATUS_EVERY = 3;
  // DLQ depths come from queue attributes (GET /api/dlq/depths): nothing is received, so nothing is hidden from a
  // replay; every second poll is enough.
  const DLQ_EVERY = 2;
  const SVG = 'http://www.w3.org/2000/svg';

  const OK = new Set(['RESOLVED', 'NOTIFIED', 'CLOSED', 'IN_SYNC', 'ENABLED']);
  const BAD = new Set(['FAILED', 'ROLLED_BACK', 'ESCALATED', 'REJECTED', 'EXPIRED', 'DRIFTED', 'MISSING', 'ERROR', 'DISABLED']);
  const WAIT = new Set(['AWAITING_APPROVAL', 'PARTIAL', 'PAUSED', 'DETECTED']);

  let timer = null;
  let tick = 0;
  let selected = null;
  let replaying = false;

  class AuthError extends Error {}
  class ApiError extends Error {
    constructor(status, message) { super(message); this.status = status; }
  }

  const $ = (id) => document.getElementById(id);

  /** An element with attributes and children; string children become text nodes, never markup. */
  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (v !== undefined && v !== null) e.setAttribute(k, String(v));
    }
    for (const c of children) {
      if (c === null || c === undefined) continue;
      e.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
    }
    return e;
  }

  function svg(tag, attrs, text) {
    const e = document.createElementNS(SVG, tag);
    for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = String(text);
    return e;
  }

  function tone(value) {
    if (OK.has(value)) return 'ok';
    if (BAD.has(value)) return 'bad';
    if (WAIT.has(value)) return 'wait';
    return 'busy';
  }

  function badge(value) {
    return el('span', { class: 'badge ' + tone(value) }, value || '—');
  }

  function time(iso) {
    if (!iso) return '';
    const d = new Date(iso);
    return isNaN(d) ? String(iso) : d.toLocaleTimeString([], { hour12: false });
  }

  // --- calls ------------------------------------------------------------------------------------------------------

  async function call(method, path, body) {
    const headers = { 'Accept': 'application/json', 'Authorization': 'Bearer ' + sessionStorage.getItem(TOKEN_KEY) };
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const r = await fetch(path, { method, headers, cache: 'no-store',
      body: body === undefined ? undefined : JSON.stringify(body) });
    if (r.status === 401) {
      signOut('Your token was refused (401): sign in again.');
      throw new AuthError('401');
    }
    let data = null;
    try { data = await r.json(); } catch (e) { data = null; }
    if (!r.ok) throw new ApiError(r.status, (data && data.error) ? String(data.error) : 'HTTP ' + r.status + ' on ' + path);
    return data;
  }

  // --- sign in / out ----------------------------------------------------------------------------------------------

  async function signIn(event) {
    event.preventDefault();
    const token = $('token').value.trim();
    const error = $('signin-error');
    error.textContent = '';
    if (!token) return;
    let r;
    try {
      r = await fetch('/api/incidents?limit=1', { headers: { 'Authorization': 'Bearer ' + token, 'Accept': 'application/json' },
        cache: 'no-store' });
    } catch (e) {
      error.textContent = 'The dashboard server did not answer: ' + e.message;
      return;
    }
    if (r.status === 401) {
      error.textContent = 'Sign-in failed: the token was refused (401).';
      return;
    }
    if (!r.ok) {
      let data = null;
      try { data = await r.json(); } catch (e) { data = null; }
      error.textContent = 'Sign-in failed: ' + ((data && data.error) ? data.error : 'HTTP ' + r.status);
      return;
    }
    sessionStorage.setItem(TOKEN_KEY, token);
    $('token').value = '';
    showApp();
  }

  function signOut(message) {
    sessionStorage.removeItem(TOKEN_KEY);
    if (timer) clearInterval(timer);
    timer = null;
    selected = null;
    $('app').hidden = true;
    $('signout').hidden = true;
    $('live').hidden = true;
    $('signin').hidden = false;
    $('signin-error').textContent = message || '';
    $('token').focus();
  }

  function showApp() {
    $('signin').hidden = true;
    $('app').hidden = false;
    $('signout').hidden = false;
    $('live').hidden = false;
    tick = 0;
    poll();
    timer = setInterval(poll, POLL_MS);
  }

  // --- polling ----------------------------------------------------------------------------------------------------

  async function poll() {
    const jobs = [
      call('GET', '/api/incidents?limit=50').then(renderIncidents),
      call('GET', '/api/plans?state=AWAITING_APPROVAL').then(renderPlans),
    ];
    if (tick % DLQ_EVERY === 0 && !replaying) jobs.push(refreshDlq());
    if (selected) jobs.push(call('GET', '/api/incidents/' + encodeURIComponent(selected)).then(renderDetail));
    if (tick % STATUS_EVERY === 0) jobs.push(call('GET', '/api/status').then(renderStatus));
    tick++;
    const results = await Promise.allSettled(jobs);
    if (results.some((r) => r.status === 'rejected' && r.reason instanceof AuthError)) return;
    const errors = results.filter((r) => r.status === 'rejected').map((r) => r.reason.message);
    const banner = $('banner');
    banner.hidden = errors.length === 0;
    banner.textContent = [...new Set(errors)].join(' · ');
    $('live').classList.toggle('stale', errors.length > 0);
  }

  // --- incidents --------------------------------------------------------------------------------------------------

  function renderIncidents(list) {
    const body = $('incidents').tBodies[0];
    const rows = (list || []).map((i) => {
      const c = i.classification || {};
      const r = i.resource || {};
      const tr = el('tr', { 'data-incident-id': i.incidentId, 'data-resource': r.name, 'data-state': i.state },
        el('td', {}, el('span', { class: 'type' }, (r.type || '') + ' '), el('strong', {}, r.name || '')),
        el('td', {}, badge(i.state)),
        el('td', {}, c.kind || '—'),
        el('td', {}, c.severity === undefined ? '' : String(c.severity)),
        el('td', {}, time(i.createdAt)),
        el('td', {}, time(i.updatedAt)));
      if (i.incidentId === selected) tr.classList.add('selected');
      tr.addEventListener('click', () => select(i.incidentId));
      return tr;
    });
    body.replaceChildren(...rows);
    $('incidents-empty').hidden = rows.length > 0;
  }

  async function select(id) {
    selected = id;
    for (const tr of $('incidents').tBodies[0].rows) tr.classList.toggle('selected', tr.dataset.incidentId === id);
    try {
      renderDetail(await call('GET', '/api/incidents/' + encodeURIComponent(id)));
    } catch (e) {
      if (!(e instanceof AuthError)) $('detail-summary').textContent = e.message;
    }
  }

  function renderDetail(i) {
    if (!i || i.incidentId !== selected) return;
    $('incident-detail').hidden = false;
    $('detail-id').textContent = i.incidentId;
    const r = i.resource || {};
    const c = i.classification;
    const diff = (i.diff || []).map((d) => d.path + ' was ' + d.actual + ', desired ' + d.desired).join('; ');
    $('detail-summary').textContent = (r.type || '') + ' ' + (r.name || '') + ' — ' + i.state
      + (c ? ' — ' + c.kind + ', severity ' + c.severity + ', confidence ' + c.confidence : '')
      + (diff ? ' — differs: ' + diff : '');
    $('detail-rationale').textContent = c && c.rationale ? c.rationale : '';
    drawTimeline(i.timeline || []);
  }

  /** The timeline as a picture: one dot per step on a line, its state, service and time since detection. */
  function drawTimeline(steps) {
    const gap = 150;
    const width = Math.max(gap * steps.length, gap);
    const picture = svg('svg', { viewBox: '0 0 ' + width + ' 110', role: 'img' });
    const start = steps.length ? Date.parse(steps[0].at) : NaN;
    if (steps.length > 1) {
      picture.appendChild(svg('line', { x1: gap / 2, y1: 30, x2: gap / 2 + gap * (steps.length - 1), y2: 30,
        stroke: '#d0d7de', 'stroke-width': 4 }));
    }
    steps.forEach((s, n) => {
      const x = gap / 2 + gap * n;
      const g = svg('g', { class: 'step ' + tone(s.state), 'data-state': s.state });
      g.appendChild(svg('title', {}, (s.service || '') + ': ' + (s.note || '')));
      g.appendChild(svg('circle', { cx: x, cy: 30, r: 12 }));
      g.appendChild(svg('text', { x, y: 62, 'text-anchor': 'middle', class: 'state' }, s.state));
      g.appendChild(svg('text', { x, y: 78, 'text-anchor': 'middle', class: 'meta' }, s.service || ''));
      const at = Date.parse(s.at);
      const since = n === 0 || isNaN(at) || isNaN(start) ? time(s.at) : '+' + (at - start) + ' ms';
      g.appendChild(svg('text', { x, y: 94, 'text-anchor': 'middle', class: 'meta' }, since));
      picture.appendChild(g);
    });
    $('timeline').replaceChildren(picture);
  }

  // --- plans ------------------------------------------------------------------------------------------------------

  /** Keeps the items of plans still waiting (and what was typed in them); adds new ones, drops decided ones. */
  function renderPlans(list) {
    const ul = $('plans');
    const waiting = new Map((list || []).map((p) => [p.planId, p]));
    for (const li of [...ul.children]) {
      if (!waiting.has(li.dataset.planId)) li.remove();
    }
    const shown = new Set([...ul.children].map((li) => li.dataset.planId));
    for (const p of waiting.values()) {
      if (!shown.has(p.planId)) ul.appendChild(planItem(p));
    }
    $('plans-empty').hidden = waiting.size > 0;
  }

  function planItem(p) {
    const r = p.resource || {};
    const c = p.classification || {};
    const reason = el('input', { type: 'text', placeholder: 'reason (needed to reject)', 'aria-label': 'reason' });
    const result = el('p', { class: 'error' });
    const approve = el('button', { type: 'button', class: 'approve' }, 'Approve');
    const reject = el('button', { type: 'button', class: 'reject' }, 'Reject');
    const li = el('li', { 'data-plan-id': p.planId, 'data-resource': r.name },
      el('div', { class: 'what' }, (r.type || '') + ' ' + (r.name || '') + ' — ' + (p.strategy || '') + ' (' + (c.kind || '?') + ')'),
      el('div', { class: 'actions' }, (p.actions || []).map((a) => a.action + (a.description ? ': ' + a.description : '')).join(' · ')),
      el('div', { class: 'why' }, 'waiting because: ' + ((p.approval && p.approval.reasons) || []).join('; ')),
      el('div', {}, reason, approve, ' ', reject),
      result);
    const decide = async (decision) => {
      const why = reason.value.trim();
      if (decision === 'reject' && !why) {
        result.textContent = 'Say why you reject it.';
        return;
      }
      approve.disabled = reject.disabled = true;
      try {
        await call('POST', '/api/plans/' + encodeURIComponent(p.planId) + '/' + decision,
          { reason: why || 'approved on the dashboard' });
        li.remove();
        $('plans-empty').hidden = $('plans').children.length > 0;
      } catch (e) {
        if (!(e instanceof AuthError)) result.textContent = e.message;
        approve.disabled = reject.disabled = false;
      }
    };
    approve.addEventListener('click', () => decide('approve'));
    reject.addEventListener('click', () => decide('reject'));
    return li;
  }

  // --- dead letters -----------------------------------------------------------------------------------------------

  function refreshDlq() {
    return call('GET', '/api/dlq/depths').then(renderDlq);
  }

  function renderDlq(listing) {
    const rows = ((listing && listing.queues) || []).map((q) => {
      const replay = el('button', { type: 'button', class: 'replay', 'data-queue': q.queue }, 'Replay');
      replay.disabled = !q.depth;
      replay.addEventListener('click', () => replayQueue(q.queue, replay));
      return el('tr', { 'data-queue': q.queue, 'data-depth': q.depth },
        el('td', {}, q.queue), el('td', {}, String(q.depth)), el('td', {}, replay));
    });
    $('dlq').tBodies[0].replaceChildren(...rows);
  }

  async function replayQueue(queue, button) {
    button.disabled = true;
    replaying = true;
    try {
      const report = await call('POST', '/api/dlq/replay', { queue });
      $('dlq-result').textContent = queue + ': replayed ' + report.replayed + ' of ' + report.matched
        + (report.failed ? ', ' + report.failed + ' failed: ' + (report.errors || []).join('; ') : '')
        + (report.matched ? '' : ' (a listing running elsewhere may hold them for a few seconds: try again)');
    } catch (e) {
      if (!(e instanceof AuthError)) $('dlq-result').textContent = queue + ': ' + e.message;
    } finally {
      replaying = false;
    }
    refreshDlq().catch(() => {});
  }

  // --- resources --------------------------------------------------------------------------------------------------

  function renderStatus(status) {
    const counts = Object.entries((status && status.counts) || {}).map(([k, v]) => v + ' ' + k).join(', ');
    $('status-counts').textContent = counts;
    const byPhase = new Map();
    for (const r of (status && status.resources) || []) {
      if (!byPhase.has(r.phase)) byPhase.set(r.phase, []);
      byPhase.get(r.phase).push(r);
    }
    const blocks = [...byPhase.entries()].map(([phase, resources]) => el('div', { class: 'phase', 'data-phase': phase },
      el('h3', {}, 'phase ' + phase),
      el('table', {}, el('tbody', {}, ...resources.map((r) => el('tr', { 'data-resource': r.name, 'data-drift': r.drift },
        el('td', {}, r.logicalId), el('td', {}, r.type), el('td', {}, r.name),
        el('td', {}, badge(r.drift)), el('td', {}, badge(r.watch)), el('td', {}, r.mode || ''),
        el('td', { class: 'diff' }, r.error ? r.error : (r.diff || []).map((d) => d.path + ': ' + d.actual + ' → ' + d.desired).join('; ')),
        el('td', {}, r.openIncident ? 'incident ' + r.openIncident : '')))))));
    $('status').replaceChildren(...blocks);
  }

  // --- start ------------------------------------------------------------------------------------------------------

  document.addEventListener('DOMContentLoaded', () => {
    $('signin-form').addEventListener('submit', signIn);
    $('signout').addEventListener('click', () => signOut(''));
    if (sessionStorage.getItem(TOKEN_KEY)) showApp();
  });
})();
