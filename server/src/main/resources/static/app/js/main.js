import { t, setLang, currentLang, translateStatic } from "./i18n.js";
import { h, showError, status } from "./dom.js";
import { signIn, signOut } from "./fhir.js";
import { worklist } from "./worklist.js";
import { patientFile } from "./patient.js";
import { reportPage } from "./report.js";
import { patientSearch, uploadPage } from "./upload.js";
import { agendaPage } from "./agenda.js";

// Screens per role: what a role may not do is not offered (the server refuses it anyway).
// A nurse's agenda is for reading: her role calls none of the booking operations.
const NAV = {
  doctor: [["#/worklist", "worklist"], ["#/patients", "patients"], ["#/agenda", "agenda"]],
  nurse: [["#/worklist", "worklist"], ["#/patients", "patients"], ["#/agenda", "agenda"]],
  admin: [["#/worklist", "worklist"], ["#/patients", "patients"], ["#/agenda", "agenda"]],
  secretary: [["#/upload", "upload"], ["#/agenda", "agenda"]],
  patient: [["#/me", "myFile"]],
};

let who = null;

function navFor() {
  const seen = new Set();
  return who.roles.flatMap(r => NAV[r] || []).filter(([href]) => !seen.has(href) && seen.add(href));
}

function renderNav() {
  const nav = document.getElementById("nav");
  const here = location.hash.split("/").slice(0, 2).join("/");
  nav.replaceChildren(...navFor().map(([href, key]) =>
    h("a", { href, "aria-current": href === here ? "page" : null }, t(key))));
  document.getElementById("who").textContent = who.user + " (" + who.roles.join(", ") + ")";
}

let generation = 0;

async function route() {
  const mine = ++generation;
  // a screen still loading for an earlier address goes on drawing into the element it was given, now detached
  const old = document.getElementById("main");
  const main = old.cloneNode(false);
  old.replaceWith(main);
  const [, page, id, ...rest] = location.hash.split("/");
  showError(null);
  status("");
  renderNav();
  const allowed = navFor();
  try {
    if (!page) {
      location.replace(allowed.length ? allowed[0][0] : "#/none");
      return;
    }
    main.replaceChildren(h("p", {}, t("loading")));
    if (who.roles.includes("patient") && !["me", "report"].includes(page)) throw new Error(t("forbidden"));
    if (page === "worklist") await worklist(main);
    else if (page === "me") await patientFile(main, who.fhirUser.split("/")[1], who);
    else if (page === "patient") await patientFile(main, id, who);
    else if (page === "report") await reportPage(main, id, who);
    else if (page === "patients") await patientSearch(main, who, p => "#/patient/" + p.id);
    else if (page === "upload" && id) await uploadPage(main, id, who);
    else if (page === "agenda") await agendaPage(main, [id, ...rest], who);
    else if (page === "upload") await patientSearch(main, who, p => "#/upload/" + p.id);
    else throw new Error(t("forbidden"));
    main.focus({ preventScroll: true });
  } catch (err) {
    if (mine !== generation) return;
    main.replaceChildren();
    showError(err);
  }
}

async function start() {
  const select = document.getElementById("lang");
  select.value = currentLang();
  setLang(currentLang());
  select.addEventListener("change", () => { setLang(select.value); if (who) route(); });
  try {
    who = await signIn();
  } catch (err) {
    showError(err);
    return;
  }
  const out = document.getElementById("signout");
  out.hidden = false;
  out.addEventListener("click", signOut);
  translateStatic();
  // opened by an EHR for a patient: that patient's file first
  if (who.launchPatient && !location.hash && !who.roles.includes("patient")) {
    // replaceState fires no hashchange: the page is drawn once, by the route() below
    history.replaceState(null, "", "#/patient/" + encodeURIComponent(who.launchPatient));
  }
  window.addEventListener("hashchange", route);
  await route();
}

start();
