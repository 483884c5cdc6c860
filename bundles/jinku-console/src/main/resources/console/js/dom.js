// Building the DOM without innerHTML: every text goes in as a text node, so nothing a voucher or an error says can
// become markup (with the CSP forbidding inline script, that closes the XSS door twice).

/**
 * h('tr', {class: 'row', 'data-key': k, onclick: fn}, child, 'text', [more]) — attributes: on* are listeners,
 * value/checked/disabled/hidden/selected are properties, everything else an attribute. Null children are skipped.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (['value', 'checked', 'disabled', 'hidden', 'selected', 'max', 'min'].includes(k)) el[k] = v;
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

/** Replaces the content of {@code el}. */
export function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

export function $(selector, root = document) {
  return root.querySelector(selector);
}

/** A <select> of options [[value, label], …] with {@code selected} preselected. */
export function select(attrs, options, selected) {
  return h('select', attrs, options.map(([v, label]) => h('option', { value: v, selected: String(v) === String(selected) }, label)));
}

/** A labelled form field: <label><span>label</span>control</label>. */
export function field(label, control, hint) {
  return h('label', { class: 'field' }, h('span', { class: 'field-label' }, label), control,
    hint ? h('small', { class: 'hint' }, hint) : null);
}

/** A table with a header row; rows are <tr> elements already built. */
export function table(attrs, headers, rows) {
  return h('table', Object.assign({ class: 'grid' }, attrs),
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', {}, x)))),
    h('tbody', {}, rows));
}

/** An empty-state row spanning the table. */
export function emptyRow(colspan, text) {
  return h('tr', { class: 'empty' }, h('td', { colspan }, text));
}
