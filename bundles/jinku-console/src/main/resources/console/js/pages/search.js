// 凭证查询: by key, type (VtCode), date range, amount range, status and party, at one node.
import { api } from '../api.js';
import { h, fill, select, field, table, emptyRow } from '../dom.js';
import { myNodes, types } from '../data.js';
import { yuan, status, state, dateTime, nodeLabel, STATUS_TEXT, STATE_TEXT } from '../format.js';
import { failed } from '../ui.js';

export async function render(main, args, query) {
  const [nodes, cat] = await Promise.all([myNodes(), types()]);
  if (nodes.length === 0) {
    fill(main, h('p', { class: 'empty' }, '当前账户未在任何节点任职，无可查询的节点。'));
    return;
  }
  const q = (k) => query.get(k) || '';
  const node = select({ id: 'search-node' }, nodes.map((n) => [n.name, nodeLabel(n.name, n.role)]), q('node') || nodes[0].name);
  const key = h('input', { id: 'search-key', value: q('key'), placeholder: '如 210000/2026/5201/EX-0001 或凭证号片段' });
  const type = select({ id: 'search-type' }, [['', '全部类型'], ...Object.values(cat).map((t) => [t.vtCode, `${t.vtCode} ${t.name}`])], q('type'));
  const from = h('input', { id: 'search-from', type: 'date', value: q('from') });
  const to = h('input', { id: 'search-to', type: 'date', value: q('to') });
  const min = h('input', { id: 'search-min', inputmode: 'decimal', value: q('min'), placeholder: '0.00' });
  const max = h('input', { id: 'search-max', inputmode: 'decimal', value: q('max'), placeholder: '不限' });
  const statuses = [['', '全部状态'],
    ...Object.entries(STATUS_TEXT).sort((a, b) => a[0] - b[0]).map(([c, t]) => [c, `${c} ${t}`]),
    ...Object.entries(STATE_TEXT).map(([s, t]) => [s, `${t}（${s}）`])];
  const st = select({ id: 'search-status' }, statuses, q('status'));
  const peer = select({ id: 'search-peer' }, [['', '全部对方'], ...(await allNodes()).map((n) => [n.name, nodeLabel(n.name, n.role)])], q('peer'));
  const flag = select({ id: 'search-flag' }, [['', '凭证与回单'], ['0', '仅凭证'], ['1', '仅回单']], q('flag'));
  const submit = h('button', { id: 'search-submit', type: 'submit', class: 'primary' }, '查询');
  const results = h('div', { id: 'search-results' });
  const form = h('form', { id: 'search-form', class: 'filters' },
    field('节点', node), field('凭证号 / 主键', key), field('凭证类型', type), field('起始日期', from), field('截止日期', to),
    field('金额下限', min), field('金额上限', max), field('状态', st), field('对方', peer), field('种类', flag),
    h('div', { class: 'actions' }, submit));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const p = new URLSearchParams();
    for (const [k, el] of Object.entries({ node, key, type, from, to, min, max, status: st, peer, flag })) {
      if (el.value) p.set(k, el.value.trim());
    }
    const target = `#/search?${p}`;
    if (location.hash === target) run(p, results);
    else location.hash = target;
  });
  fill(main, h('div', { class: 'page-head' }, h('h2', {}, '凭证查询'),
    h('p', { class: 'sub' }, '在所选节点最近的凭证中按条件筛选（日期为入库日期，金额为凭证总金额）。')), form, results);
  if ([...query.keys()].length > 0) run(query, results);
}

let nodesAll = null;
async function allNodes() {
  if (!nodesAll) nodesAll = api.get('/nodes').catch(() => []);
  return nodesAll;
}

async function run(query, results) {
  const node = query.get('node');
  const p = new URLSearchParams(query);
  p.delete('node');
  p.set('limit', '500');
  fill(results, h('p', { class: 'loading' }, '查询中…'));
  try {
    const r = await api.get(`/console/search/${encodeURIComponent(node)}?${p}`);
    const rows = r.vouchers.map((v) => h('tr', { class: 'clickable', 'data-key': v.key, 'data-flag': v.voucherFlag,
      onclick: () => { location.hash = `#/voucher/${v.node}/${v.key}${v.voucherFlag ? '?flag=1' : ''}`; } },
    h('td', {}, h('a', { href: `#/voucher/${v.node}/${v.key}${v.voucherFlag ? '?flag=1' : ''}` }, v.key)),
    h('td', {}, v.vtCode, ' ', h('span', { class: 'muted' }, v.typeName || '')),
    h('td', {}, v.voucherFlag ? h('span', { class: 'tag' }, '回单') : '凭证'),
    h('td', {}, v.direction === 'OUT' ? '发出' : '收到'),
    h('td', {}, v.peer || ''),
    h('td', { class: 'num' }, yuan(v.payAmt)),
    h('td', {}, h('span', { class: `badge st st-${v.status}` }, String(v.status)), ' ', status(v.status, v.statusText).replace(/^-?\d+ /, '')),
    h('td', {}, state(v.state)),
    h('td', {}, dateTime(v.created))));
    fill(results,
      h('p', { class: 'summary' }, `共 ${r.vouchers.length} 条`, r.vouchers.length >= 500 ? '（仅显示前 500 条，请缩小条件）' : '',
        ` · 已检索 ${r.scanned} 条`, r.complete ? '' : '（节点凭证较多，仅检索了最近的部分）'),
      table({ id: 'search-table' }, ['凭证主键', '类型', '种类', '方向', '对方', '金额', '状态', '本方状态', '入库时间'],
        rows.length ? rows : [emptyRow(9, '没有符合条件的凭证')]));
  } catch (e) {
    fill(results);
    failed(e);
  }
}
