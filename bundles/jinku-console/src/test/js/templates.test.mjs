// Every field a paper layout names exists in its type's catalogue data: a renamed field fails here, not on screen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TEMPLATES } from '../../main/resources/console/js/templates.js';

const catalog = fileURLToPath(new URL('../../../../jinku-catalog/src/main/resources/catalog/', import.meta.url));

test('one layout per VtCode of the catalogue', () => {
  const codes = readdirSync(catalog).filter((f) => /^\w{4}\.json$/.test(f)).map((f) => f.slice(0, 4)).sort();
  assert.deepEqual(Object.keys(TEMPLATES).sort(), codes);
});

test('every field of a layout is a field of its type', () => {
  for (const [vt, t] of Object.entries(TEMPLATES)) {
    const c = JSON.parse(readFileSync(`${catalog}${vt}.json`, 'utf8'));
    const header = new Set(c.header.map((f) => f.name));
    const detail = new Set((c.detail || c.details).map((f) => f.name));
    const inHeader = [...(t.grid || []).flat(), t.amount, ...(t.receipt || []), ...(t.parties || []).flatMap((p) => p.slice(1))];
    const inLines = [...(t.lines || []), ...(t.lineReceipt || []), t.lineAmount];
    for (const f of inHeader) assert.ok(header.has(f), `${vt}: header has no ${f}`);
    for (const f of inLines) assert.ok(detail.has(f), `${vt}: lines have no ${f}`);
  }
});
