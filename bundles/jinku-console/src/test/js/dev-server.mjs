// A stand-in for the appliance when working on the console's looks: serves the console's files with its CSP and
// answers /jinku/api with canned data (no signatures, nothing stored). Not a test of the API.
//   node bundles/jinku-console/src/test/js/dev-server.mjs 8199   →  http://127.0.0.1:8199/jinku/console/
import { createServer } from 'node:http';
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../../main/resources/console/', import.meta.url));
const catalog = fileURLToPath(new URL('../../../../jinku-catalog/src/main/resources/catalog/', import.meta.url));
const examples = fileURLToPath(new URL('../../../../../docs/examples/', import.meta.url));
const TYPES = { html: 'text/html; charset=UTF-8', js: 'text/javascript; charset=UTF-8', css: 'text/css; charset=UTF-8', svg: 'image/svg+xml' };

const types = readdirSync(catalog).filter((f) => /^\w{4}\.json$/.test(f)).map((f) => {
  const c = JSON.parse(readFileSync(catalog + f, 'utf8'));
  const fields = (l) => l.map((x) => ({ name: x.name, label: x.label, rule: x.rule, required: !!x.required, receiptOnly: !!x.receiptOnly || /^X/.test(x.name) }));
  const pos = (l) => l.map((p) => ({ no: p.no, label: p.label, post: p.post, postLabel: { ENTRY: '录入', REVIEW: '审核', SEAL: '签章' }[p.post], organisation: p.organisation }));
  return { vtCode: c.vtCode, name: c.name, meaning: c.meaning, sender: c.sender, receiver: c.receiver, sumField: c.sumCheck || null,
    senderPositions: pos(c.senderPositions), receiptPositions: pos(c.receiptPositions), headerFields: fields(c.header), detailFields: fields(c.detail || c.details) };
});
const nodes = [['finance', 'FINANCE'], ['pboc', 'PBOC'], ['bank105', 'AGENT_BANK'], ['bank102', 'AGENT_BANK'], ['unit', 'BUDGET_UNIT']]
  .map(([name, role]) => ({ name, role, address: name, users: [] }));
const KEY = '210000/2026/5201/EX-0001';
const ex = JSON.parse(readFileSync(examples + '5201.json', 'utf8'));
const at = (s) => new Date(Date.UTC(2026, 2, 16, 2, 0, s)).toISOString();
const view = (flag) => ({ key: KEY, voucherFlag: flag, version: 1, direction: 'OUT', peer: 'bank105', state: flag ? 'REPLIED' : 'CONFIRMED',
  status: flag ? 9 : 12, statusText: flag ? '回单对方签收成功' : '已收到对方回单', payAmt: ex.header.PayAmt, digest: 'ab12',
  deliveries: flag ? { finance: { status: 9, statusText: '回单对方签收成功' }, pboc: { status: 7, statusText: '回单对方接收成功' } } : { bank105: { status: 12, statusText: '已收到对方回单' } },
  created: at(0), updated: at(9),
  signatures: flag ? [{ seq: 1, position: 'yh_qz', userId: 'org', signer: '中国建设银行辽宁省分行', certSerial: '5F3A0C91D3', at: at(4) }]
    : [{ seq: 1, position: 'cz_lr', userId: 'lr01', post: 'ENTRY', certSerial: '5F3A0C91D2', at: at(1) }, { seq: 2, position: 'cz_sh', userId: 'sh01', post: 'REVIEW', certSerial: '5F3A0C91D4', at: at(2) }] });
const receipt = JSON.parse(JSON.stringify(ex));
Object.assign(receipt.header, { XPayDate: '20260316', XAgentBusinessNo: 'CCB2026031600012', XPayAmt: ex.header.PayAmt, XPayeeAcctName: ex.header.PayeeAcctName, XPayeeAcctNo: ex.header.PayeeAcctNo });
receipt.details.forEach((d) => { d.XPayAmt = d.PayAmt; d.XAddWord = ''; });
const work = Array.from({ length: 12 }, (_, i) => ({ node: 'finance', key: `210000/2026/5201/JT${String(i + 1).padStart(3, '0')}`, vtCode: '5201', typeName: '财政直接支付凭证',
  voucherFlag: 0, direction: 'OUT', peer: 'bank105', state: 'SIGNING', status: 13, statusText: '本方未发送', payAmt: `${(i + 1) * 1000}.50`, created: at(i),
  nextPosition: 'cz_sh', nextPositionLabel: '财政审核', nextPost: 'REVIEW', nextPostLabel: '审核' }));
let job = null;

const api = {
  'GET /session': () => ({ name: 'sh01', roles: ['review@finance', 'operator', 'auditor', 'tester'], csrfToken: 't', idleSeconds: 900 }),
  'POST /session': () => ({ name: 'sh01', roles: ['review@finance', 'entry@bank105', 'operator'], csrfToken: 't', idleSeconds: 900 }),
  'GET /nodes': () => nodes,
  'GET /console/types': () => types,
  'GET /console/types/5201/example': () => ex,
  'GET /nodes/*/status-counts': () => ({ 0: 3, 1: 2, 3: 5, 12: 48, 13: 12 }),
  'GET /nodes/*/rejections': () => [{ id: 1, at: at(5), source: 'bank105', voucherKey: '210000/2026/5201/JT9', code: 'OVER_QUOTA', reason: '超出单位额度：可用 1,000.00 元，申请 1,500.50 元' }],
  'GET /nodes/*/certificates': () => [{ holder: 'lr01', serial: '5F3A0C91D2', subject: 'CN=lr01,T=ENTRY,OU=Person,O=finance,C=CN', notAfter: at(0), daysLeft: 42, revoked: false, warning: 'expires in 42 days: renew it (jinku:ca-renew)' },
    { holder: 'org', serial: '5F3A0C91D0', subject: 'CN=finance,OU=Organisation,O=finance,C=CN', notAfter: at(0), daysLeft: 700, revoked: false, warning: null }],
  'GET /nodes/*/crls': () => ({ 'CN=Jinku box CA': 'number 3, 1 revoked, received from finance at 2026-03-16T02:00:00Z' }),
  'GET /nodes/*/seals': () => [{ sealId: 'finance-cz_sh-1', name: '财政国库支付专用章', position: 'cz_sh', owner: 'finance', state: 'ACTIVE', version: 1, appliedBy: 'aq01', approvedBy: 'aq02', madeBy: 'aq02', validEnd: at(0), registrations: { bank105: 'ACKNOWLEDGED', pboc: 'SENT' }, history: [], sealBase64: null },
    { sealId: 'finance-cz_lr-1', name: '录入章', position: 'cz_lr', owner: 'finance', state: 'APPLIED', version: 1, appliedBy: 'aq01', registrations: {}, history: [], sealBase64: null }],
  [`GET /nodes/finance/vouchers/${KEY}`]: (q) => view(q.get('flag') === '1' ? 1 : 0),
  [`GET /nodes/finance/vouchers/${KEY}/content`]: (q) => (q.get('flag') === '1' ? receipt : ex),
  [`GET /nodes/finance/vouchers/${KEY}/stamps`]: (q) => ({ stamps: q.get('flag') === '1' ? { yh_qz: 'bank105-yh_qz-1' } : {} }),
  [`GET /nodes/finance/vouchers/${KEY}/history-check`]: () => ({ intact: true }),
  'GET /console/timeline': () => ({ key: KEY, nodes: { finance: { role: 'FINANCE', voucher: view(0) }, bank105: { role: 'AGENT_BANK', voucher: { state: 'REPLIED', status: 1 }, receipt: { state: 'REPLIED', status: 9 } }, pboc: { role: 'PBOC', receipt: { state: 'RECEIVED', status: 7 } } },
    events: [['finance', 'SUBMITTED', 'lr01', 0], ['finance', 'SIGNED', 'lr01', 1, 'cz_lr 财政录入'], ['finance', 'SIGNED', 'sh01', 2, 'cz_sh 财政审核'], ['finance', 'SENT', 'system', 2],
      ['bank105', 'RECEIVED', 'finance', 3], ['finance', 'ACK_RECEIVED', 'bank105', 3], ['bank105', 'ACCEPTED', 'sim-bank', 4], ['finance', 'ACK_ACCEPTED', 'bank105', 4],
      ['bank105', 'REPLIED', 'sim-bank', 5, '', 1], ['finance', 'RECEIPT', 'bank105', 6, 'XPayAmt 1500.50', 1], ['pboc', 'RECEIVED', 'bank105', 6, '回单副本', 1]]
      .map(([node, kind, actor, s, detail, flag]) => ({ node, role: nodes.find((n) => n.name === node).role, at: at(s), seq: s, voucherFlag: flag || 0, kind, actor, detail: detail || '' })) }),
  'GET /console/search/*': () => ({ node: 'finance', scanned: 70, complete: true, vouchers: work.slice(0, 6) }),
  'GET /console/work/*': () => ({ node: 'finance', user: 'sh01', vouchers: work }),
  'POST /console/work/*': (q, body) => { job = { jobId: 'j1', total: body.keys.length, done: 0, failed: 0, errors: [], finished: false }; return job; },
  'GET /console/work/jobs/*': () => { job.done = Math.min(job.total, job.done + 3); job.finished = job.done === job.total; return job; },
  'GET /audit': () => ({ size: 3, entries: [{ seq: 3, at: at(3), actor: 'sh01', channel: 'console', action: 'BATCH_SIGN', target: `finance ${KEY}`, outcome: 'OK', detail: 'job j1' },
    { seq: 2, at: at(2), actor: 'sj01', channel: 'rest', action: 'HTTP POST /nodes/finance/vouchers/…/signatures', target: KEY, outcome: 'DENIED 403', detail: 'needs one of [post@finance]' },
    { seq: 1, at: at(1), actor: 'lr01', channel: 'rest', action: 'LOGIN', target: '', outcome: 'OK', detail: '127.0.0.1' }] }),
  'GET /audit/verify': () => ({ intact: true, entries: 3, problems: [] }),
  'GET /console/faults': () => [{ sim: 'bank', pid: 'jinku.sim.bank', label: '代理银行模拟器', nodes: ['bank105', 'bank102'], settings: [{ key: 'fault.refuse.meanings', label: '签收失败的业务', kind: 'MEANINGS', value: '' }, { key: 'fault.delay.seconds', label: '延迟应答（秒）', kind: 'SECONDS', value: '3' }] }],
  'GET /console/reports': () => [{ run: 'run-20260316-101500', at: at(0), html: true, junit: true, tests: 24, failures: 1, errors: 0, skipped: 0 }],
};

function find(method, path) {
  if (api[`${method} ${path}`]) return api[`${method} ${path}`];
  for (const [k, fn] of Object.entries(api)) {
    const [m, p] = k.split(' ');
    if (m === method && p.includes('*') && new RegExp(`^${p.replace(/\*/g, '[^/]+')}(/.*)?$`).test(path) && p.split('/').length <= path.split('/').length) {
      if (p.split('/').length === path.split('/').length || p.endsWith('*')) return fn;
    }
  }
  return null;
}

createServer((req, res) => {
  const url = new URL(req.url, 'http://x');
  if (url.pathname.startsWith('/jinku/api/')) {
    let body = '';
    req.on('data', (c) => { body += c; });
    req.on('end', () => {
      const fn = find(req.method, url.pathname.slice('/jinku/api'.length));
      res.setHeader('Content-Type', 'application/json; charset=UTF-8');
      if (!fn) {
        res.statusCode = 404;
        res.end(JSON.stringify({ error: 'NOT_FOUND', message: `no route ${req.method} ${url.pathname}` }));
        return;
      }
      res.end(JSON.stringify(fn(url.searchParams, body ? JSON.parse(body) : null)));
    });
    return;
  }
  let p = url.pathname.replace(/^\/jinku\/console\/?/, '') || 'index.html';
  const file = root + p;
  if (!existsSync(file) || p.includes('..')) {
    res.statusCode = 404;
    res.end();
    return;
  }
  res.setHeader('Content-Security-Policy', "default-src 'self'");
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Content-Type', TYPES[p.split('.').pop()] || 'application/octet-stream');
  res.end(readFileSync(file));
}).listen(Number(process.argv[2] || 8199), '127.0.0.1');
