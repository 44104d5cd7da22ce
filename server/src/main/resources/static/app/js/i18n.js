// UI strings in English and French (the seed clinics are French-speaking). The browser's language decides, the
// header's switch overrides it (kept in localStorage).
const STRINGS = {
  en: {
    skip: "Skip to content", language: "Language", signOut: "Sign out", signingIn: "Signing in…",
    worklist: "Worklist", patients: "Patients", upload: "Upload a study", myFile: "My file",
    worklistTitle: "Segmentation reports to review", worklistEmpty: "No preliminary report waits for review.",
    patient: "Patient", studyDate: "Study date", model: "Model", volumes: "Volumes (cm³)", issued: "Issued",
    open: "Open", status: "Status", reviewer: "Reviewer", report: "Report", reports: "Reports", studies: "Studies",
    documents: "Documents", appointments: "Appointments", consultations: "Consultations", labs: "Lab results",
    none: "None.", birthDate: "Born", gender: "Sex", mrn: "Record number", description: "Description",
    series: "Series", date: "Date", title: "Title", type: "Type", value: "Value", flag: "Flag",
    trendTitle: "Volume over time", conclusion: "Conclusion", viewerTitle: "Viewer",
    view: "View", axial: "Axial", coronal: "Coronal", sagittal: "Sagittal", multiplanar: "All planes", render: "3-D",
    overlay: "Tumour regions", showOverlay: "Show regions", opacity: "Opacity", baseVolume: "Base volume",
    noBase: "The MR volumes of this study are not reachable through FHIR; the label map is shown alone.",
    legendTitle: "Legend", reviewTitle: "Review", decision: "Decision", accept: "Accept", amend: "Amend",
    reject: "Reject", comment: "Comment", send: "Send", reviewDone: "Review saved: report {0}.",
    commentRequired: "A reason is required to reject.", notReviewable: "This report is {0}: no review is offered.",
    searchPatients: "Find a patient (name or record number)", search: "Search", choosePatient: "Patient",
    file: "NIfTI file", uploadStart: "Upload and segment", uploading: "Uploading {0}…", taskStatus: "Segmentation: {0} ({1} %)",
    reportReady: "The report is ready.", taskFailed: "Segmentation failed: {0}", onlyOwn: "",
    pdf: "PDF", loading: "Loading…", forbidden: "Your role does not allow this page.",
    foreignServer: "This app works only with the server it is served by, not with {0}.",
    necrotic: "Necrotic core", oedema: "Oedema", enhancing: "Enhancing tumour", whole: "Whole tumour", core: "Tumour core",
    preliminary: "preliminary", final: "final", amended: "amended", cancelled: "cancelled", registered: "registered",
    agenda: "Agenda", agendaOf: "Practitioner or schedule", chooseSchedule: "— choose —",
    chooseSchedulePrompt: "Choose whose agenda to show.", noSchedule: "No availability schedule is stored.",
    previousWeek: "Previous week", nextWeek: "Next week", today: "Today", showCancelled: "Show cancelled appointments",
    weekOf: "Week from {0} to {1} ({2})", timesIn: "Times in {0}", hour: "Hour", details: "Details",
    agendaHint: "Choose a free slot to book it, or an appointment to see it.", agendaHintView: "Choose an appointment to see it.",
    freeSlot: "free", freeSlotLabel: "Free slot, {0}, {1}, {2}", placesFree: "{0} of {1} places free",
    "in-person": "in person", remote: "remote", mode: "Mode", modeIs: "Mode: {0}",
    newAppointment: "New appointment", choose: "Choose", chosenPatient: "Patient: {0}", noPatientChosen: "Choose a patient first.",
    note: "Note", book: "Book", apptSaved: "Appointment saved: {0}.", appointment: "Appointment", when: "When",
    practitioner: "Practitioner", cancellationReason: "Cancellation reason", openFile: "Open the patient's file",
    confirm: "Confirm", decline: "Decline", cancelAppt: "Cancel the appointment", reason: "Reason (needed to decline or cancel)",
    cancelReason: "Reason for cancelling", reasonRequired: "A reason is needed.",
    "appt-proposed": "proposed", "appt-pending": "pending", "appt-booked": "booked", "appt-arrived": "arrived",
    "appt-checked-in": "checked in", "appt-fulfilled": "took place", "appt-noshow": "no-show", "appt-waitlist": "waiting list",
    "appt-cancelled": "cancelled", "appt-entered-in-error": "entered in error",
    "part-accepted": "accepted", "part-declined": "declined", "part-tentative": "tentative", "part-needs-action": "to confirm",
  },
  fr: {
    skip: "Aller au contenu", language: "Langue", signOut: "Se déconnecter", signingIn: "Connexion…",
    worklist: "Liste de travail", patients: "Patients", upload: "Envoyer un examen", myFile: "Mon dossier",
    worklistTitle: "Comptes rendus de segmentation à valider", worklistEmpty: "Aucun compte rendu préliminaire à valider.",
    patient: "Patient", studyDate: "Date de l'examen", model: "Modèle", volumes: "Volumes (cm³)", issued: "Émis le",
    open: "Ouvrir", status: "Statut", reviewer: "Validé par", report: "Compte rendu", reports: "Comptes rendus",
    studies: "Examens", documents: "Documents", appointments: "Rendez-vous", consultations: "Consultations",
    labs: "Résultats de laboratoire", none: "Aucun.", birthDate: "Né(e) le", gender: "Sexe", mrn: "N° de dossier",
    description: "Description", series: "Séries", date: "Date", title: "Titre", type: "Type", value: "Valeur", flag: "Indicateur",
    trendTitle: "Évolution des volumes", conclusion: "Conclusion", viewerTitle: "Visionneuse",
    view: "Vue", axial: "Axiale", coronal: "Coronale", sagittal: "Sagittale", multiplanar: "Tous les plans", render: "3D",
    overlay: "Régions tumorales", showOverlay: "Afficher les régions", opacity: "Opacité", baseVolume: "Volume de base",
    noBase: "Les volumes IRM de cet examen ne sont pas accessibles par FHIR ; la carte des régions est affichée seule.",
    legendTitle: "Légende", reviewTitle: "Validation", decision: "Décision", accept: "Valider", amend: "Corriger",
    reject: "Rejeter", comment: "Commentaire", send: "Envoyer", reviewDone: "Validation enregistrée : compte rendu {0}.",
    commentRequired: "Un motif est nécessaire pour rejeter.", notReviewable: "Ce compte rendu est {0} : aucune validation n'est proposée.",
    searchPatients: "Chercher un patient (nom ou n° de dossier)", search: "Chercher", choosePatient: "Patient",
    file: "Fichier NIfTI", uploadStart: "Envoyer et segmenter", uploading: "Envoi de {0}…", taskStatus: "Segmentation : {0} ({1} %)",
    reportReady: "Le compte rendu est prêt.", taskFailed: "La segmentation a échoué : {0}", onlyOwn: "",
    pdf: "PDF", loading: "Chargement…", forbidden: "Votre rôle ne permet pas cette page.",
    foreignServer: "Cette application ne fonctionne qu'avec le serveur qui la sert, pas avec {0}.",
    necrotic: "Nécrose", oedema: "Œdème", enhancing: "Tumeur rehaussée", whole: "Tumeur entière", core: "Cœur tumoral",
    preliminary: "préliminaire", final: "définitif", amended: "corrigé", cancelled: "annulé", registered: "enregistré",
    agenda: "Agenda", agendaOf: "Praticien ou agenda", chooseSchedule: "— choisir —",
    chooseSchedulePrompt: "Choisissez l'agenda à afficher.", noSchedule: "Aucun agenda de disponibilités n'est enregistré.",
    previousWeek: "Semaine précédente", nextWeek: "Semaine suivante", today: "Aujourd'hui", showCancelled: "Afficher les rendez-vous annulés",
    weekOf: "Semaine du {0} au {1} ({2})", timesIn: "Heures de {0}", hour: "Heure", details: "Détails",
    agendaHint: "Choisissez un créneau libre pour le réserver, ou un rendez-vous pour le voir.", agendaHintView: "Choisissez un rendez-vous pour le voir.",
    freeSlot: "libre", freeSlotLabel: "Créneau libre, {0}, {1}, {2}", placesFree: "{0} places libres sur {1}",
    "in-person": "au cabinet", remote: "à distance", mode: "Modalité", modeIs: "Modalité : {0}",
    newAppointment: "Nouveau rendez-vous", choose: "Choisir", chosenPatient: "Patient : {0}", noPatientChosen: "Choisissez d'abord un patient.",
    note: "Note", book: "Réserver", apptSaved: "Rendez-vous enregistré : {0}.", appointment: "Rendez-vous", when: "Quand",
    practitioner: "Praticien", cancellationReason: "Motif d'annulation", openFile: "Ouvrir le dossier du patient",
    confirm: "Confirmer", decline: "Refuser", cancelAppt: "Annuler le rendez-vous", reason: "Motif (nécessaire pour refuser ou annuler)",
    cancelReason: "Motif de l'annulation", reasonRequired: "Un motif est nécessaire.",
    "appt-proposed": "proposé", "appt-pending": "en attente", "appt-booked": "confirmé", "appt-arrived": "arrivé",
    "appt-checked-in": "enregistré", "appt-fulfilled": "honoré", "appt-noshow": "absent", "appt-waitlist": "liste d'attente",
    "appt-cancelled": "annulé", "appt-entered-in-error": "saisi par erreur",
    "part-accepted": "accepté", "part-declined": "refusé", "part-tentative": "provisoire", "part-needs-action": "à confirmer",
  },
};

const KEY = "neurofhir.lang";
let lang = localStorage.getItem(KEY) || ((navigator.language || "en").toLowerCase().startsWith("fr") ? "fr" : "en");

export function currentLang() { return lang; }

export function setLang(value) {
  lang = STRINGS[value] ? value : "en";
  localStorage.setItem(KEY, lang);
  document.documentElement.lang = lang;
  translateStatic();
}

/** The string for this key, with {0}, {1}… replaced by the arguments. */
export function t(key, ...args) {
  const s = (STRINGS[lang] && STRINGS[lang][key]) ?? STRINGS.en[key] ?? key;
  return s.replace(/\{(\d)\}/g, (_, i) => String(args[Number(i)] ?? ""));
}

export function translateStatic(root = document) {
  root.querySelectorAll("[data-i18n]").forEach(el => { el.textContent = t(el.dataset.i18n); });
}

export function formatDate(value) {
  if (!value) return "";
  const d = new Date(value);
  return isNaN(d) ? value : d.toLocaleDateString(lang === "fr" ? "fr-FR" : "en-GB", { year: "numeric", month: "short", day: "numeric" });
}

/** Date and time on the browser's clock. */
export function formatDateTime(value) {
  if (!value) return "";
  const d = new Date(value);
  return isNaN(d) ? value : d.toLocaleString(lang === "fr" ? "fr-FR" : "en-GB", { dateStyle: "medium", timeStyle: "short" });
}

export function formatNumber(n, digits = 2) {
  return n == null ? "" : Number(n).toLocaleString(lang === "fr" ? "fr-FR" : "en-GB", { minimumFractionDigits: digits, maximumFractionDigits: digits });
}
