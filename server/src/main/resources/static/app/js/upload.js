import { h, table, patientName, mrnOf } from "./dom.js";
import { t, formatDate } from "./i18n.js";
import { fhir, search } from "./fhir.js";

const SEQUENCES = ["t1", "t1ce", "t2", "flair"];
const PROGRESS = "https://neurofhir.org/fhir/StructureDefinition/task-progress";

/** Patients found by name or record number, for the upload and the patient file. */
export async function patientSearch(main, who, next) {
  const finder = patientFinder("patient", p => h("a", { href: next(p), class: "choose-patient" }, t("open")));
  main.replaceChildren(h("h1", {}, who.roles.includes("secretary") ? t("upload") : t("patients")), finder.form, finder.results);
  finder.input.focus();
  await finder.run();
}

/**
 * A search box for patients by name or record number (digits = record number) and a table of the hits, each ending
 * in what `action(patient)` gives (a link, a button). Ids start with `prefix`, so two may share a page.
 */
export function patientFinder(prefix, action) {
  const input = h("input", { id: prefix + "-query", type: "search", autocomplete: "off" });
  const results = h("div", { id: prefix + "-results" });
  const form = h("form", { onsubmit: async e => { e.preventDefault(); await run(); } },
    h("label", { for: prefix + "-query" }, t("searchPatients")), " ", input, " ", h("button", { type: "submit" }, t("search")));
  async function run() {
    const q = input.value.trim();
    const query = /\d/.test(q) ? "identifier=" + encodeURIComponent(q) : "name=" + encodeURIComponent(q);
    const { resources } = await search("Patient?" + (q ? query + "&" : "") + "_count=20&_sort=-_lastUpdated");
    results.replaceChildren(resources.length ? table([t("patient"), t("mrn"), t("birthDate"), ""], resources.map(p =>
      h("tr", {}, h("td", {}, patientName(p)), h("td", {}, mrnOf(p)), h("td", {}, formatDate(p.birthDate)),
        h("td", {}, action(p))))) : h("p", {}, t("none")));
  }
  return { form, results, input, run };
}

/** Four NIfTI files for a patient → four Binaries → Patient/{id}/$segment → the Task, polled until it ends. */
export async function uploadPage(main, patientId, who) {
  const readsReports = who.roles.some(r => ["doctor", "nurse", "admin"].includes(r));
  const patient = await fhir("Patient/" + encodeURIComponent(patientId));
  const inputs = SEQUENCES.map(s => h("input", { type: "file", id: "file-" + s, accept: ".nii,.nii.gz,.gz", required: true }));
  const progress = h("progress", { class: "progress", id: "task-progress", max: "100", value: "0", hidden: true });
  const out = h("p", { id: "upload-status", role: "status", "aria-live": "polite" });
  const button = h("button", { type: "submit", id: "upload-send" }, t("uploadStart"));
  const form = h("form", { class: "upload", onsubmit: e => { e.preventDefault(); send(); } },
    SEQUENCES.map((s, i) => h("p", {}, h("label", { for: "file-" + s }, t("file") + " " + s.toUpperCase()), inputs[i])),
    h("p", {}, button));
  main.replaceChildren(h("h1", {}, t("upload") + " — " + patientName(patient) + " (" + mrnOf(patient) + ")"), form, progress, out);

  async function send() {
    button.disabled = true;
    out.className = "";
    try {
      const params = { resourceType: "Parameters", parameter: [] };
      for (let i = 0; i < SEQUENCES.length; i++) {
        const file = inputs[i].files[0];
        out.textContent = t("uploading", file.name);
        const response = await fhir("Binary", { method: "POST", raw: true, body: file,
          headers: { "Content-Type": file.name.endsWith(".gz") ? "application/gzip" : "application/octet-stream",
            // whose file the upload belongs to (Binary.securityContext): who may read it follows that patient
            "X-Security-Context": "Patient/" + patient.id } });
        const location = response.headers.get("Location") || response.headers.get("Content-Location");
        const id = location.split("/Binary/")[1].split("/")[0];
        params.parameter.push({ name: SEQUENCES[i], valueReference: { reference: "Binary/" + id } });
      }
      const answer = await fhir("Patient/" + patient.id + "/$segment", { method: "POST", body: params, raw: true });
      const taskUrl = answer.headers.get("Content-Location") || answer.headers.get("Location");
      await follow("Task/" + taskUrl.split("/Task/")[1].split("/")[0]);
    } catch (err) {
      out.className = "error";
      out.textContent = err.message;
      button.disabled = false;
    }
  }

  async function follow(taskRef) {
    progress.hidden = false;
    for (;;) {
      const task = await fhir(taskRef);
      const stage = (task.businessStatus || {}).text || (((task.businessStatus || {}).coding || [])[0] || {}).code || task.status;
      const pct = ((task.extension || []).find(x => x.url === PROGRESS) || {}).valueInteger;
      if (task.status === "completed") {
        progress.value = 100;
        const report = (task.output || []).map(o => (o.valueReference || {}).reference || "").find(r => r.startsWith("DiagnosticReport/"));
        out.className = "ok";
        out.replaceChildren(t("reportReady"), " ", report && readsReports ? h("a", { href: "#/report/" + report.split("/")[1], id: "upload-report" }, report) : "");
        return;
      }
      if (task.status === "failed") {
        out.className = "error";
        out.textContent = t("taskFailed", (task.statusReason || {}).text || stage);
        return;
      }
      progress.value = pct || 0;
      out.textContent = t("taskStatus", stage, pct || 0);
      await new Promise(r => setTimeout(r, 1000));
    }
  }
}
