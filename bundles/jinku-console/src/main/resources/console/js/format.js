// Formatting shared by every page: amounts (¥1,234.50 and 大写), status codes with their texts, states, dates.
// Pure functions, no DOM: unit-tested with node (src/test/js).

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const UNITS = ['', '拾', '佰', '仟'];
const SECTIONS = ['', '万', '亿', '万亿'];

/** Parses an amount text ("1234.50", "-12", "0") into sign, integer part and fen; null when it is not one. */
function parseAmount(text) {
  if (text === null || text === undefined) return null;
  const s = String(text).trim().replace(/,/g, '');
  const m = /^(-)?(\d+)(?:\.(\d{1,2}))?$/.exec(s);
  if (!m) return null;
  const intPart = m[2].replace(/^0+(?=\d)/, '');
  const fen = (m[3] || '').padEnd(2, '0');
  return { negative: m[1] === '-' && !(/^0+$/.test(intPart) && fen === '00'), intPart, jiao: +fen[0], fen: +fen[1] };
}

/** ¥1,234.50 — an amount as the console shows it; the text itself when it is not an amount. */
export function yuan(text) {
  const a = parseAmount(text);
  if (!a) return text === null || text === undefined ? '' : String(text);
  const grouped = a.intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (a.negative ? '-¥' : '¥') + grouped + '.' + a.jiao + a.fen;
}

/** Four digits (a section) in capitals, without the leading zero rule of the whole number. */
function section(digits) {
  let out = '';
  let zero = false;
  const d = digits.padStart(4, '0');
  for (let i = 0; i < 4; i++) {
    const n = +d[i];
    if (n === 0) {
      zero = out !== '';
    } else {
      if (zero) out += '零';
      out += DIGITS[n] + UNITS[3 - i];
      zero = false;
    }
  }
  return out;
}

/**
 * The amount in Chinese capitals (大写) as printed on vouchers: 1500.50 → 壹仟伍佰元伍角整, 1002.03 → 壹仟零贰元零叁分,
 * 0.45 → 肆角伍分, 0 → 零元整, negatives prefixed 负. Returns '' for a text that is not an amount.
 */
export function capitals(text) {
  const a = parseAmount(text);
  if (!a) return '';
  let integer = '';
  if (a.intPart !== '0') {
    const groups = [];
    for (let end = a.intPart.length; end > 0; end -= 4) groups.unshift(a.intPart.slice(Math.max(0, end - 4), end));
    let pendingZero = false;
    groups.forEach((g, i) => {
      const unit = SECTIONS[groups.length - 1 - i];
      if (+g === 0) {
        pendingZero = integer !== '';
        return;
      }
      // a zero between sections: 10,005 → 壹万零伍; 1,000,500 → 壹佰万零伍佰
      if (integer !== '' && (pendingZero || g[0] === '0')) integer += '零';
      integer += section(g) + unit;
      pendingZero = false;
    });
    integer += '元';
  }
  let fraction = '';
  if (a.jiao === 0 && a.fen === 0) {
    fraction = integer === '' ? '零元整' : '整';
  } else {
    if (a.jiao !== 0) fraction += DIGITS[a.jiao] + '角';
    else if (integer !== '') fraction += '零';
    if (a.fen !== 0) fraction += DIGITS[a.fen] + '分';
    else fraction += '整';
  }
  return (a.negative ? '负' : '') + integer + fraction;
}

/** The deployed library's status texts (DeliveryStatus), for codes the server sent without one. */
export const STATUS_TEXT = {
  '-1': '未找到对应凭证', 0: '对方未接收', 1: '对方接收成功', 2: '对方接收失败', 3: '对方签收成功', 4: '对方签收失败',
  5: '对方已退回', 6: '回单对方未接收', 7: '回单对方接收成功', 8: '回单对方接收失败', 9: '回单对方签收成功',
  10: '回单对方签收失败', 11: '回单对方已退回', 12: '已收到对方回单', 13: '本方未发送', 14: '本方回单未发送',
};

/** "12 已收到对方回单". */
export function status(code, text) {
  if (code === null || code === undefined) return '';
  return `${code} ${text || STATUS_TEXT[code] || ''}`.trim();
}

/** The node's own lifecycle states (VoucherState) in Chinese. */
export const STATE_TEXT = {
  DRAFT: '草稿', SIGNING: '签章中', SIGNED: '已签章待发', SENT: '已发送', DELIVERED: '对方已接收', ACCEPTED: '对方已签收',
  CONFIRMED: '已回单（全额支付）', PARTLY_PAID: '已回单（部分支付）', UNPAID: '已回单（支付失败）', FAILED: '对方接收失败',
  REFUSED: '对方签收失败', RETURNED: '对方已退回', VOIDED: '已作废', RECEIVED: '已接收', REPLIED: '已回单',
};

export function state(name) {
  return name ? `${STATE_TEXT[name] || name}` : '';
}

export const ROLE_TEXT = { FINANCE: '财政', PBOC: '人民银行', AGENT_BANK: '代理银行', BUDGET_UNIT: '预算单位' };

export const NODE_TEXT = {
  finance: '财政', pboc: '人民银行', bank105: '建设银行 105', bank102: '工商银行 102', unit: '预算单位',
};

/** "finance 财政". */
export function nodeLabel(name, role) {
  return `${NODE_TEXT[name] || ROLE_TEXT[role] || ''} ${name}`.trim();
}

export const POST_TEXT = { ENTRY: '录入', REVIEW: '审核', SEAL: '签章' };

/** Account roles in Chinese: sysadmin → 系统管理员, review@bank105 → 审核@bank105. */
export function roleLabel(role) {
  const fixed = { sysadmin: '系统管理员', secadmin: '安全管理员', auditor: '审计员', tester: '联调测试员' };
  if (fixed[role]) return fixed[role];
  const m = /^(entry|review|seal)@(.+)$/.exec(role);
  return m ? `${POST_TEXT[m[1].toUpperCase()]}@${m[2]}` : role;
}

/** 2026-03-16 10:15:02 in China time from an ISO instant. */
export function dateTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (isNaN(d)) return String(iso);
  const p = new Date(d.getTime() + 8 * 3600 * 1000).toISOString();
  return `${p.slice(0, 10)} ${p.slice(11, 19)}`;
}

/** 20260316 → 2026-03-16; other texts unchanged. */
export function day(text) {
  const s = text === null || text === undefined ? '' : String(text);
  return /^\d{8}$/.test(s) ? `${s.slice(0, 4)}-${s.slice(4, 6)}-${s.slice(6)}` : s;
}

/** The sum of amount texts, as text with two decimals (exact: in fen, no floating point drift). */
export function sum(texts) {
  let fen = 0n;
  for (const t of texts) {
    const a = parseAmount(t);
    if (!a) continue;
    const v = BigInt(a.intPart) * 100n + BigInt(a.jiao * 10 + a.fen);
    fen += a.negative ? -v : v;
  }
  const neg = fen < 0n;
  const abs = neg ? -fen : fen;
  return `${neg ? '-' : ''}${abs / 100n}.${String(abs % 100n).padStart(2, '0')}`;
}
