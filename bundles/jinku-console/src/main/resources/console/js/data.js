// Data the pages share, fetched once per session: the nodes of the box and the voucher catalogue.
import { api, hasAny, postsByNode } from './api.js';

let nodesPromise = null;
let typesPromise = null;

export function nodes() {
  if (!nodesPromise) nodesPromise = api.get('/nodes').catch((e) => { nodesPromise = null; throw e; });
  return nodesPromise;
}

/** The catalogue with field labels and positions (GET /console/types), as a map VtCode → type. */
export function types() {
  if (!typesPromise) {
    typesPromise = api.get('/console/types')
      .then((list) => Object.fromEntries(list.map((t) => [t.vtCode, t])))
      .catch((e) => { typesPromise = null; throw e; });
  }
  return typesPromise;
}

/** Forget cached data (after logout: another account may see other things). */
export function forget() {
  nodesPromise = null;
  typesPromise = null;
}

/** Whether the account reads every node (auditor, administrators, tester) rather than the nodes of its posts. */
export function readsAll() {
  return hasAny('auditor', 'sysadmin', 'secadmin', 'tester');
}

/** The nodes this account works on: all for readers of everything, else those it holds a post on. */
export async function myNodes() {
  const all = await nodes();
  if (readsAll()) return all;
  const mine = postsByNode();
  return all.filter((n) => mine[n.name]);
}

/** The label of a field of a type: the catalogue's Chinese label, or the name. */
export function label(type, name, detail = false) {
  const list = type ? (detail ? type.detailFields : type.headerFields) : [];
  const f = list.find((x) => x.name === name);
  return f ? f.label : name;
}
