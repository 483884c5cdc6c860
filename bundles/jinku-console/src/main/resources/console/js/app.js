// The console's shell: session, top bar, hash routes (#/dashboard, #/voucher/{node}/{key}, …) and the toast.
import { api, getSession, setSession, whenUnauthorized, hasAny } from './api.js';
import { $, fill } from './dom.js';
import { roleLabel } from './format.js';
import { toast, explain, setLoginMessage } from './ui.js';
import { forget } from './data.js';
import * as login from './pages/login.js';
import * as dashboard from './pages/dashboard.js';
import * as search from './pages/search.js';
import * as voucher from './pages/voucher.js';
import * as newVoucher from './pages/new.js';
import * as work from './pages/work.js';
import * as trust from './pages/trust.js';
import * as audit from './pages/audit.js';
import * as faults from './pages/faults.js';
import * as reports from './pages/reports.js';

const ROUTES = {
  login, dashboard, search, voucher, new: newVoucher, work, trust, audit, faults, reports,
};

/** Which roles a nav link is meant for; the others see it dimmed (the API decides, the console only guides). */
const NAV_ROLES = {
  'nav-search': ['operator', 'entry@*', 'review@*', 'seal@*', 'auditor', 'sysadmin', 'tester'],
  'nav-new': ['entry@*'],
  'nav-work': ['entry@*', 'review@*', 'seal@*'],
  'nav-trust': ['secadmin', 'auditor', 'sysadmin', 'entry@*', 'review@*', 'seal@*'],
  'nav-audit': ['auditor', 'secadmin'],
  'nav-faults': ['tester'],
  'nav-reports': ['tester', 'auditor'],
};

let cleanup = null;

function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const [path, query] = raw.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { page: parts[0] || 'dashboard', args: parts.slice(1), query: new URLSearchParams(query || '') };
}

function showTopbar() {
  const s = getSession();
  $('#topbar').hidden = !s;
  if (!s) return;
  $('#whoami').textContent = s.name;
  $('#whoami-roles').textContent = s.roles.filter((r) => !['operator', 'ssh', 'viewer', 'admin', 'manager', 'systembundles'].includes(r))
    .map(roleLabel).join('、');
  for (const [id, roles] of Object.entries(NAV_ROLES)) {
    document.getElementById(id).classList.toggle('nav-off', !hasAny(...roles));
  }
}

async function route() {
  if (cleanup) {
    try { cleanup(); } catch (e) { /* a page's timers only */ }
    cleanup = null;
  }
  const { page, args, query } = parseHash();
  const main = $('#main');
  if (!getSession() && page !== 'login') {
    location.hash = '#/login';
    return;
  }
  showTopbar();
  for (const a of document.querySelectorAll('#nav a')) {
    a.classList.toggle('active', a.getAttribute('href') === `#/${page}`);
  }
  const mod = ROUTES[page];
  if (!mod) {
    fill(main, '没有这个页面: ', page);
    return;
  }
  main.className = `page-${page}`;
  fill(main);
  try {
    const c = await mod.render(main, args, query);
    if (typeof c === 'function') cleanup = c;
  } catch (e) {
    if (e && e.status === 401) return;
    toast(explain(e));
  }
}

whenUnauthorized((err) => {
  forget();
  setLoginMessage(`会话已失效或未登录，请重新登录（${err.code}: ${err.message}）`);
  if (!location.hash.startsWith('#/login')) location.hash = '#/login';
  else route();
});

async function logout() {
  try {
    await api.del('/session', { quiet401: true });
  } catch (e) {
    /* gone already */
  }
  setSession(null);
  forget();
  setLoginMessage('已退出登录');
  location.hash = '#/login';
}

async function boot() {
  $('#logout').addEventListener('click', logout);
  $('#toast').addEventListener('click', () => { $('#toast').hidden = true; });
  window.addEventListener('hashchange', route);
  try {
    setSession(await api.get('/session', { quiet401: true }));
  } catch (e) {
    setSession(null);
  }
  if (!getSession()) {
    if (!location.hash.startsWith('#/login')) {
      login.rememberTarget(location.hash);
      location.hash = '#/login';
      return;
    }
  } else if (!location.hash || location.hash === '#/' || location.hash.startsWith('#/login')) {
    location.hash = '#/dashboard';
    return;
  }
  route();
}

boot();
