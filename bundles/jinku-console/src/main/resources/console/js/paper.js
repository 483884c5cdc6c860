// Renders a voucher as its paper form (凭证版式) from its layout (templates.js), its content, its signatures and the
// seals stamped on it.
import { h } from './dom.js';
import { layoutOf } from './templates.js';
import { label } from './data.js';
import { yuan, capitals, day, dateTime, sum, POST_TEXT } from './format.js';

function fieldDef(type, name, detail) {
  return (detail ? type.detailFields : type.headerFields).find((f) => f.name === name);
}

/** A value as printed: amounts ¥1,234.50, dates 2026-03-16. */
function shown(type, name, value, detail = false) {
  if (value === undefined || value === null || value === '') return '';
  const f = fieldDef(type, name, detail);
  if (f && f.rule === 'amount') return yuan(value);
  if (f && f.rule === 'date') return day(value);
  return value;
}

function cell(type, header, name) {
  return [h('th', {}, label(type, name)), h('td', { 'data-field': name }, shown(type, name, header[name]))];
}

/**
 * @param type      the catalogue type (GET /console/types)
 * @param content   {header, details}
 * @param flag      0 the voucher, 1 its 回单
 * @param view      the voucher view (signatures, state)
 * @param stamps    position → seal id
 */
export function paper(type, content, flag, view, stamps) {
  const layout = layoutOf(type);
  const hd = content.header || {};
  const details = content.details || [];
  const amountField = layout.amount;
  const amount = amountField ? hd[amountField] : null;
  const receipt = flag === 1;

  const title = h('div', { class: 'paper-title' },
    h('div', { class: 'paper-name' }, type.name, receipt ? h('span', { class: 'paper-receipt' }, '（回单）') : null),
    h('div', { class: 'paper-copy' }, receipt ? '回单联' : (layout.copy || '')));
  const meta = h('div', { class: 'paper-meta' },
    h('span', {}, '行政区划 ', h('b', {}, hd.AdmDivCode || '')),
    h('span', {}, '年度 ', h('b', {}, hd.StYear || '')),
    h('span', {}, '凭证日期 ', h('b', {}, day(hd.VouDate || ''))),
    h('span', {}, '凭证类型 ', h('b', {}, hd.VtCode || type.vtCode)),
    h('span', { class: 'paper-no' }, 'No. ', h('b', { 'data-field': 'VoucherNo' }, hd.VoucherNo || '')));

  const blocks = [];
  if (layout.parties && layout.parties.length) {
    blocks.push(h('table', { class: 'paper-parties' }, h('tbody', {},
      ['全称', '账号', '开户银行'].map((caption, i) => h('tr', {},
        layout.parties.map((p) => [
          i === 0 ? h('th', { class: 'party', rowspan: 3 }, p[0].split('').map((c) => h('span', {}, c))) : null,
          h('th', {}, caption),
          h('td', { 'data-field': p[i + 1] }, hd[p[i + 1]] || ''),
        ]))))));
  }
  blocks.push(h('table', { class: 'paper-grid' }, h('tbody', {},
    (layout.grid || []).map((row) => h('tr', {}, row.map((name) => cell(type, hd, name)),
      row.length === 1 ? [h('th', {}), h('td', {})] : null)))));
  if (amountField) {
    blocks.push(h('table', { class: 'paper-amount' }, h('tbody', {}, h('tr', {},
      h('th', {}, '金额（大写）'),
      h('td', { class: 'capitals', id: 'voucher-capitals' }, '人民币 ', capitals(amount)),
      h('th', {}, '（小写）'),
      h('td', { class: 'figures', 'data-field': amountField }, yuan(amount))))));
  }
  if (receipt && layout.receipt) {
    blocks.push(h('table', { class: 'paper-grid paper-x' }, h('tbody', {},
      h('tr', {}, h('th', { colspan: 4, class: 'section' }, '回单信息（收方填写）')),
      pairs(layout.receipt).map((row) => h('tr', {}, row.map((name) => cell(type, hd, name)),
        row.length === 1 ? [h('th', {}), h('td', {})] : null)))));
  }
  const cols = [...(layout.lines || []), ...(receipt && layout.lineReceipt ? layout.lineReceipt : [])];
  if (cols.length && details.length) {
    const lineAmount = layout.lineAmount;
    blocks.push(h('table', { class: 'paper-lines' },
      h('thead', {}, h('tr', {}, h('th', { class: 'no' }, '序号'), cols.map((c) => h('th', {}, label(type, c, true))))),
      h('tbody', {}, details.map((d, i) => h('tr', { 'data-line': d.Id || i + 1 }, h('td', { class: 'no' }, String(i + 1)),
        cols.map((c) => h('td', { class: isAmount(type, c) ? 'num' : '' }, shown(type, c, d[c], true)))))),
      lineAmount ? h('tfoot', {}, h('tr', {}, h('td', { class: 'no' }, '合计'),
        cols.map((c) => h('td', { class: 'num' }, c === lineAmount || (receipt && c === 'XPayAmt')
          ? yuan(sum(details.map((d) => d[c]))) : (c === cols[0] ? `${details.length} 笔` : ''))))) : null));
  }
  const positions = receipt ? type.receiptPositions : type.senderPositions;
  blocks.push(stampRow(positions, view, stamps));
  return h('article', { id: 'voucher-paper', class: `paper vt-${type.vtCode}${receipt ? ' is-receipt' : ''}`, 'data-vtcode': type.vtCode, 'data-flag': flag },
    title, meta, blocks);
}

function isAmount(type, name) {
  const f = fieldDef(type, name, true);
  return f && f.rule === 'amount';
}

function pairs(list) {
  const out = [];
  for (let i = 0; i < list.length; i += 2) out.push(list.slice(i, i + 2));
  return out;
}

/** The signature and stamp boxes (签章栏) at the type's positions, each with who signed, when, and the seal. */
function stampRow(positions, view, stamps) {
  const sigs = view ? view.signatures || [] : [];
  return h('div', { class: 'paper-stamps' }, positions.map((p) => {
    const s = sigs.find((x) => x.position === p.no);
    const seal = stamps && stamps[p.no];
    return h('div', { class: `stamp-box${s ? ' signed' : ''}`, 'data-position': p.no },
      h('div', { class: 'stamp-label' }, p.label, h('span', { class: 'muted' }, ` ${p.postLabel || POST_TEXT[p.post] || ''}${p.organisation ? ' · 机构' : ''}`)),
      h('div', { class: 'stamp-body' },
        seal ? h('img', { class: 'seal-img', alt: `印章 ${seal}`, title: seal, src: `/jinku/api/console/seal-images/${encodeURIComponent(seal)}` }) : null,
        s ? h('div', { class: 'stamp-sig' }, h('div', { class: 'signer' }, p.organisation ? (s.signer || s.userId || '机构签名') : s.userId),
          h('div', { class: 'small' }, dateTime(s.at)), h('div', { class: 'small muted' }, `证书 ${s.certSerial || ''}`))
          : h('div', { class: 'stamp-empty' }, '待签章')));
  }));
}
