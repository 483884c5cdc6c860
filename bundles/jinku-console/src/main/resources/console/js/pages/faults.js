// 模拟器故障 (tester, joint-test box): the simulators' fault settings, changed live through Configuration Admin.
import { api, hasAny } from '../api.js';
import { h, fill } from '../dom.js';
import { failed, toast } from '../ui.js';

export async function render(main) {
  const sims = await api.get('/console/faults');
  const writable = hasAny('tester');
  fill(main, h('div', { class: 'page-head' }, h('h2', {}, '模拟器故障注入'),
    h('p', { class: 'sub' }, '联调环境中代理银行、人民银行、预算单位模拟器的故障设置，保存后立即生效；留空即取消该故障。业务含义如 direct-payment、authorized-payment，* 表示全部。')),
  h('div', { class: 'cards' }, sims.map((s) => card(s, writable))));
}

function card(sim, writable) {
  const inputs = {};
  const rows = sim.settings.map((x) => {
    const input = h('input', { id: `fault-${sim.sim}-${x.key.replace(/\./g, '-')}`, 'data-key': x.key, value: x.value, disabled: !writable,
      inputmode: x.kind === 'SECONDS' ? 'numeric' : null, placeholder: x.kind === 'SECONDS' ? '0' : '' });
    inputs[x.key] = input;
    return h('tr', { class: x.value ? 'active-fault' : '' }, h('th', {}, x.label, h('div', { class: 'small muted mono' }, x.key)), h('td', {}, input));
  });
  const save = h('button', { type: 'submit', class: 'primary', disabled: !writable }, '保存');
  const clear = h('button', { type: 'button', class: 'secondary', disabled: !writable }, '全部清除');
  const form = h('form', { class: 'node-card fault-card', 'data-sim': sim.sim },
    h('header', {}, h('h3', {}, sim.label), h('span', { class: 'muted mono' }, sim.pid),
      h('span', { class: 'muted' }, sim.nodes.length ? `扮演 ${sim.nodes.join('、')}` : '未绑定节点')),
    h('table', { class: 'form-table' }, h('tbody', {}, rows)), h('div', { class: 'actions' }, save, clear));
  async function put(changes) {
    try {
      const s = await api.put(`/console/faults/${encodeURIComponent(sim.sim)}`, changes);
      for (const x of s.settings) if (inputs[x.key]) inputs[x.key].value = x.value;
      toast(`${sim.label} 设置已生效`, 'info');
    } catch (e) {
      failed(e);
    }
  }
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const changes = {};
    for (const x of sim.settings) if (inputs[x.key].value.trim() !== (x.value || '')) changes[x.key] = inputs[x.key].value.trim() || null;
    put(changes).then(() => { for (const x of sim.settings) x.value = inputs[x.key].value; });
  });
  clear.addEventListener('click', () => {
    const changes = {};
    for (const x of sim.settings) if (x.key.startsWith('fault.')) changes[x.key] = null;
    put(changes).then(() => { for (const x of sim.settings) x.value = inputs[x.key].value; });
  });
  return form;
}
