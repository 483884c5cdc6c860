// 证书与印章: a node's certificates (expiry, 挂失), its CRLs, and its e-seals through their life — 申请, 审批, 制作,
// 备案, 废止 (security administrators; others read).
import { api, hasAny } from '../api.js';
import { h, fill, select, field, table, emptyRow } from '../dom.js';
import { myNodes, types } from '../data.js';
import { dateTime, nodeLabel } from '../format.js';
import { failed, toast } from '../ui.js';

const SEAL_STATE = { APPLIED: '已申请', APPROVED: '已审批', MADE: '已制作', ACTIVE: '启用', CHANGED: '已变更', REVOKED: '已废止' };
const PREFIX = { FINANCE: 'cz_', PBOC: 'rh_', AGENT_BANK: 'yh_', BUDGET_UNIT: 'dw_' };

export async function render(main, args, query) {
  const [list, cat] = await Promise.all([myNodes(), types()]);
  if (list.length === 0) {
    fill(main, h('p', { class: 'empty' }, '无可查看的节点。'));
    return;
  }
  const node = select({ id: 'trust-node' }, list.map((n) => [n.name, nodeLabel(n.name, n.role)]), query.get('node') || list[0].name);
  const certs = h('div', {});
  const crls = h('div', {});
  const seals = h('div', {});
  const applyBox = h('div', {});
  const admin = hasAny('secadmin');
  node.addEventListener('change', () => { location.hash = `#/trust?node=${encodeURIComponent(node.value)}`; });
  fill(main, h('div', { class: 'page-head' }, h('h2', {}, '证书与电子印章'),
    h('p', { class: 'sub' }, admin ? '安全管理员可挂失证书、发布吊销列表，以及申请、审批、制作、备案和废止电子印章（审批人须与申请人不同）。'
      : '只读：证书与印章的变更由安全管理员办理。')),
  h('div', { class: 'filters' }, field('节点', node)),
  h('section', { class: 'panel' }, h('h3', {}, '签名证书'), certs),
  h('section', { class: 'panel' }, h('h3', {}, '电子印章'), seals, applyBox),
  h('section', { class: 'panel' }, h('h3', {}, '证书吊销列表（CRL）'), crls));

  const n = node.value;
  const base = `/nodes/${encodeURIComponent(n)}`;
  const role = (list.find((x) => x.name === n) || {}).role;

  async function loadCerts() {
    try {
      const c = await api.get(`${base}/certificates`);
      fill(certs, table({ id: 'cert-table' }, ['持有人', '序列号', '主题', '有效期至', '剩余天数', '提醒', ''],
        c.length ? c.map((x) => h('tr', { 'data-holder': x.holder, class: x.revoked ? 'revoked' : (x.warning ? 'warn' : '') },
          h('td', {}, x.holder === 'org' ? '机构（org）' : x.holder),
          h('td', { class: 'mono small' }, x.serial),
          h('td', { class: 'small' }, x.subject),
          h('td', { class: 'small' }, dateTime(x.notAfter)),
          h('td', { class: 'num' }, String(x.daysLeft)),
          h('td', {}, x.revoked ? h('span', { class: 'badge bad' }, '已吊销') : (x.warning ? h('span', { class: 'warn' }, x.warning) : h('span', { class: 'ok' }, '正常'))),
          h('td', {}, admin && !x.revoked ? h('button', { type: 'button', class: 'danger small', onclick: () => reportLost(x.holder) }, '挂失') : null)))
          : [emptyRow(7, '无证书')]));
    } catch (e) {
      fill(certs, h('p', { class: 'muted' }, `无法查看（${e.code}）`));
      if (e.status !== 403) failed(e);
    }
  }

  async function reportLost(holder) {
    if (!window.confirm(`确认挂失 ${n} 的 ${holder} 证书？证书将立即吊销，并向各方发送新的吊销列表。`)) return;
    try {
      await api.post(`${base}/certificates/report-lost`, { holder });
      toast(`已挂失 ${holder} 的证书`, 'info');
      loadCerts();
      loadCrls();
    } catch (e) {
      failed(e);
    }
  }

  async function loadCrls() {
    try {
      const c = await api.get(`${base}/crls`);
      const entries = Object.entries(c);
      fill(crls, h('ul', { class: 'plain' }, entries.length ? entries.map(([issuer, d]) => h('li', {}, h('span', { class: 'small mono' }, issuer), h('div', {}, d))) : h('li', { class: 'muted' }, '无')),
        admin ? h('button', { type: 'button', class: 'secondary', onclick: publish }, '立即发布本方 CRL') : null);
    } catch (e) {
      fill(crls, h('p', { class: 'muted' }, `无法查看（${e.code}）`));
    }
  }

  async function publish() {
    try {
      await api.post(`${base}/crls/publish`, {});
      toast('已向各方发布吊销列表', 'info');
      loadCrls();
    } catch (e) {
      failed(e);
    }
  }

  async function step(seal, action, body = {}) {
    try {
      const s = await api.post(`${base}/seals/${encodeURIComponent(seal.sealId)}/${action}`, body);
      toast(`印章 ${s.sealId}：${SEAL_STATE[s.state] || s.state}`, 'info');
      loadSeals();
    } catch (e) {
      failed(e);
    }
  }

  function actions(s) {
    if (!admin) return null;
    const b = (label, action, cls = 'secondary') => h('button', { type: 'button', class: `${cls} small`, 'data-action': action, onclick: () => step(s, action) }, label);
    const out = [];
    if (s.state === 'APPLIED') out.push(b('审批', 'approve'));
    if (s.state === 'APPROVED') out.push(b('制作', 'make'));
    if (s.state === 'MADE') out.push(b('备案', 'register'));
    if (!['REVOKED', 'CHANGED'].includes(s.state)) {
      out.push(h('button', { type: 'button', class: 'danger small', 'data-action': 'revoke', onclick: () => {
        const reason = window.prompt(`废止印章 ${s.sealId} 的原因：`);
        if (reason) step(s, 'revoke', { reason });
      } }, '废止'));
    }
    return out;
  }

  async function loadSeals() {
    try {
      const list2 = await api.get(`${base}/seals`);
      fill(seals, table({ id: 'seal-table' }, ['印模', '印章编号', '名称', '位置', '状态', '版本', '申请 / 审批 / 制作', '备案', '有效期至', '操作'],
        list2.length ? list2.map((s) => h('tr', { 'data-seal': s.sealId, 'data-state': s.state },
          h('td', {}, s.sealBase64 ? h('img', { class: 'seal-thumb', alt: s.name, src: `/jinku/api/console/seal-images/${encodeURIComponent(s.sealId)}` }) : h('span', { class: 'muted small' }, '制作后可见')),
          h('td', { class: 'mono small' }, s.sealId),
          h('td', {}, s.name),
          h('td', {}, s.position),
          h('td', {}, h('span', { class: `badge seal-${s.state}` }, SEAL_STATE[s.state] || s.state)),
          h('td', { class: 'num' }, String(s.version)),
          h('td', { class: 'small' }, [s.appliedBy, s.approvedBy, s.madeBy].map((x) => x || '—').join(' / ')),
          h('td', { class: 'small' }, Object.entries(s.registrations || {}).map(([p, st]) => h('div', {}, `${p}：${st}`))),
          h('td', { class: 'small' }, dateTime(s.validEnd)),
          h('td', { class: 'actions-cell' }, actions(s))))
          : [emptyRow(10, '尚无电子印章')]));
    } catch (e) {
      fill(seals, h('p', { class: 'muted' }, `无法查看（${e.code}）`));
      if (e.status !== 403) failed(e);
    }
  }

  function applyForm() {
    if (!admin) return;
    const prefix = PREFIX[role] || '';
    const positions = new Map();
    for (const t of Object.values(cat)) {
      for (const p of [...t.senderPositions, ...t.receiptPositions]) if (p.no.startsWith(prefix)) positions.set(p.no, p.label);
    }
    const name = h('input', { id: 'seal-name', maxlength: 64, placeholder: '如 转讫章、业务专用章' });
    const pos = select({ id: 'seal-position' }, [...positions].map(([no, l]) => [no, `${no} ${l}`]));
    const file = h('input', { id: 'seal-png', type: 'file', accept: 'image/png' });
    const go = h('button', { id: 'seal-apply', type: 'submit', class: 'primary' }, '申请印章');
    const form = h('form', { class: 'filters apply' }, h('h4', {}, '申请新印章'), field('名称', name), field('盖章位置', pos), field('印模图像（PNG，≤256KB）', file), h('div', { class: 'actions' }, go));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      const f = file.files[0];
      if (!f) {
        toast('INVALID_FIELD: 请选择印模 PNG 文件');
        return;
      }
      const pngBase64 = await new Promise((resolve, reject) => {
        const r = new FileReader();
        r.onload = () => resolve(String(r.result).replace(/^data:[^,]*,/, ''));
        r.onerror = () => reject(r.error);
        r.readAsDataURL(f);
      });
      try {
        const s = await api.post(`${base}/seals`, { name: name.value.trim(), position: pos.value, pngBase64 });
        toast(`已申请印章 ${s.sealId}，待另一名安全管理员审批`, 'info');
        form.reset();
        loadSeals();
      } catch (e) {
        failed(e);
      }
    });
    fill(applyBox, form);
  }

  applyForm();
  await Promise.all([loadCerts(), loadSeals(), loadCrls()]);
}
