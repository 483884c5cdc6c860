// Run: node --test bundles/jinku-console/src/test/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { capitals, yuan, status, sum, day, roleLabel } from '../../main/resources/console/js/format.js';

test('amounts in capitals as vouchers print them', () => {
  const cases = {
    '1500.50': '壹仟伍佰元伍角整',
    '1002.03': '壹仟零贰元零叁分',
    '0.45': '肆角伍分',
    '0.05': '伍分',
    '0': '零元整',
    '0.00': '零元整',
    '10005.00': '壹万零伍元整',
    '1000500': '壹佰万零伍佰元整',
    '100000000.00': '壹亿元整',
    '100010000': '壹亿零壹万元整',
    '12345.67': '壹万贰仟叁佰肆拾伍元陆角柒分',
    '1010.10': '壹仟零壹拾元壹角整',
    '-200.00': '负贰佰元整',
    '2000000000.01': '贰拾亿元零壹分',
  };
  for (const [text, want] of Object.entries(cases)) assert.equal(capitals(text), want, text);
  assert.equal(capitals('abc'), '');
});

test('amounts with grouping and the yuan sign', () => {
  assert.equal(yuan('1234.5'), '¥1,234.50');
  assert.equal(yuan('1234567.89'), '¥1,234,567.89');
  assert.equal(yuan('-40.00'), '-¥40.00');
  assert.equal(yuan('0'), '¥0.00');
  assert.equal(yuan('n/a'), 'n/a');
});

test('sums exactly in fen', () => {
  assert.equal(sum(['0.10', '0.20', '1000.00', 'x']), '1000.30');
  assert.equal(sum(['-1.05', '0.05']), '-1.00');
});

test('status codes with their texts, days, roles', () => {
  assert.equal(status(12), '12 已收到对方回单');
  assert.equal(status(3, '对方签收成功'), '3 对方签收成功');
  assert.equal(day('20260316'), '2026-03-16');
  assert.equal(roleLabel('review@bank105'), '审核@bank105');
  assert.equal(roleLabel('auditor'), '审计员');
});
