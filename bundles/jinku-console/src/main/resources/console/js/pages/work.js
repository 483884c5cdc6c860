// 待办签章: the vouchers waiting for my post at a node, and batch signing of the selected ones as me, with my PIN,
// behind a progress bar (the server signs them one by one in a job; the page polls its progress).
import { api, postsByNode } from '../api.js';
import { h, fill, select, field, table, emptyRow } from '../dom.js';
import { nodes as allNodes } from '../data.js';
import { yuan, status, state, dateTime, nodeLabel } from '../format.js';
import { failed, toast } from '../ui.js';

export async function render(main, args, query) {
  const list = await allNodes();
  const posts = postsByNode();
  const mine = list.filter((n) => posts[n.name]);
  const choices = (mine.length ? mine : list).map((n) => [n.name, nodeLabel(n.name, n.role)]);
  const node = select({ id: 'work-node' }, choices, query.get('node') || (choices[0] || [])[0]);
  const all = h('input', { id: 'work-select-all', type: 'checkbox', title: '全选' });
  const pin = h('input', { id: 'work-pin', type: 'password', autocomplete: 'off', inputmode: 'numeric', placeholder: '本人证书 PIN' });
  const sign = h('button', { id: 'work-sign', type: 'button', class: 'primary' }, '批量签章');
  const progress = h('progress', { id: 'work-progress', value: 0, max: 1 });
  const progressText = h('span', { id: 'work-progress-text' }, '');
  const progressBox = h('div', { class: 'progress-box', hidden: true }, progress, progressText);
  const doneBox = h('div', { class: 'done-box' });
  const holder = h('div', { id: 'work-list' });
  const counter = h('span', { class: 'muted' });
  let timer = null;

  async function load() {
    fill(holder, h('p', { class: 'loading' }, '加载中…'));
    all.checked = false;
    try {
      const r = await api.get(`/console/work/${encodeURIComponent(node.value)}`);
      const rows = r.vouchers.map((v) => h('tr', { 'data-key': v.key },
        h('td', { class: 'pick-cell' }, h('input', { type: 'checkbox', class: 'pick', value: v.key, onchange: count })),
        h('td', {}, h('a', { href: `#/voucher/${v.node}/${v.key}` }, v.key)),
        h('td', {}, v.vtCode, ' ', h('span', { class: 'muted' }, v.typeName)),
        h('td', { class: 'num' }, yuan(v.payAmt)),
        h('td', {}, v.peer || ''),
        h('td', {}, h('span', { class: 'tag' }, v.nextPositionLabel), ' ', h('span', { class: 'muted' }, v.nextPostLabel)),
        h('td', {}, state(v.state), h('div', { class: 'small muted' }, status(v.status, v.statusText))),
        h('td', { class: 'small' }, dateTime(v.created))));
      fill(holder, table({ id: 'work-table' }, [all, '凭证主键', '类型', '金额', '对方', '待签位置', '状态', '录入时间'],
        rows.length ? rows : [emptyRow(8, '没有等待您签章的凭证')]));
      count();
    } catch (e) {
      fill(holder, table({ id: 'work-table' }, ['', '凭证主键'], [emptyRow(2, `无法加载（${e.code}）`)]));
      failed(e);
    }
  }

  function picks() {
    return [...holder.querySelectorAll('input.pick')];
  }

  function count() {
    const p = picks();
    const n = p.filter((x) => x.checked).length;
    counter.textContent = `已选 ${n} / 共 ${p.length} 张`;
    all.checked = p.length > 0 && n === p.length;
  }

  all.addEventListener('change', () => {
    picks().forEach((x) => { x.checked = all.checked; });
    count();
  });
  node.addEventListener('change', () => { doneBox.replaceChildren(); progressBox.hidden = true; load(); });

  sign.addEventListener('click', async () => {
    const keys = picks().filter((x) => x.checked).map((x) => x.value);
    if (keys.length === 0) {
      toast('请先勾选要签章的凭证', 'info');
      return;
    }
    if (!pin.value) {
      toast('WRONG_PIN: 请输入本人证书 PIN');
      pin.focus();
      return;
    }
    sign.disabled = true;
    doneBox.replaceChildren();
    progress.max = keys.length;
    progress.value = 0;
    progressText.textContent = `已签 0 / ${keys.length}`;
    progressBox.hidden = false;
    try {
      const job = await api.post(`/console/work/${encodeURIComponent(node.value)}/batch-sign`, { keys, pin: pin.value });
      pin.value = '';
      poll(job.jobId);
    } catch (e) {
      sign.disabled = false;
      progressBox.hidden = true;
      failed(e);
    }
  });

  function show(p) {
    progress.max = p.total;
    progress.value = p.done + p.failed;
    progressText.textContent = `已签 ${p.done} / ${p.total}${p.failed ? `，失败 ${p.failed}` : ''}`;
  }

  function poll(id) {
    clearInterval(timer);
    timer = setInterval(async () => {
      try {
        const p = await api.get(`/console/work/jobs/${encodeURIComponent(id)}`);
        show(p);
        if (p.finished) {
          clearInterval(timer);
          timer = null;
          sign.disabled = false;
          finished(p);
        }
      } catch (e) {
        clearInterval(timer);
        timer = null;
        sign.disabled = false;
        failed(e);
      }
    }, 300);
  }

  function finished(p) {
    const skipped = p.total - p.done - p.failed;
    fill(doneBox, h('div', { id: 'work-done', class: p.failed ? 'done warn' : 'done ok', 'data-done': p.done, 'data-failed': p.failed },
      h('strong', {}, '批量签章完成'), `：成功 ${p.done} 张，失败 ${p.failed} 张`, skipped ? `，未执行 ${skipped} 张` : '',
      p.stopped ? h('div', {}, `因 ${p.stopped} 中止（证书或 PIN 问题不再继续，以免锁定证书）`) : null,
      p.errors.length ? h('ul', { class: 'errors' }, p.errors.slice(0, 20).map((e) => h('li', {}, h('span', { class: 'mono' }, e.key), ` ${e.error}: ${e.message}`))) : null));
    if (p.errors.length) toast(`${p.errors[0].error}: ${p.errors[0].message}`);
    load();
  }

  fill(main, h('div', { class: 'page-head' }, h('h2', {}, '待办签章'),
    h('p', { class: 'sub' }, '录入 → 审核 → 签章：列出本节点等待您所任岗位签章的凭证。勾选后输入本人 PIN 批量签章；每张均以您本人的证书签名。')),
  h('div', { class: 'panel' }, h('div', { class: 'filters' }, field('节点', node),
    h('div', { class: 'actions' }, h('button', { type: 'button', class: 'secondary', onclick: load }, '刷新'))),
  holder,
  h('div', { class: 'inline sign-row' }, counter, field('证书 PIN', pin), sign), progressBox, doneBox));
  await load();
  return () => clearInterval(timer);
}
