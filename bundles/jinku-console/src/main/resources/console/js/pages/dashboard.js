// 概览: one card per node — vouchers per status code, recent refusals (拒收记录), certificates due (证书到期提醒).
import { api } from '../api.js';
import { h, fill } from '../dom.js';
import { myNodes } from '../data.js';
import { status as statusText, dateTime, nodeLabel, ROLE_TEXT } from '../format.js';
import { explain } from '../ui.js';

export async function render(main) {
  const nodes = await myNodes();
  const board = h('div', { id: 'dashboard', class: 'cards' });
  fill(main, h('div', { class: 'page-head' }, h('h2', {}, '各节点概览'),
    h('p', { class: 'sub' }, '每个节点的凭证状态统计、最近拒收记录与证书到期提醒。点击状态数可查询对应凭证。')), board);
  if (nodes.length === 0) {
    board.append(h('p', { class: 'empty' }, '当前账户未在任何节点任职。'));
    return;
  }
  for (const n of nodes) board.append(card(n));
}

function card(n) {
  const counts = h('div', { class: 'card-section' }, h('p', { class: 'loading' }, '加载中…'));
  const rejections = h('div', { class: 'card-section' });
  const certs = h('div', { class: 'card-section' });
  const el = h('section', { class: 'node-card', 'data-node': n.name },
    h('header', {}, h('h3', {}, nodeLabel(n.name, n.role)), h('span', { class: 'tag' }, ROLE_TEXT[n.role] || n.role),
      h('span', { class: 'muted' }, `地址 ${n.address}`)),
    h('h4', {}, '凭证状态'), counts,
    h('h4', {}, '最近拒收'), rejections,
    h('h4', {}, '证书提醒'), certs);
  load(n, counts, rejections, certs);
  return el;
}

function denied(section, e) {
  fill(section, h('p', { class: e.status === 403 ? 'muted' : 'error' }, e.status === 403 ? `无权查看（${e.code}）` : explain(e)));
}

async function load(n, counts, rejections, certs) {
  const base = `/nodes/${encodeURIComponent(n.name)}`;
  api.get(`${base}/status-counts`).then((c) => {
    const codes = Object.keys(c).map(Number).sort((a, b) => a - b);
    const total = codes.reduce((s, k) => s + c[k], 0);
    fill(counts, codes.length === 0 ? h('p', { class: 'muted' }, '暂无发出的凭证')
      : h('table', { class: 'counts' }, h('tbody', {},
        codes.map((k) => h('tr', { class: `st-${k}`, 'data-status': k },
          h('td', { class: 'code' }, h('span', { class: `badge st st-${k}` }, String(k))),
          h('td', {}, statusText(k).replace(/^-?\d+ /, '')),
          h('td', { class: 'num' }, h('a', { href: `#/search?node=${encodeURIComponent(n.name)}&status=${k}` }, String(c[k]))))),
        h('tr', { class: 'total' }, h('td', {}), h('td', {}, '合计'), h('td', { class: 'num' }, String(total))))));
  }).catch((e) => denied(counts, e));
  api.get(`${base}/rejections?limit=5`).then((list) => {
    fill(rejections, list.length === 0 ? h('p', { class: 'muted' }, '无')
      : h('ul', { class: 'rejections' }, list.map((r) => h('li', {},
        h('span', { class: 'badge warn' }, r.code), ' ',
        r.voucherKey ? h('a', { href: `#/voucher/${n.name}/${r.voucherKey}` }, r.voucherKey) : h('span', { class: 'muted' }, '（无凭证号）'),
        h('div', { class: 'small' }, dateTime(r.at), ' · 来自 ', r.source || '-', ' · ', r.reason || '')))));
  }).catch((e) => denied(rejections, e));
  api.get(`${base}/certificates`).then((list) => {
    const due = list.filter((c) => c.warning);
    fill(certs, due.length === 0 ? h('p', { class: 'ok' }, `${list.length} 张证书，均无到期或吊销提醒`)
      : h('ul', { class: 'warnings' }, due.map((c) => h('li', { class: c.revoked ? 'error' : 'warn' },
        h('strong', {}, c.holder), ` 序列号 ${c.serial}：`, c.warning))));
  }).catch((e) => denied(certs, e));
}
