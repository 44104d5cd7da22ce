import { t } from "./i18n.js";

/** h("a", {href: "#x"}, "text", child…): an element; strings become text nodes (never parsed as markup). */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v == null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "class") el.className = v;
    else if (v === true) el.setAttribute(k, "");
    else el.setAttribute(k, v);
  }
  for (const c of children.flat()) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** el.replaceChildren / append without the nulls of optional parts (they would show as "null"). */
export function put(el, ...children) {
  el.replaceChildren(...children.flat().filter(c => c != null && c !== false));
}

export function table(headers, rows, caption) {
  return h("table", {},
    caption ? h("caption", { class: "muted" }, caption) : null,
    h("thead", {}, h("tr", {}, headers.map(x => h("th", { scope: "col", class: x.num ? "num" : null }, x.label || x)))),
    h("tbody", {}, rows));
}

export function showError(err) {
  const box = document.getElementById("error");
  box.textContent = err ? (err.message || String(err)) : "";
  box.hidden = !err;
}

export function status(text) {
  document.getElementById("status").textContent = text || "";
}

/** Tumour regions: the label map's values (BraTS 0/1/2/4), colours and the codes of the volume Observations. */
export const REGIONS = [
  { code: "necrotic-core", key: "necrotic", label: 1, rgb: [230, 60, 40] },
  { code: "oedema", key: "oedema", label: 2, rgb: [60, 200, 60] },
  { code: "enhancing-tumour", key: "enhancing", label: 4, rgb: [250, 220, 30] },
  { code: "whole-tumour", key: "whole" },
  { code: "tumour-core", key: "core" },
];
export const REGION_SYSTEM = "https://neurofhir.org/fhir/CodeSystem/tumour-region";
export const VOLUME_CODE = "http://snomed.info/sct|118565006";
export const REPORT_CODE = "http://loinc.org|18748-4";

export function regionOf(observation) {
  const codes = ((observation.bodySite || {}).coding || []).filter(c => c.system === REGION_SYSTEM).map(c => c.code);
  return REGIONS.find(r => codes.includes(r.code));
}

/** "Marie DUBOIS": a Patient's or a Practitioner's first name, given names and family name in capitals. */
export function patientName(p) {
  if (!p) return "";
  const n = (p.name || [])[0] || {};
  return n.text || [...(n.given || []), (n.family || "").toUpperCase()].join(" ").trim() || ((p.resourceType || "Patient") + "/" + p.id);
}

export function mrnOf(p) {
  const id = ((p && p.identifier) || []).find(i => i.system === "https://neurofhir.org/fhir/sid/mrn");
  return id ? id.value : "";
}

export function badge(statusCode) {
  return h("span", { class: "badge " + statusCode }, t(statusCode));
}

export function byRef(resources) {
  const m = new Map();
  resources.forEach(r => m.set(r.resourceType + "/" + r.id, r));
  return m;
}
