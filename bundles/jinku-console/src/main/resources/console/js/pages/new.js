// 录入凭证 (entry clerk): a JSON editor prefilled with the type's documented example under a fresh number; submit,
// then sign at 录入 as the logged-in clerk with the PIN the clerk types.
import { api, keyPath, postsByNode } from '../api.js';
import { h, fill, select, field } from '../dom.js';
import { nodes as allNodes, types } from '../data.js';
import { nodeLabel, status, state, yuan } from '../format.js';
import { failed, toast } from '../ui.js';

export async function render(main) {
  const [list, cat] = await Promise.all([allNodes(), types()]);
  const posts = postsByNode();
  const mine = list.filter((n) => (posts[n.name] || []).includes('entry'));
  if (mine.length === 0) {
    fill(main, h('div', { class: 'page-head' }, h('h2', {}, '录入凭证')),
      h('p', { class: 'empty' }, '当前账户没有任何节点的录入岗位（entry@节点），不能录入凭证。'));
  }
  const nodeChoices = (mine.length ? mine : list).map((n) => [n.name, nodeLabel(n.name, n.role)]);
  const node = select({ id: 'new-node', name: 'node' }, nodeChoices, nodeChoices.length ? nodeChoices[0][0] : '');
  const type = h('select', { id: 'new-type', name: 'type' });
  const json = h('textarea', { id: 'new-json', name: 'json', rows: 26, spellcheck: 'false', class: 'code' });
  const pin = h('input', { id: 'new-pin', name: 'pin', type: 'password', autocomplete: 'off', inputmode: 'numeric', placeholder: '本人证书 PIN' });
  const submit = h('button', { id: 'new-submit-sign', type: 'submit', class: 'primary' }, '提交并以本人身份签章');
  const result = h('div', { id: 'new-result', class: 'result', 'aria-live': 'polite' });
  const summary = h('div', { class: 'json-summary muted' });
  const form = h('form', { id: 'new-voucher', class: 'panel' },
    h('div', { class: 'filters' }, field('节点', node), field('凭证类型', type),
      h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: () => loadExample() }, '重新生成示例'))),
    field('凭证内容（JSON：header 表头，details 明细；所有值为字符串）', json), summary,
    h('div', { class: 'inline sign-row' }, field('证书 PIN', pin, '签章时由本人输入，不保存'), submit),
    result);

  function fillTypes() {
    const role = (list.find((n) => n.name === node.value) || {}).role;
    const own = Object.values(cat).filter((t) => t.sender === role);
    const offered = own.length ? own : Object.values(cat);
    // keep the type chosen, else the everyday one: 5201 direct payment where the node sends it
    const keep = offered.some((t) => t.vtCode === type.value) ? type.value : (offered.some((t) => t.vtCode === '5201') ? '5201' : '');
    fill(type, offered.map((t) => h('option', { value: t.vtCode, selected: t.vtCode === keep }, `${t.vtCode} ${t.name}`)));
  }

  async function loadExample() {
    if (!type.value) return;
    try {
      const ex = await api.get(`/console/types/${encodeURIComponent(type.value)}/example`);
      json.value = JSON.stringify(ex, null, 2);
      describe();
    } catch (e) {
      failed(e);
    }
  }

  function describe() {
    try {
      const v = JSON.parse(json.value);
      const t = cat[v.header && v.header.VtCode];
      const amount = t && t.sumField ? v.header[t.sumField] : '';
      fill(summary, `${v.header.AdmDivCode}/${v.header.StYear}/${v.header.VtCode}/${v.header.VoucherNo}`,
        ` · ${(v.details || []).length} 条明细`, amount ? ` · 金额 ${yuan(amount)}` : '');
      summary.className = 'json-summary muted';
    } catch (e) {
      fill(summary, `JSON 格式错误：${e.message}`);
      summary.className = 'json-summary error';
    }
  }

  node.addEventListener('change', () => { fillTypes(); loadExample(); });
  type.addEventListener('change', loadExample);
  json.addEventListener('input', describe);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    let body;
    try {
      body = JSON.parse(json.value);
    } catch (e) {
      toast(`MALFORMED_JSON: ${e.message}`);
      return;
    }
    submit.disabled = true;
    fill(result, h('p', { class: 'loading' }, '提交中…'));
    let view = null;
    try {
      view = await api.post(`/nodes/${encodeURIComponent(node.value)}/vouchers`, body);
      fill(result, outcome(node.value, view, '已提交（草稿）'));
      view = await api.post(`/nodes/${encodeURIComponent(node.value)}/vouchers/${keyPath(view.key)}/signatures`, { pin: pin.value });
      pin.value = '';
      fill(result, outcome(node.value, view, '已提交并签章'));
      toast(`已提交并签章：${view.key}`, 'info');
    } catch (e) {
      if (view) result.append(h('p', { class: 'error' }, `签章未完成（${e.code}），凭证保留为草稿，可在待办中签章。`));
      else fill(result);
      failed(e);
    } finally {
      submit.disabled = false;
    }
  });

  fill(main, h('div', { class: 'page-head' }, h('h2', {}, '录入凭证'),
    h('p', { class: 'sub' }, '选择节点与凭证类型，按需修改示例内容；提交后以当前账户在录入岗位签章。')), form);
  fillTypes();
  await loadExample();
}

function outcome(node, v, what) {
  return h('div', { class: 'outcome' },
    h('div', {}, what, '：', h('a', { class: 'mono result-key', href: `#/voucher/${node}/${v.key}` }, v.key)),
    h('div', {}, '状态 ', h('span', { class: `badge st st-${v.status}`, 'data-status': v.status }, String(v.status)), ' ',
      status(v.status, v.statusText).replace(/^-?\d+ /, ''), ' · ', h('span', { class: 'result-state', 'data-state': v.state }, `${state(v.state)}（${v.state}）`),
      ` · 签名 ${(v.signatures || []).length} 个`));
}
