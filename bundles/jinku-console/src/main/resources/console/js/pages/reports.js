// 联调报告 (tester, auditor): the scenario runner's runs, with the counts of its junit.xml and its HTML report.
import { api } from '../api.js';
import { h, fill, table, emptyRow } from '../dom.js';
import { dateTime } from '../format.js';

export async function render(main) {
  const runs = await api.get('/console/reports');
  const link = (r, file, label) => h('a', { href: `/jinku/api/console/reports/${encodeURIComponent(r.run)}/${file}`, target: '_blank', rel: 'noopener' }, label);
  const rows = runs.map((r) => {
    const passed = r.tests - r.failures - r.errors - r.skipped;
    const bad = r.failures > 0 || r.errors > 0;
    return h('tr', { 'data-run': r.run, class: bad ? 'bad' : '' },
      h('td', { class: 'mono' }, r.run), h('td', { class: 'small' }, dateTime(r.at)),
      h('td', {}, r.tests < 0 ? h('span', { class: 'muted' }, '无法读取') : h('span', { class: `badge ${bad ? 'bad' : 'good'}` }, bad ? '未通过' : '通过')),
      h('td', { class: 'num' }, r.tests < 0 ? '' : String(r.tests)), h('td', { class: 'num' }, r.tests < 0 ? '' : String(passed)),
      h('td', { class: 'num' }, String(Math.max(0, r.failures))), h('td', { class: 'num' }, String(Math.max(0, r.errors))), h('td', { class: 'num' }, String(Math.max(0, r.skipped))),
      h('td', {}, r.html ? link(r, 'report.html', '报告') : null, ' ', r.junit ? link(r, 'junit.xml', 'junit.xml') : null));
  });
  fill(main, h('div', { class: 'page-head' }, h('h2', {}, '四方联调报告'),
    h('p', { class: 'sub' }, '场景运行器（./jinku scenarios、jinku:scenario-run、./jinku demo）在 data/jinku/reports 下生成的报告，最新在前。失败为场景未通过，错误为场景文件有误。')),
  table({ id: 'reports-table' }, ['运行', '时间', '结果', '场景', '通过', '失败', '错误', '跳过', '文件'], rows.length ? rows : [emptyRow(9, '尚无联调报告：运行 ./jinku scenarios 生成')]));
}
