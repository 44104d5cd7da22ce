import { h, table, REGIONS, REPORT_CODE, VOLUME_CODE, regionOf, patientName, mrnOf, badge, byRef } from "./dom.js";
import { t, formatDate, formatDateTime, formatNumber } from "./i18n.js";
import { fhir, search } from "./fhir.js";
import { modeOf, appointmentStatus, OPEN_APPOINTMENT } from "./agenda.js";

/**
 * A patient's file. What the role may not read is not asked for: a secretary sees demographics, studies and
 * appointments, no clinical results.
 */
export async function patientFile(main, patientId, who) {
  const clinical = !who.roles.includes("secretary") || who.roles.some(r => ["doctor", "nurse", "admin"].includes(r));
  const patient = await fhir("Patient/" + encodeURIComponent(patientId));
  main.replaceChildren(h("h1", { id: "patient-name" }, patientName(patient)),
    h("dl", { class: "facts card" },
      h("dt", {}, t("mrn")), h("dd", { id: "patient-mrn" }, mrnOf(patient)),
      h("dt", {}, t("birthDate")), h("dd", {}, formatDate(patient.birthDate)),
      h("dt", {}, t("gender")), h("dd", {}, patient.gender || "")));
  const subject = "Patient/" + patient.id;
  const sections = [studies(subject)];
  if (clinical) sections.push(reports(subject), trend(subject), labs(subject), documents(subject), encounters(subject));
  sections.push(appointments(subject, who.roles.includes("patient")));
  for (const section of sections) {
    main.append(await section.catch(err => h("p", { class: "error" }, err.message)));
  }
}

async function studies(subject) {
  const { resources } = await search("ImagingStudy?subject=" + subject + "&_sort=-started&_count=50");
  return section("studies", t("studies"), resources.length ? table([t("date"), t("description"), t("series")],
    resources.map(s => h("tr", {}, h("td", {}, formatDate(s.started)), h("td", {}, s.description || ""),
      h("td", {}, (s.series || []).map(x => x.description || x.uid).join(", "))))) : null);
}

async function reports(subject) {
  const { resources } = await search("DiagnosticReport?subject=" + subject + "&code=" + encodeURIComponent(REPORT_CODE)
    + "&_sort=-issued&_count=50&_revinclude=Provenance:target");
  const provenances = resources.filter(r => r.resourceType === "Provenance");
  const rows = resources.filter(r => r.resourceType === "DiagnosticReport").map(r => {
    const review = provenances.filter(p => (p.target || []).some(x => (x.reference || "").startsWith("DiagnosticReport/" + r.id))
      && (p.agent || []).some(a => (a.who || {}).reference && a.who.reference.startsWith("Practitioner/")))
      .sort((a, b) => (b.recorded || "").localeCompare(a.recorded || ""))[0];
    const reviewer = review ? review.agent.map(a => a.who).find(w => w.reference.startsWith("Practitioner/")) : null;
    return h("tr", { "data-report": r.id }, h("td", {}, formatDate(r.effectiveDateTime)), h("td", {}, badge(r.status)),
      h("td", { class: "reviewer" }, reviewer ? (reviewer.display || reviewer.reference) : ""),
      h("td", {}, r.conclusion || ""), h("td", {}, h("a", { href: "#/report/" + r.id }, t("open"))));
  });
  return section("reports", t("reports"), rows.length ? table([t("studyDate"), t("status"), t("reviewer"), t("conclusion"), ""], rows) : null);
}

async function trend(subject) {
  const { resources } = await search("Observation?subject=" + subject + "&code=" + encodeURIComponent(VOLUME_CODE)
    + "&_sort=date&_count=500");
  const valid = resources.filter(o => !["cancelled", "entered-in-error"].includes(o.status) && o.valueQuantity);
  if (!valid.length) return section("trend", t("trendTitle"), null);
  const canvas = h("canvas", { id: "trend-chart", role: "img", "aria-label": t("trendTitle") });
  const box = section("trend", t("trendTitle"), h("div", { class: "chart" }, canvas));
  const datasets = REGIONS.map(reg => ({
    label: t(reg.key),
    data: valid.filter(o => (regionOf(o) || {}).code === reg.code)
      .map(o => ({ x: o.effectiveDateTime, y: o.valueQuantity.value })),
    borderColor: reg.rgb ? `rgb(${reg.rgb.join(",")})` : (reg.code === "whole-tumour" ? "#1f3b8f" : "#7a3fa0"),
    backgroundColor: "transparent", tension: 0,
  })).filter(d => d.data.length);
  const labels = [...new Set(valid.map(o => o.effectiveDateTime))].sort();
  datasets.forEach(d => { d.data = labels.map(l => (d.data.find(p => p.x === l) || { y: null }).y); });
  new Chart(canvas, {
    type: "line",
    data: { labels: labels.map(formatDate), datasets },
    options: { animation: false, spanGaps: true, scales: { y: { title: { display: true, text: "cm³" }, beginAtZero: true } } },
  });
  // the chart's numbers, for screen readers and keyboard users
  box.append(h("details", {}, h("summary", {}, t("volumes")), table([t("date"), ...datasets.map(d => ({ label: d.label, num: true }))],
    labels.map((l, i) => h("tr", {}, h("td", {}, formatDate(l)), datasets.map(d => h("td", { class: "num" }, formatNumber(d.data[i]))))))));
  return box;
}

async function labs(subject) {
  const { resources } = await search("Observation?subject=" + subject + "&category=laboratory&_sort=-date&_count=50");
  return section("labs", t("labs"), resources.length ? table([t("date"), t("type"), t("value"), t("flag")],
    resources.map(o => h("tr", {}, h("td", {}, formatDate(o.effectiveDateTime || o.issued)), h("td", {}, text(o.code)),
      h("td", {}, o.valueQuantity ? formatNumber(o.valueQuantity.value, 1) + " " + (o.valueQuantity.unit || "") : (o.valueString || text(o.valueCodeableConcept))),
      h("td", {}, (o.interpretation || []).map(text).join(", "))))) : null);
}

async function documents(subject) {
  const { resources } = await search("DocumentReference?subject=" + subject + "&_sort=-date&_count=50");
  return section("documents", t("documents"), resources.length ? table([t("date"), t("title"), t("type")],
    resources.map(d => h("tr", {}, h("td", {}, formatDate(d.date)),
      h("td", {}, d.description || ((d.content || [])[0] || {}).attachment?.title || d.id), h("td", {}, text(d.type))))) : null);
}

async function encounters(subject) {
  const { resources } = await search("Encounter?subject=" + subject + "&_sort=-date&_count=50");
  return section("consultations", t("consultations"), resources.length ? table([t("date"), t("type"), t("status")],
    resources.map(e => h("tr", {}, h("td", {}, formatDate((e.period || {}).start)), h("td", {}, (e.type || []).map(text).join(", ")),
      h("td", {}, e.status)))) : null);
}

/** The patient's appointments; in their own file a patient may cancel one still to come (the server applies the notice). */
async function appointments(subject, own) {
  const { resources } = await search("Appointment?actor=" + subject + "&_sort=-date&_count=50");
  const now = Date.now();
  return section("appointments", t("appointments"), resources.length ? table([t("date"), t("mode"), t("description"), t("status"), ""],
    resources.map(a => {
      const state = h("td", { class: "appt-status" }, appointmentStatus(a.status));
      return h("tr", { "data-appointment": a.id }, h("td", {}, formatDateTime(a.start)),
        h("td", {}, modeOf(a) ? t(modeOf(a)) : ""), h("td", {}, a.description || a.comment || ""), state,
        h("td", {}, own && OPEN_APPOINTMENT.includes(a.status) && Date.parse(a.start) > now ? cancelForm(a, state) : null));
    })) : null);
}

function cancelForm(appointment, state) {
  const id = "cancel-reason-" + appointment.id;
  const reason = h("input", { id, type: "text", maxlength: "2000", required: true });
  const out = h("p", { role: "status" });
  const form = h("form", { class: "cancel", onsubmit: async e => {
    e.preventDefault();
    try {
      const now = await fhir("Appointment/" + appointment.id + "/$cancel", { method: "POST",
        body: { resourceType: "Parameters", parameter: [{ name: "reason", valueString: reason.value.trim() }] } });
      state.textContent = appointmentStatus(now.status);
      form.replaceChildren(h("p", { class: "ok", role: "status" }, t("apptSaved", appointmentStatus(now.status))));
    } catch (err) {
      // e.g. 422 when it is too late to cancel: the server's words
      out.className = "error";
      out.textContent = err.message;
    }
  } }, h("label", { for: id }, t("cancelReason")), " ", reason, " ",
    h("button", { type: "submit", class: "danger" }, t("cancelAppt")), out);
  return form;
}

function section(id, title, content) {
  return h("section", { id: "section-" + id, "aria-labelledby": "h-" + id }, h("h2", { id: "h-" + id }, title),
    content || h("p", { class: "muted" }, t("none")));
}

function text(cc) {
  if (!cc) return "";
  return cc.text || ((cc.coding || [])[0] || {}).display || ((cc.coding || [])[0] || {}).code || "";
}
