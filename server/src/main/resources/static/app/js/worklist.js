import { h, table, REGIONS, REPORT_CODE, regionOf, patientName, byRef } from "./dom.js";
import { t, formatDate, formatNumber } from "./i18n.js";
import { search } from "./fhir.js";

/** Preliminary segmentation reports, newest first, with patient, study date, model and volumes. */
export async function worklist(main) {
  const { resources } = await search("DiagnosticReport?status=preliminary&code=" + encodeURIComponent(REPORT_CODE)
    + "&_sort=-issued&_count=50&_include=DiagnosticReport:subject&_include=DiagnosticReport:result"
    + "&_include:iterate=Observation:device");
  const refs = byRef(resources);
  const reports = resources.filter(r => r.resourceType === "DiagnosticReport");
  const shown = REGIONS.slice(0, 4);
  main.replaceChildren(h("h1", {}, t("worklistTitle")));
  if (!reports.length) {
    main.append(h("p", { id: "worklist-empty" }, t("worklistEmpty")));
    return;
  }
  const rows = reports.map(r => {
    const patient = refs.get((r.subject || {}).reference);
    const obs = (r.result || []).map(x => refs.get(x.reference)).filter(Boolean);
    const device = obs.map(o => refs.get((o.device || {}).reference)).find(Boolean);
    const volume = code => {
      const o = obs.find(x => (regionOf(x) || {}).code === code);
      return o && o.valueQuantity ? formatNumber(o.valueQuantity.value) : "";
    };
    return h("tr", { "data-report": r.id },
      h("td", {}, patient ? h("a", { href: "#/patient/" + patient.id }, patientName(patient)) : r.subject.reference),
      h("td", {}, formatDate(r.effectiveDateTime)),
      h("td", {}, device ? modelName(device) : ""),
      shown.map(reg => h("td", { class: "num" }, volume(reg.code))),
      h("td", {}, formatDate(r.issued)),
      h("td", {}, h("a", { href: "#/report/" + r.id, class: "open-report" }, t("open"))));
  });
  main.append(table([t("patient"), t("studyDate"), t("model"),
    ...shown.map(reg => ({ label: t(reg.key) + " (cm³)", num: true })), t("issued"), ""], rows));
}

export function modelName(device) {
  const name = ((device.deviceName || [])[0] || {}).name || device.id;
  const version = ((device.version || [])[0] || {}).value;
  return version ? name + " " + version : name;
}
