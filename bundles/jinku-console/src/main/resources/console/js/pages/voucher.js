// 凭证详情 #/voucher/{node}/{key}[?flag=1]: the paper form, signatures and seals, status per destination, the timeline
// across every party of the box, and the history-chain check.
import { api, keyPath, postsByNode } from '../api.js';
import { h, fill, table, emptyRow } from '../dom.js';
import { types } from '../data.js';
import { paper } from '../paper.js';
import { yuan, status, state, dateTime, nodeLabel, NODE_TEXT } from '../format.js';
import { failed, toast } from '../ui.js';

const EVENT_TEXT = {
  SUBMITTED: '录入提交', SIGNED: '签名', STAMPED: '盖章', STAMP_CANCELLED: '撤销签章', QUEUED: '待发送', SENT: '已发送',
  RESENT: '补发', RECEIVED: '接收', DUPLICATE: '重复到达', ACCEPTED: '签收', REFUSED: '签收失败', RETURNED: '退回',
  REPLIED: '回单已发', RECEIPT: '收到回单', RECEIPT_SIGNED: '回单签章', RECEIPT_REFUSED: '回单签收失败',
  RECEIPT_RETURNED: '回单退回', RECEIPT_REJECTED: '回单拒收', RECEIPT_CORRECTED: '回单更正', VOIDED: '作废',
  READ_BY_HOST: '业务系统读取', PRINTED: '打印', ACK_RECEIVED: '对方接收', ACK_ACCEPTED: '对方签收',
  ACK_REFUSED: '对方签收失败', ACK_RETURNED: '对方退回', ACK_RECEIVE_FAILED: '对方接收失败',
};

function eventText(kind) {
  if (EVENT_TEXT[kind]) return EVENT_TEXT[kind];
  if (kind && kind.startsWith('ACK_')) return `对方应答 ${kind.slice(4)}`;
  return kind;
}

export async function render(main, args, query) {
  const node = args[0];
  const key = args.slice(1).join('/');
  if (!node || key.split('/').length !== 4) {
    fill(main, h('p', { class: 'error' }, '凭证地址应为 #/voucher/{节点}/{行政区划}/{年度}/{类型}/{凭证号}'));
    return;
  }
  const base = `/nodes/${encodeURIComponent(node)}/vouchers/${keyPath(key)}`;
  const [cat, v0, v1] = await Promise.all([types(), api.get(`${base}?flag=0`).catch(notFound), api.get(`${base}?flag=1`).catch(notFound)]);
  if (!v0 && !v1) {
    fill(main, h('p', { class: 'error' }, `节点 ${node} 没有凭证 ${key}`));
    toast(`UNKNOWN_VOUCHER: 节点 ${node} 没有凭证 ${key}`);
    return;
  }
  const flag = query.get('flag') === '1' && v1 ? 1 : (v0 ? 0 : 1);
  const view = flag === 1 ? v1 : v0;
  const type = cat[key.split('/')[2]];
  const [content, stamps] = await Promise.all([
    api.get(`${base}/content?flag=${flag}`),
    api.get(`${base}/stamps?flag=${flag}`).then((s) => s.stamps || {}).catch(() => ({})),
  ]);

  const head = h('div', { class: 'page-head voucher-head' },
    h('div', {},
      h('h2', {}, type ? type.name : key.split('/')[2], ' ', h('span', { class: 'mono' }, key)),
      h('p', { class: 'sub' }, `${nodeLabel(node)} · ${view.direction === 'OUT' ? '本方发出' : '收自'} `,
        view.peer ? h('b', {}, NODE_TEXT[view.peer] ? `${NODE_TEXT[view.peer]} ${view.peer}` : view.peer) : '',
        ` · 第 ${view.version} 版 · 金额 ${yuan(view.payAmt)}`)),
    h('div', { class: 'status-box' },
      h('div', { class: 'status-label' }, '状态码'),
      h('div', { id: 'voucher-status-code', class: `status-code st-${view.status}` }, String(view.status)),
      h('div', { class: 'status-text' }, view.statusText || status(view.status)),
      h('div', { class: 'state' }, state(view.state), view.reason ? h('div', { class: 'reason' }, `原因：${view.reason}`) : null)));
  const tabs = h('div', { class: 'tabs' },
    h('a', { href: `#/voucher/${node}/${key}`, class: flag === 0 ? 'active' : '', hidden: !v0 }, '凭证'),
    h('a', { href: `#/voucher/${node}/${key}?flag=1`, class: flag === 1 ? 'active' : '', hidden: !v1 }, '回单'),
    v1 ? null : h('span', { class: 'muted' }, '（尚无回单）'));

  const signPanel = signForm(node, key, view, type, base);
  const paperEl = type ? paper(type, content, flag, view, stamps) : h('pre', { id: 'voucher-paper' }, JSON.stringify(content, null, 2));
  const sigs = h('section', { class: 'panel' }, h('h3', {}, '签名与签章'), signatures(view, stamps, type, flag));
  const deliveries = h('section', { class: 'panel' }, h('h3', {}, '各去向状态'), statusTable(v0, v1));
  const check = h('section', { class: 'panel' }, h('h3', {}, '历史链校验'), h('div', { id: 'history-check', class: 'check pending' }, '校验中…'));
  const timeline = h('section', { class: 'panel wide' }, h('h3', {}, '全程轨迹（各方事件按时间合并）'), h('div', { id: 'voucher-timeline' }, h('p', { class: 'loading' }, '加载中…')));

  fill(main, head, tabs, h('div', { class: 'voucher-layout' },
    h('div', { class: 'paper-col' }, paperEl, signPanel),
    h('div', { class: 'side-col' }, deliveries, check, sigs)), timeline);

  api.get(`${base}/history-check`).then((r) => {
    const el = document.getElementById('history-check');
    el.className = `check ${r.intact ? 'ok' : 'broken'}`;
    fill(el, r.intact ? '链完整' : '链已损坏', h('small', {}, r.intact ? '　本节点该凭证及回单的事件哈希链（SM3）逐条校验通过，链头签名相符'
      : '　事件被删除、篡改或重排，请立即报告安全管理员'));
  }).catch((e) => {
    fill(document.getElementById('history-check'), '无法校验');
    failed(e);
  });
  api.get(`/console/timeline?key=${encodeURIComponent(key)}`).then((t) => {
    fill(document.getElementById('voucher-timeline'), timelineTable(t));
  }).catch((e) => {
    fill(document.getElementById('voucher-timeline'), h('p', { class: 'muted' }, `无法加载轨迹（${e.code}）`));
    failed(e);
  });
}

function notFound(e) {
  if (e.status === 404) return null;
  throw e;
}

function signatures(view, stamps, type, flag) {
  const positions = type ? (flag ? type.receiptPositions : type.senderPositions) : [];
  const labelOf = (no) => (positions.find((p) => p.no === no) || {}).label || no;
  const rows = (view.signatures || []).map((s) => h('tr', { 'data-position': s.position },
    h('td', {}, labelOf(s.position), h('div', { class: 'small muted' }, s.position)),
    h('td', {}, s.userId || s.signer || ''),
    h('td', { class: 'mono small' }, s.certSerial || ''),
    h('td', { class: 'small' }, dateTime(s.at)),
    h('td', {}, stamps[s.position] ? h('img', { class: 'seal-thumb', alt: stamps[s.position], title: stamps[s.position], src: `/jinku/api/console/seal-images/${encodeURIComponent(stamps[s.position])}` }) : h('span', { class: 'muted' }, '—'))));
  return table({ id: 'voucher-signatures' }, ['位置', '签名人', '证书序列号', '时间', '印章'], rows.length ? rows : [emptyRow(5, '尚无签名')]);
}

function statusTable(v0, v1) {
  const rows = [];
  for (const [what, v] of [['凭证', v0], ['回单', v1]]) {
    if (!v) continue;
    const d = Object.entries(v.deliveries || {});
    if (d.length === 0) rows.push(h('tr', {}, h('td', {}, what), h('td', {}, '—'), h('td', {}, h('span', { class: `badge st st-${v.status}` }, String(v.status)), ' ', v.statusText || '')));
    for (const [dest, s] of d) {
      rows.push(h('tr', { 'data-destination': dest, 'data-flag': v.voucherFlag },
        h('td', {}, what), h('td', {}, NODE_TEXT[dest] ? `${NODE_TEXT[dest]} ${dest}` : dest),
        h('td', {}, h('span', { class: `badge st st-${s.status}` }, String(s.status)), ' ', s.statusText || status(s.status))));
    }
  }
  return table({ id: 'voucher-status' }, ['', '去向', '状态'], rows);
}

function timelineTable(t) {
  const held = Object.entries(t.nodes || {}).map(([n, x]) => h('span', { class: 'held' }, h('b', {}, nodeLabel(n, x.role)), '：',
    x.voucher ? `${state(x.voucher.state)}（${x.voucher.status}）` : '', x.receipt ? ` 回单 ${state(x.receipt.state)}（${x.receipt.status}）` : ''));
  const rows = (t.events || []).map((e) => h('tr', { class: `tl-row node-${e.node}`, 'data-node': e.node, 'data-event': e.kind },
    h('td', { class: 'small' }, dateTime(e.at)),
    h('td', {}, h('span', { class: `node-pill node-${e.node}` }, nodeLabel(e.node, e.role))),
    h('td', {}, e.voucherFlag ? h('span', { class: 'tag' }, '回单') : '凭证'),
    h('td', {}, eventText(e.kind), h('div', { class: 'small muted' }, e.kind)),
    h('td', {}, e.actor || ''),
    h('td', { class: 'small detail' }, e.detail || '')));
  return [h('div', { class: 'held-list' }, held),
    table({ class: 'grid timeline' }, ['时间', '节点', '种类', '事件', '操作人', '说明'], rows.length ? rows : [emptyRow(6, '无事件')])];
}

/** 签章: shown when the voucher waits at this node for a post the account holds. */
function signForm(node, key, view, type, base) {
  if (!type || view.voucherFlag !== 0 || view.direction !== 'OUT' || !['DRAFT', 'SIGNING'].includes(view.state)) return null;
  const done = new Set((view.signatures || []).map((s) => s.position));
  const next = type.senderPositions.find((p) => !done.has(p.no));
  const posts = postsByNode()[node] || [];
  if (!next || !posts.includes(next.post.toLowerCase())) return null;
  const pin = h('input', { id: 'voucher-pin', type: 'password', autocomplete: 'off', inputmode: 'numeric', placeholder: '本人证书 PIN' });
  const button = h('button', { id: 'voucher-sign', type: 'submit', class: 'primary' }, `以本人身份签章（${next.label}）`);
  const form = h('form', { class: 'panel sign-panel' }, h('h3', {}, '待我签章'), h('div', { class: 'inline' }, pin, button));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    button.disabled = true;
    try {
      const v = await api.post(`${base}/signatures`, { pin: pin.value });
      pin.value = '';
      toast(`已签章：${v.key} 状态 ${v.status} ${v.statusText}`, 'info');
      window.dispatchEvent(new HashChangeEvent('hashchange'));
    } catch (e) {
      failed(e);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}
