import { t } from "./i18n.js";

// The SMART session (fhirclient: standalone or EHR launch, authorization code + PKCE against this server) and the
// FHIR calls the screens make. Every call goes to /fhir with the signed-in user's token; nothing else is called.
const CLIENT_ID = "neurofhir-web";
// user/*.cruds: staff get what their role allows; patient/*.rs: a patient's own compartment
const SCOPE = "openid fhirUser offline_access patient/*.rs user/*.cruds";

let client = null;

export async function signIn() {
  const base = location.origin;
  // an EHR launch names the server in iss: only this one, or the user would be sent to sign in elsewhere
  const iss = new URLSearchParams(location.search).get("iss");
  if (iss && iss.replace(/\/+$/, "") !== base + "/fhir") throw new Error(t("foreignServer", iss));
  // the authorization server sent the browser back with a refusal (e.g. a spent launch): say why
  const refused = new URLSearchParams(location.search).get("error");
  if (refused) throw new Error(new URLSearchParams(location.search).get("error_description") || refused);
  // with launch in the URL, fhirclient makes an EHR launch and adds the launch scope
  client = await FHIR.oauth2.init({
    clientId: CLIENT_ID,
    scope: SCOPE,
    redirectUri: base + "/app/",
    iss: base + "/fhir",
    pkceMode: "required",
  });
  return session();
}

/** Who is signed in: roles from the access token (shown or hidden in the UI; the server enforces them). */
export function session() {
  const token = client.state.tokenResponse.access_token;
  const claims = JSON.parse(atob(token.split(".")[1].replace(/-/g, "+").replace(/_/g, "/")));
  return { roles: claims.roles || [], fhirUser: claims.fhirUser || "", user: claims.sub || "",
    launchPatient: client.state.tokenResponse.patient || null };
}

export async function signOut() {
  sessionStorage.clear();
  location.replace(location.origin + "/app/");
}

async function token() {
  await client.refreshIfNeeded();
  return client.state.tokenResponse.access_token;
}

/** A FHIR failure, with the OperationOutcome's text as its message. */
export class FhirError extends Error {
  constructor(status, message) { super(message); this.status = status; }
}

export async function outcomeText(response) {
  const text = await response.text();
  try {
    const body = JSON.parse(text);
    if (body.resourceType === "OperationOutcome") {
      return (body.issue || []).map(i => i.diagnostics || (i.details && i.details.text) || i.code).join("\n");
    }
    return body.error_description || body.error || text;
  } catch {
    return text || response.statusText;
  }
}

export function url(path) {
  return path.startsWith("http") ? path : location.origin + "/fhir/" + path;
}

/** GET or POST to the FHIR API; resolves with the parsed JSON resource, or the Response when raw. */
export async function fhir(path, { method = "GET", body, headers = {}, raw = false } = {}) {
  const h = { Accept: "application/fhir+json", Authorization: "Bearer " + (await token()), ...headers };
  if (body !== undefined && !(body instanceof Blob) && !(body instanceof ArrayBuffer)) {
    h["Content-Type"] = h["Content-Type"] || "application/fhir+json";
    body = JSON.stringify(body);
  }
  const response = await fetch(url(path), { method, headers: h, body });
  if (!response.ok) {
    throw new FhirError(response.status, response.status + ": " + (await outcomeText(response)));
  }
  return raw ? response : (response.status === 204 ? null : response.json());
}

/** Search, returning the entries' resources (with _include'd ones) and the bundle. */
export async function search(query) {
  const bundle = await fhir(query);
  return { bundle, resources: (bundle.entry || []).map(e => e.resource) };
}

/** Every page of a search, following its next links (at most `pages` pages). */
export async function searchAll(query, pages = 10) {
  const resources = [];
  let bundle = await fhir(query);
  for (let page = 1; ; page++) {
    resources.push(...(bundle.entry || []).map(e => e.resource));
    const next = (bundle.link || []).find(l => l.relation === "next");
    if (!next || page >= pages) return { resources };
    bundle = await fhir(next.url);
  }
}

export async function authHeader() {
  return "Bearer " + (await token());
}
