// 审计日志 (auditor, security administrator): the append-only, hash-chained audit trail, filtered, and its check.
import { api } from '../api.js';
import { h, fill, field, table, emptyRow } from '../dom.js';
import { dateTime } from '../format.js';
import { failed } from '../ui.js';

const CHANNEL = { rest: '接口', console: '操作台', shell: '命令行', soap: 'SOAP', ssh: 'SSH', config: '配置', system: '系统' };
const PAGE = 100;

export async function render(main, args, query) {
  const actor = h('input', { id: 'audit-actor', value: query.get('actor') || '', placeholder: '账户名' });
  const text = h('input', { id: 'audit-text', value: query.get('text') || '', placeholder: '动作、对象或说明中的文字' });
  const from = h('input', { id: 'audit-from', type: 'date', value: query.get('from') || '' });
  const to = h('input', { id: 'audit-to', type: 'date', value: query.get('to') || '' });
  const offset = Number(query.get('offset') || 0);
  const go = h('button', { id: 'audit-search', type: 'submit', class: 'primary' }, '查询');
  const verify = h('button', { id: 'audit-verify', type: 'button', class: 'secondary' }, '校验哈希链');
  const verifyResult = h('div', { id: 'audit-verify-result', class: 'check' });
  const results = h('div', {});
  const form = h('form', { class: 'filters' }, field('操作人', actor), field('包含文字', text), field('起始日期', from), field('截止日期', to),
    h('div', { class: 'actions' }, go, verify));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams();
    for (const [k, el] of Object.entries({ actor, text, from, to })) if (el.value.trim()) p.set(k, el.value.trim());
    location.hash = `#/audit?${p}`;
  });
  verify.addEventListener('click', async () => {
    verify.disabled = true;
    fill(verifyResult, '校验中…');
    verifyResult.className = 'check pending';
    try {
      const r = await api.get('/audit/verify');
      verifyResult.className = `check ${r.intact ? 'ok' : 'broken'}`;
      fill(verifyResult, r.intact ? `链完整：共 ${r.entries} 条记录，逐条 SM3 哈希校验通过` : `链已损坏：共 ${r.entries} 条记录，发现 ${r.problems.length} 处问题`,
        r.problems && r.problems.length ? h('ul', {}, r.problems.slice(0, 50).map((p) => h('li', {}, p))) : null);
    } catch (e) {
      fill(verifyResult);
      failed(e);
    } finally {
      verify.disabled = false;
    }
  });
  fill(main, h('div', { class: 'page-head' }, h('h2', {}, '审计日志'),
    h('p', { class: 'sub' }, '登录（成功与失败）、每个操作及配置变更均记入只可追加的哈希链日志，最新在前。')), form, verifyResult, results);

  const p = new URLSearchParams();
  if (actor.value) p.set('actor', actor.value);
  if (text.value) p.set('text', text.value);
  // dates as days of the box's zone; the API takes the whole of the last day
  if (from.value) p.set('from', from.value);
  if (to.value) p.set('to', to.value);
  p.set('offset', String(offset));
  p.set('limit', String(PAGE));
  try {
    const r = await api.get(`/audit?${p}`);
    const entries = Array.isArray(r) ? r : (r.entries || []);
    const total = Array.isArray(r) ? null : (r.total ?? r.size);
    const rows = entries.map((e) => h('tr', { class: `audit-row ${/^(DENIED|FAILED)/.test(e.outcome || '') ? 'bad' : ''}`, 'data-seq': e.seq },
      h('td', { class: 'num' }, String(e.seq)),
      h('td', { class: 'small' }, dateTime(e.at)),
      h('td', { class: 'actor' }, e.actor),
      h('td', { class: 'channel' }, CHANNEL[e.channel] || e.channel),
      h('td', { class: 'action' }, e.action),
      h('td', { class: 'target small' }, e.target || ''),
      h('td', { class: 'outcome' }, e.outcome),
      h('td', { class: 'detail small' }, e.detail || '')));
    const nav = (delta, label) => {
      const q = new URLSearchParams(query);
      q.set('offset', String(Math.max(0, offset + delta)));
      return h('a', { class: 'button secondary small', href: `#/audit?${q}` }, label);
    };
    fill(results, table({ id: 'audit-table' }, ['序号', '时间', '操作人', '渠道', '动作', '对象', '结果', '说明'],
      rows.length ? rows : [emptyRow(8, '没有符合条件的记录')]),
    h('div', { class: 'pager' }, offset > 0 ? nav(-PAGE, '上一页') : null,
      h('span', { class: 'muted' }, `第 ${offset + 1}–${offset + entries.length} 条${total != null ? ` / 共 ${total} 条` : ''}`),
      entries.length === PAGE ? nav(PAGE, '下一页') : null));
  } catch (e) {
    fill(results, table({ id: 'audit-table' }, ['序号'], [emptyRow(1, `无法查看（${e.code}）`)]));
    failed(e);
  }
}
