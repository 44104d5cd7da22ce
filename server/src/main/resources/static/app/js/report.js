import { h, put, table, REGIONS, regionOf, patientName, badge, byRef, status } from "./dom.js";
import { t, formatDate, formatNumber } from "./i18n.js";
import { fhir, search, url, authHeader } from "./fhir.js";

const SEQUENCES = ["T1", "T1CE", "T2", "FLAIR"];
const LABEL_MAP_TYPE = "application/gzip";

/** A segmentation report: the viewer (MR + label map), the volumes, and the review a doctor may give. */
export async function reportPage(main, reportId, who) {
  const { resources } = await search("DiagnosticReport?_id=" + encodeURIComponent(reportId)
    + "&_include=DiagnosticReport:result&_include=DiagnosticReport:subject");
  const refs = byRef(resources);
  const report = resources.find(r => r.resourceType === "DiagnosticReport");
  if (!report) throw new Error("404: DiagnosticReport/" + reportId);
  const patient = refs.get((report.subject || {}).reference);
  const observations = (report.result || []).map(r => refs.get(r.reference)).filter(Boolean);
  put(main,
    h("h1", {}, t("report") + " — ", patient ? h("a", { href: "#/patient/" + patient.id }, patientName(patient)) : ""),
    h("p", {}, t("studyDate") + ": " + formatDate(report.effectiveDateTime) + " · " + t("status") + ": ",
      h("span", { id: "report-status" }, badge(report.status))),
    report.conclusion ? h("p", { id: "report-conclusion" }, t("conclusion") + ": " + report.conclusion) : null,
    pdfLink(report));
  const viewerBox = h("section", { "aria-labelledby": "h-viewer" }, h("h2", { id: "h-viewer" }, t("viewerTitle")));
  main.append(viewerBox, volumesTable(observations));
  if (who.roles.includes("doctor")) main.append(reviewForm(report, observations));
  await viewer(viewerBox, report, who);
}

function pdfLink(report) {
  const pdf = (report.presentedForm || []).find(f => f.contentType === "application/pdf" && f.url);
  return pdf ? h("p", {}, h("a", { href: "#", onclick: e => { e.preventDefault(); openBinary(pdf.url); } }, t("pdf"))) : null;
}

async function openBinary(ref) {
  const response = await fhir(ref, { raw: true, headers: { Accept: "application/pdf" } });
  window.open(URL.createObjectURL(await response.blob()), "_blank", "noopener");
}

function volumesTable(observations) {
  return h("section", { "aria-labelledby": "h-volumes" }, h("h2", { id: "h-volumes" }, t("volumes")),
    table([t("overlay"), { label: "cm³", num: true }, t("status")], REGIONS.map(reg => {
      const o = observations.find(x => (regionOf(x) || {}).code === reg.code);
      return h("tr", { "data-region": reg.code }, h("td", {}, t(reg.key)),
        h("td", { class: "num" }, o && o.valueQuantity ? formatNumber(o.valueQuantity.value) : ""), h("td", {}, o ? o.status : ""));
    })));
}

/**
 * The study's MR volumes reachable through FHIR, from its segmentation Task's inputs: the NIfTI Binaries of an
 * upload, or for a study received over DICOM its series through ImagingStudy/{id}/$nifti (staff roles).
 */
async function baseVolumes(report, who) {
  const study = ((report.imagingStudy || [])[0] || {}).reference;
  if (!study) return {};
  const { resources } = await search("Task?focus=" + study + "&_count=20").catch(() => ({ resources: [] }));
  const mayConvert = who.roles.some(r => ["doctor", "nurse", "admin"].includes(r));
  const found = {};
  for (const task of resources.filter(r => r.resourceType === "Task")) {
    for (const input of task.input || []) {
      const ref = (input.valueReference || {}).reference || "";
      const seq = ((input.type || {}).text || "").toUpperCase();
      if (!SEQUENCES.includes(seq)) continue;
      if (ref.startsWith("Binary/")) found[seq] = ref;
      else if (ref.startsWith("ImagingStudy/") && mayConvert) found[seq] = ref + "/$nifti?sequence=" + seq;
    }
  }
  return found;
}

async function viewer(box, report, who) {
  const labelForm = (report.presentedForm || []).find(f => f.contentType === LABEL_MAP_TYPE && f.url);
  const canvas = h("canvas", { id: "gl", role: "img", "aria-label": t("viewerTitle") });
  const controls = h("div", { class: "controls" });
  box.append(h("div", { class: "viewer" }, h("div", {}, canvas), controls));
  const bases = await baseVolumes(report, who);
  const auth = await authHeader();
  const nv = new niivue.Niivue({ backColor: [0, 0, 0, 1], show3Dcrosshair: true, isOrientationTextVisible: true,
    loadingText: t("loading"), isColorbar: false });
  await nv.attachToCanvas(canvas);
  nv.setSliceType(nv.sliceTypeMultiplanar);
  const volumeList = [];
  const firstBase = ["T1CE", "FLAIR", "T1", "T2"].find(s => bases[s]);
  if (firstBase) {
    volumeList.push(volumeSource(bases[firstBase], firstBase, auth, { colormap: "gray" }));
  } else {
    box.insertBefore(h("p", { class: "muted", id: "no-base" }, t("noBase")), box.lastChild);
  }
  if (labelForm) volumeList.push(volumeSource(labelForm.url, "labels", auth, { opacity: 0.6 }));
  await nv.loadVolumes(volumeList);
  const labelIndex = labelForm ? nv.volumes.length - 1 : -1;
  if (labelIndex >= 0) {
    nv.volumes[labelIndex].setColormapLabel(labelColormap());
    nv.updateGLVolume();
  }
  put(controls, viewControls(nv), labelIndex >= 0 ? overlayControls(nv, labelIndex) : null,
    firstBase ? baseControls(nv, bases, firstBase, auth) : null, legend());
  box.dataset.loaded = "true";
}

function volumeSource(ref, name, auth, extra) {
  return { url: url(ref), name: name + ".nii.gz", headers: { Authorization: auth, Accept: "application/octet-stream" }, ...extra };
}

function labelColormap() {
  const drawn = REGIONS.filter(r => r.label);
  return {
    R: [0, ...drawn.map(r => r.rgb[0])], G: [0, ...drawn.map(r => r.rgb[1])], B: [0, ...drawn.map(r => r.rgb[2])],
    A: [0, ...drawn.map(() => 255)], I: [0, ...drawn.map(r => r.label)], labels: ["", ...drawn.map(r => t(r.key))],
  };
}

function viewControls(nv) {
  const views = [["axial", nv.sliceTypeAxial], ["coronal", nv.sliceTypeCoronal], ["sagittal", nv.sliceTypeSagittal],
    ["multiplanar", nv.sliceTypeMultiplanar], ["render", nv.sliceTypeRender]];
  return h("fieldset", {}, h("legend", {}, t("view")), views.map(([key, type]) =>
    h("label", {}, h("input", { type: "radio", name: "view", value: key, checked: key === "multiplanar",
      onchange: () => nv.setSliceType(type) }), " " + t(key) + " ")));
}

function overlayControls(nv, index) {
  let opacity = 0.6;
  const show = h("input", { type: "checkbox", id: "show-overlay", checked: true,
    onchange: () => nv.setOpacity(index, show.checked ? opacity : 0) });
  const slider = h("input", { type: "range", id: "overlay-opacity", min: "0", max: "1", step: "0.05", value: String(opacity),
    oninput: () => { opacity = Number(slider.value); if (show.checked) nv.setOpacity(index, opacity); } });
  return h("fieldset", {}, h("legend", {}, t("overlay")),
    h("label", {}, show, " " + t("showOverlay")),
    h("label", { for: "overlay-opacity" }, t("opacity") + " "), slider);
}

function baseControls(nv, bases, current, auth) {
  const select = h("select", { id: "base-volume", onchange: async () => {
    status(t("loading"));
    const image = await niivue.NVImage.loadFromUrl(volumeSource(bases[select.value], select.value, auth, { colormap: "gray" }));
    nv.removeVolume(nv.volumes[0]);
    nv.addVolume(image);
    nv.setVolume(image, 0);
    status("");
  } }, SEQUENCES.filter(s => bases[s]).map(s => h("option", { value: s, selected: s === current }, s)));
  return h("fieldset", {}, h("legend", {}, h("label", { for: "base-volume" }, t("baseVolume"))), select);
}

function legend() {
  return h("fieldset", { class: "legend" }, h("legend", {}, t("legendTitle")), h("ul", {}, REGIONS.filter(r => r.label).map(r =>
    h("li", {}, h("span", { class: "swatch", style: `background: rgb(${r.rgb.join(",")})`, "aria-hidden": "true" }),
      t(r.key) + " (" + r.label + ")"))));
}

/** accept / amend (volumes, conclusion) / reject with a comment, through DiagnosticReport/{id}/$review. */
function reviewForm(report, observations) {
  const out = h("div", { id: "review-result", role: "status" });
  const section = h("section", { "aria-labelledby": "h-review" }, h("h2", { id: "h-review" }, t("reviewTitle")));
  if (["cancelled"].includes(report.status)) {
    section.append(h("p", {}, t("notReviewable", t(report.status))));
    return section;
  }
  const released = report.status !== "preliminary";
  const decisions = released ? ["amend"] : ["accept", "amend", "reject"];
  const amendBox = h("div", { id: "amend-fields", hidden: true },
    REGIONS.slice(0, 3).map(reg => {
      const o = observations.find(x => (regionOf(x) || {}).code === reg.code);
      return h("p", {}, h("label", { for: "vol-" + reg.code }, t(reg.key) + " (cm³)"),
        h("input", { type: "number", id: "vol-" + reg.code, min: "0", step: "0.01",
          value: o && o.valueQuantity ? String(o.valueQuantity.value) : "" }));
    }),
    h("label", { for: "review-conclusion" }, t("conclusion")), h("textarea", { id: "review-conclusion" }, report.conclusion || ""));
  const comment = h("textarea", { id: "review-comment" });
  const form = h("form", { class: "review", onsubmit: e => { e.preventDefault(); submit(); } },
    h("fieldset", {}, h("legend", {}, t("decision")), decisions.map(d => h("label", { style: "display:inline; margin-right: 12px" },
      h("input", { type: "radio", name: "decision", value: d, checked: d === decisions[0],
        onchange: () => { amendBox.hidden = d !== "amend"; } }), " " + t(d)))),
    amendBox, h("label", { for: "review-comment" }, t("comment")), comment,
    h("p", {}, h("button", { type: "submit", id: "review-send" }, t("send"))));
  amendBox.hidden = decisions[0] !== "amend";
  section.append(form, out);

  async function submit() {
    const decision = form.querySelector("input[name=decision]:checked").value;
    const params = { resourceType: "Parameters", parameter: [{ name: "decision", valueCode: decision }] };
    if (comment.value.trim()) params.parameter.push({ name: "comment", valueString: comment.value.trim() });
    if (decision === "amend") {
      REGIONS.slice(0, 3).forEach(reg => {
        const input = document.getElementById("vol-" + reg.code);
        const o = observations.find(x => (regionOf(x) || {}).code === reg.code);
        const before = o && o.valueQuantity ? o.valueQuantity.value : null;
        if (input.value !== "" && Number(input.value) !== before) {
          params.parameter.push({ name: "correction", part: [{ name: "code", valueCode: reg.code },
            { name: "value", valueQuantity: { value: Number(input.value), unit: "cm3", system: "http://unitsofmeasure.org", code: "cm3" } }] });
        }
      });
      const conclusion = document.getElementById("review-conclusion").value.trim();
      if (conclusion && conclusion !== report.conclusion) params.parameter.push({ name: "conclusion", valueString: conclusion });
    }
    const button = document.getElementById("review-send");
    button.disabled = true;
    out.className = "";
    out.textContent = "";
    try {
      const answer = await fhir("DiagnosticReport/" + report.id + "/$review", { method: "POST", body: params,
        headers: { "If-Match": 'W/"' + report.meta.versionId + '"' } });
      const saved = (answer.parameter || []).find(p => p.name === "report");
      const newStatus = saved && saved.resource ? saved.resource.status : "";
      out.className = "ok";
      out.textContent = t("reviewDone", t(newStatus));
      document.getElementById("report-status").replaceChildren(badge(newStatus));
    } catch (err) {
      out.className = "error";
      out.textContent = err.message;
      button.disabled = false;
    }
  }
  return section;
}
