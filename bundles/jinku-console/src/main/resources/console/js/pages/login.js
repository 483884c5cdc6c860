// 登录: POST /session; the API sets the HttpOnly session cookie and answers the CSRF token for writes.
import { api, setSession } from '../api.js';
import { h, fill } from '../dom.js';
import { takeLoginMessage } from '../ui.js';

let target = '';

/** The page asked for before login, to return to after it. */
export function rememberTarget(hash) {
  target = hash && !hash.startsWith('#/login') ? hash : '';
}

const REASONS = {
  NOT_AUTHENTICATED: '用户名或密码错误',
  ACCOUNT_LOCKED: '账户已锁定',
};

export function render(main) {
  setSession(null);
  document.getElementById('topbar').hidden = true;
  const message = takeLoginMessage();
  const error = h('div', { id: 'login-error', class: 'login-error', role: 'alert', hidden: !message }, message);
  const name = h('input', { id: 'login-name', name: 'name', autocomplete: 'username', required: true, maxlength: 64 });
  const password = h('input', { id: 'login-password', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { id: 'login-submit', type: 'submit', class: 'primary wide' }, '登 录');
  const form = h('form', { id: 'login-form', class: 'login-card', novalidate: true },
    h('div', { class: 'login-title' }, h('span', { class: 'brand-mark big' }, '库'),
      h('div', {}, h('h1', {}, '金库 电子凭证库'), h('p', {}, '国库集中支付电子化管理 · 操作台'))),
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, '用户名'), name),
    h('label', { class: 'field' }, h('span', { class: 'field-label' }, '密码'), password),
    error, submit,
    h('p', { class: 'login-note' }, '连续 5 次密码错误将锁定账户；空闲超时自动退出。签章时另需输入本人证书 PIN。'));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    submit.disabled = true;
    error.hidden = true;
    try {
      const s = await api.post('/session', { name: name.value.trim(), password: password.value }, { quiet401: true });
      setSession(s);
      const next = target || '#/dashboard';
      target = '';
      location.hash = next;
    } catch (e) {
      const reason = REASONS[e.code] || '登录失败';
      fill(error, `${reason}（${e.code}）`, e.message && e.message !== e.code ? `：${e.message}` : '');
      error.hidden = false;
      password.value = '';
      password.focus();
    } finally {
      submit.disabled = false;
    }
  });
  fill(main, h('div', { class: 'login-wrap' }, form));
  name.focus();
}
