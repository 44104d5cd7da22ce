import { h, put, patientName, byRef, showError } from "./dom.js";
import { t, currentLang } from "./i18n.js";
import { fhir, search, searchAll } from "./fhir.js";
import { patientFinder } from "./upload.js";

// A practitioner's week (or a room's): their appointments and the free slots of one availability schedule, on the
// schedule's wall clock. Per week shown: one Appointment/$find and one Appointment search; the schedules once.
const SD = "https://neurofhir.org/fhir/StructureDefinition/";
const AVAILABILITY = SD + "availability-schedule";
const TIME_ZONE = SD + "availability-time-zone";
const MODE = SD + "consultation-mode";
const MODES = ["in-person", "remote"];
export const OPEN_APPOINTMENT = ["proposed", "pending", "booked"];
const DAY = 86400000;

/** The appointment's consultation mode (in-person | remote), or null. */
export function modeOf(resource) {
  const x = (resource.extension || []).find(e => e.url === MODE);
  return x && x.valueCoding ? x.valueCoding.code : null;
}

export function appointmentStatus(code) {
  return t("appt-" + code);
}

/** `#/agenda/{schedule}/{monday}`: both optional (a doctor's own schedule, this week). */
export async function agendaPage(main, [scheduleId, weekParam], who) {
  const self = who.roles.includes("doctor") && who.fhirUser.startsWith("Practitioner/") ? who.fhirUser : null;
  const may = {
    book: who.roles.some(r => ["doctor", "secretary", "admin"].includes(r)),
    cancelAny: who.roles.some(r => ["secretary", "admin"].includes(r)),
    self,
  };
  // a Practitioner actor names whose schedule it is; other actors (rooms, scanners) show as their display
  const { resources } = await searchAll("Schedule?_profile=" + encodeURIComponent(AVAILABILITY)
    + "&active=true&_include=Schedule:actor:Practitioner&_count=200");
  const refs = byRef(resources);
  const schedules = resources.filter(r => r.resourceType === "Schedule").map(s => describe(s, refs))
    .sort((a, b) => (b.actors.includes(self) - a.actors.includes(self)) || a.label.localeCompare(b.label));
  main.replaceChildren(h("h1", {}, t("agenda")));
  if (!schedules.length) {
    main.append(h("p", { id: "agenda-none" }, t("noSchedule")));
    return;
  }
  const select = h("select", { id: "agenda-schedule" },
    h("option", { value: "" }, t("chooseSchedule")),
    schedules.map(s => h("option", { value: s.id }, s.label)));
  const showCancelled = h("input", { type: "checkbox", id: "agenda-show-cancelled" });
  const title = h("h2", { id: "agenda-week-title" });
  const week = h("div", { id: "agenda-week" });
  const panel = h("section", { id: "agenda-panel", class: "card", "aria-labelledby": "agenda-panel-title" });
  const bar = h("div", { class: "agenda-bar" },
    h("label", { for: "agenda-schedule" }, t("agendaOf")), select,
    h("button", { type: "button", id: "agenda-prev", class: "secondary", onclick: () => move(-7) }, t("previousWeek")),
    h("button", { type: "button", id: "agenda-today", class: "secondary", onclick: () => move(null) }, t("today")),
    h("button", { type: "button", id: "agenda-next", class: "secondary", onclick: () => move(7) }, t("nextWeek")),
    h("label", {}, showCancelled, " ", t("showCancelled")));
  main.append(bar, title, h("div", { class: "agenda-layout" }, week, panel));

  let current = schedules.find(s => s.id === scheduleId) || (self && schedules.find(s => s.actors.includes(self))) || null;
  let monday = /^\d{4}-\d{2}-\d{2}$/.test(weekParam || "") ? Date.parse(weekParam + "T00:00:00Z") : null;
  let shown = null;
  let loads = 0; // only the latest week asked for is drawn, however the answers arrive
  select.value = current ? current.id : "";
  select.addEventListener("change", () => {
    current = schedules.find(s => s.id === select.value) || null;
    load().catch(showError);
  });
  showCancelled.addEventListener("change", () => shown && draw());
  await load();

  function move(days) {
    if (!current) return;
    monday = days == null ? null : monday + days * DAY;
    showError(null);
    load().catch(showError);
  }


  async function load(keepPanel) {
    if (!current) {
      put(week, h("p", { class: "muted" }, t("chooseSchedulePrompt")));
      title.textContent = "";
      hint();
      return;
    }
    if (monday == null) monday = mondayOf(new Date(), current.zone);
    history.replaceState(null, "", "#/agenda/" + current.id + "/" + day(monday));
    const start = midnight(monday, current.zone), end = midnight(monday + 7 * DAY, current.zone);
    const range = "&start=" + encodeURIComponent(start.toISOString()) + "&end=" + encodeURIComponent(end.toISOString());
    const dates = "&date=ge" + encodeURIComponent(start.toISOString()) + "&date=lt" + encodeURIComponent(end.toISOString());
    week.setAttribute("aria-busy", "true");
    const ticket = ++loads;
    const [free, booked] = await Promise.all([
      search("Appointment/$find?schedule=Schedule/" + current.id + range),
      current.whose ? search("Appointment?actor=" + current.whose + dates + "&_include=Appointment:patient&_count=500")
        : Promise.resolve({ resources: [] }),
    ]);
    if (ticket !== loads) return;
    const patients = byRef(booked.resources.filter(r => r.resourceType === "Patient"));
    const now = Date.now();
    shown = {
      // a slot already started cannot be booked any more
      slots: free.resources.filter(s => Date.parse(s.start) > now),
      appointments: booked.resources.filter(r => r.resourceType === "Appointment").map(a => ({
        resource: a, patient: patients.get(((a.participant || []).map(p => p.actor || {})
          .find(x => (x.reference || "").startsWith("Patient/")) || {}).reference),
      })),
      start, end, monday,
    };
    draw();
    if (!keepPanel) hint();
  }

  function draw() {
    const { zone } = current;
    const appointments = shown.appointments.filter(a => showCancelled.checked
      || !["cancelled", "entered-in-error"].includes(a.resource.status));
    const items = [
      ...shown.slots.map(s => ({ at: Date.parse(s.start), el: () => slotItem(s) })),
      ...appointments.map(a => ({ at: Date.parse(a.resource.start), el: () => appointmentItem(a) })),
    ].map(i => ({ ...i, wall: wall(new Date(i.at), zone) })).sort((a, b) => a.at - b.at);
    const hours = items.map(i => i.wall.hour);
    const first = Math.min(8, ...hours), last = Math.max(17, ...hours);
    const today = mondayOf(new Date(), zone) === shown.monday ? wallDay(new Date(), zone) : null;
    const days = [...Array(7).keys()].map(i => shown.monday + i * DAY);
    const rows = [];
    for (let hour = first; hour <= last; hour++) {
      rows.push(h("tr", {}, h("th", { scope: "row", class: "hour" }, pad(hour) + ":00"),
        days.map(d => h("td", { class: d === today ? "today" : null },
          items.filter(i => i.wall.hour === hour && wallDay(new Date(i.at), zone) === d).map(i => i.el())))));
    }
    title.textContent = t("weekOf", dayName(days[0], true), dayName(days[6], true), zone);
    put(week, h("table", { class: "agenda", "data-week": day(shown.monday) },
      h("caption", { class: "muted" }, t("timesIn", zone)),
      h("thead", {}, h("tr", {}, h("th", { scope: "col", class: "hour" }, t("hour")),
        days.map(d => h("th", { scope: "col", class: d === today ? "today" : null }, dayName(d, false))))),
      h("tbody", {}, rows)));
    week.removeAttribute("aria-busy");
  }

  function slotItem(slot) {
    const modes = modeOf(slot) ? [modeOf(slot)] : MODES;
    const places = /(\d+) of (\d+)/.exec(slot.comment || "");
    const text = [time(slot.start), t("freeSlot"), modes.length === 1 ? t(modes[0]) : null,
      places ? t("placesFree", places[1], places[2]) : null].filter(Boolean).join(" · ");
    const label = t("freeSlotLabel", dayName(wallDay(new Date(slot.start), current.zone), true),
      time(slot.start) + "–" + time(slot.end), modes.map(m => t(m)).join(" / "));
    if (!may.book) return h("span", { class: "slot", "data-start": slot.start }, text);
    return h("button", { type: "button", class: "slot", "data-start": slot.start, "aria-label": label,
      onclick: () => bookingPanel(slot, modes) }, text);
  }

  function appointmentItem(a) {
    const r = a.resource;
    const mode = modeOf(r);
    return h("button", { type: "button", class: "appt " + r.status, "data-appointment": r.id,
      onclick: () => appointmentPanel(a) },
      h("span", { class: "appt-who" }, time(r.start) + " " + (a.patient ? patientName(a.patient) : t("patient"))),
      h("span", { class: "appt-what" }, [appointmentStatus(r.status), mode ? t(mode) : null].filter(Boolean).join(" · ")));
  }

  function hint() {
    put(panel, h("h2", { id: "agenda-panel-title", tabindex: "-1" }, t("details")),
      h("p", { class: "muted" }, t(may.book ? "agendaHint" : "agendaHintView")));
  }

  function panelTitle(text) {
    const heading = h("h2", { id: "agenda-panel-title", tabindex: "-1" }, text);
    setTimeout(() => heading.focus(), 0);
    return heading;
  }

  function result(ok, text) {
    return h("p", { id: "agenda-result", role: "status", class: ok ? "ok" : "error" }, text);
  }

  function bookingPanel(slot, modes) {
    let chosen = null;
    const chosenText = h("p", { id: "book-chosen" }, t("noPatientChosen"));
    const finder = patientFinder("book-patient", p => h("button", { type: "button", class: "choose-patient secondary",
      onclick: () => { chosen = p; chosenText.textContent = t("chosenPatient", patientName(p)); } }, t("choose")));
    const note = h("textarea", { id: "book-note", maxlength: "2000" });
    const out = h("div", {});
    const send = h("button", { type: "submit", id: "book-send" }, t("book"));
    const modeChoice = modes.length > 1 ? h("fieldset", {}, h("legend", {}, t("mode")),
      modes.map((m, i) => h("label", {}, h("input", { type: "radio", name: "book-mode", value: m, checked: i === 0 }), " ", t(m))))
      : h("p", {}, t("modeIs", t(modes[0])));
    const form = h("form", { class: "upload", onsubmit: async e => {
      e.preventDefault();
      if (!chosen) { put(out, result(false, t("noPatientChosen"))); return; }
      const mode = modes.length > 1 ? form.querySelector("input[name=book-mode]:checked").value : null;
      const parameter = [
        { name: "schedule", valueReference: { reference: "Schedule/" + current.id } },
        { name: "start", valueDateTime: slot.start },
        { name: "patient", valueReference: { reference: "Patient/" + chosen.id } },
      ];
      if (mode) parameter.push({ name: "mode", valueCode: mode });
      if (note.value.trim()) parameter.push({ name: "note", valueString: note.value.trim() });
      send.disabled = true;
      try {
        const booked = await fhir("Appointment/$book", { method: "POST", body: { resourceType: "Parameters", parameter } });
        await load(true);
        appointmentPanel({ resource: booked, patient: chosen }, result(true, t("apptSaved", appointmentStatus(booked.status))));
      } catch (err) {
        // e.g. 409 when someone took the slot meanwhile: the server's words, and the week as it now is
        put(out, result(false, err.message));
        send.disabled = false;
        await load(true).catch(() => {});
      }
    } }, modeChoice, h("label", { for: "book-note" }, t("note")), note, h("p", {}, send), out);
    put(panel, panelTitle(t("newAppointment")),
      h("p", { id: "book-when" }, dayName(wallDay(new Date(slot.start), current.zone), true) + ", "
        + time(slot.start) + "–" + time(slot.end)),
      finder.form, finder.results, chosenText, form);
  }

  function appointmentPanel(a, message) {
    const r = a.resource;
    const parts = r.participant || [];
    const practitioners = parts.filter(p => ((p.actor || {}).reference || "").startsWith("Practitioner/"));
    const mine = may.self && practitioners.find(p => p.actor.reference === may.self);
    const open = OPEN_APPOINTMENT.includes(r.status);
    const out = h("div", {}, message);
    const reason = h("textarea", { id: "appt-reason", maxlength: "2000" });
    const act = (operation, needsReason) => async () => {
      if (needsReason && !reason.value.trim()) { put(out, result(false, t("reasonRequired"))); reason.focus(); return; }
      const body = { resourceType: "Parameters", parameter: needsReason ? [{ name: "reason", valueString: reason.value.trim() }] : [] };
      try {
        const now = await fhir("Appointment/" + r.id + "/" + operation, { method: "POST", body });
        await load(true);
        appointmentPanel({ resource: now, patient: a.patient }, result(true, t("apptSaved", appointmentStatus(now.status))));
      } catch (err) {
        put(out, result(false, err.message));
      }
    };
    const actions = [];
    if (mine && mine.status === "needs-action" && ["proposed", "pending"].includes(r.status)) {
      actions.push(h("button", { type: "button", id: "appt-confirm", onclick: act("$confirm", false) }, t("confirm")));
    }
    const decline = mine && open;
    const cancel = open && (may.cancelAny || mine);
    if (decline || cancel) {
      actions.push(h("label", { for: "appt-reason" }, t("reason")), reason, h("p", { class: "actions" },
        decline ? h("button", { type: "button", id: "appt-decline", class: "danger", onclick: act("$decline", true) }, t("decline")) : null,
        " ",
        cancel ? h("button", { type: "button", id: "appt-cancel", class: "danger", onclick: act("$cancel", true) }, t("cancelAppt")) : null));
    }
    const mode = modeOf(r);
    put(panel, panelTitle(a.patient ? patientName(a.patient) : t("appointment")),
      h("dl", { class: "facts", id: "appt-facts" },
        h("dt", {}, t("when")), h("dd", {}, dayName(wallDay(new Date(r.start), current.zone), true) + ", "
          + time(r.start) + "–" + time(r.end)),
        h("dt", {}, t("status")), h("dd", { id: "appt-status" }, h("span", { class: "badge appt " + r.status }, appointmentStatus(r.status))),
        mode ? [h("dt", {}, t("mode")), h("dd", {}, t(mode))] : null,
        practitioners.length ? [h("dt", {}, t("practitioner")), h("dd", {}, practitioners.map(p =>
          h("div", {}, nameOf(p.actor, refs) + " — " + t("part-" + p.status))))] : null,
        r.comment ? [h("dt", {}, t("note")), h("dd", {}, r.comment)] : null,
        r.cancelationReason ? [h("dt", {}, t("cancellationReason")), h("dd", { id: "appt-cancel-reason" },
          r.cancelationReason.text || "")] : null),
      a.patient ? h("p", {}, h("a", { href: "#/patient/" + a.patient.id }, t("openFile"))) : null,
      actions, out);
  }

  function time(value) {
    return new Intl.DateTimeFormat(locale(), { timeZone: current.zone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" })
      .format(new Date(value));
  }
}

/** One schedule for the picker: its id, time zone, whose agenda it is and a label. */
function describe(s, refs) {
  const actors = (s.actor || []).map(a => a.reference).filter(Boolean);
  const names = (s.actor || []).map(a => nameOf(a, refs));
  const specialty = (s.specialty || []).map(c => c.text || ((c.coding || [])[0] || {}).display).filter(Boolean);
  const zone = ((s.extension || []).find(x => x.url === TIME_ZONE) || {}).valueCode || "UTC";
  return {
    id: s.id, zone, actors,
    whose: actors.find(a => a.startsWith("Practitioner/")) || actors[0] || null,
    label: [names.join(", "), specialty.join(", ") || s.comment].filter(Boolean).join(" — "),
  };
}

/** A Practitioner's name when the search brought it, else the reference's display or the reference. */
function nameOf(reference, refs) {
  return refs.has(reference.reference) ? patientName(refs.get(reference.reference)) : (reference.display || reference.reference);
}

function locale() {
  return currentLang() === "fr" ? "fr-FR" : "en-GB";
}

function pad(n) {
  return String(n).padStart(2, "0");
}

/** A day as the UTC midnight of its date: plain day arithmetic, whatever the zone. */
function day(ms) {
  return new Date(ms).toISOString().slice(0, 10);
}

function dayName(ms, long) {
  return new Intl.DateTimeFormat(locale(), { timeZone: "UTC", weekday: long ? "long" : "short", day: "numeric",
    month: long ? "long" : "short" }).format(new Date(ms));
}

/** The wall clock of an instant in a zone. */
function wall(instant, zone) {
  const p = Object.fromEntries(new Intl.DateTimeFormat("en-GB", { timeZone: zone, hourCycle: "h23", year: "numeric",
    month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit" })
    .formatToParts(instant).map(x => [x.type, Number(x.value)]));
  return { date: Date.UTC(p.year, p.month - 1, p.day), hour: p.hour, minute: p.minute, second: p.second };
}

function wallDay(instant, zone) {
  return wall(instant, zone).date;
}

function mondayOf(instant, zone) {
  const d = wallDay(instant, zone);
  return d - ((new Date(d).getUTCDay() + 6) % 7) * DAY;
}

/** The instant a day starts in a zone (its offset read at that instant, twice, for a change overnight). */
function midnight(date, zone) {
  const offset = at => { const w = wall(at, zone); return w.date + ((w.hour * 60 + w.minute) * 60 + w.second) * 1000 - Math.floor(at / 1000) * 1000; };
  let guess = new Date(date - offset(new Date(date)));
  guess = new Date(date - offset(guess));
  return guess;
}
