import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Client of bench/scheduling/run.sh, JDK only ({@code java SchedulingBench.java}).
 *
 * <pre>
 * java SchedulingBench.java BASE_URL TOKEN_URL PRACTITIONERS APPOINTMENTS WEEKS RUNS WARMUP
 *   → {"practitioners":…,"appointments":…,"weeks":…,"free_slots":…,"p50_ms":…,"p95_ms":…}
 * </pre>
 *
 * Stores PRACTITIONERS practitioners, each with an availability schedule (Mon-Fri 08:00-18:00 Europe/Paris,
 * 30-minute slots), then APPOINTMENTS booked appointments on every other slot from the Monday two weeks ahead on, and
 * times {@code Appointment/$find} for all practitioners over WEEKS weeks from that Monday, one request at a time.
 */
public class SchedulingBench {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static String auth;

  public static void main(String[] args) throws Exception {
    if (args.length != 7) {
      System.err.println("usage: SchedulingBench BASE TOKEN_URL PRACTITIONERS APPOINTMENTS WEEKS RUNS WARMUP");
      System.exit(2);
    }
    String base = args[0];
    auth = "Bearer " + token(args[1]);
    int practitioners = Integer.parseInt(args[2]);
    int appointments = Integer.parseInt(args[3]);
    int weeks = Integer.parseInt(args[4]);
    int runs = Integer.parseInt(args[5]);
    int warmup = Integer.parseInt(args[6]);
    LocalDate monday = LocalDate.now(ZoneOffset.UTC).plusWeeks(2).with(DayOfWeek.MONDAY);

    List<String> practitionerIds = new ArrayList<>();
    StringBuilder tx = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
    for (int p = 0; p < practitioners; p++) {
      String id = "bench-pr-" + p + "-" + System.nanoTime() % 100000;
      practitionerIds.add(id);
      tx.append(p == 0 ? "" : ",").append("{\"resource\":{\"resourceType\":\"Practitioner\",\"id\":\"").append(id)
          .append("\",\"name\":[{\"family\":\"Bench").append(p).append("\"}]},\"request\":{\"method\":\"PUT\",\"url\":\"Practitioner/")
          .append(id).append("\"}}");
      tx.append(",{\"resource\":{\"resourceType\":\"Schedule\",\"active\":true,\"actor\":[{\"reference\":\"Practitioner/")
          .append(id).append("\"}],\"extension\":[")
          .append("{\"url\":\"https://neurofhir.org/fhir/StructureDefinition/availability-time-zone\",\"valueCode\":\"Europe/Paris\"},")
          .append("{\"url\":\"https://neurofhir.org/fhir/StructureDefinition/availability-rule\",\"extension\":[")
          .append("{\"url\":\"day\",\"valueCode\":\"mon\"},{\"url\":\"day\",\"valueCode\":\"tue\"},{\"url\":\"day\",\"valueCode\":\"wed\"},")
          .append("{\"url\":\"day\",\"valueCode\":\"thu\"},{\"url\":\"day\",\"valueCode\":\"fri\"},")
          .append("{\"url\":\"start\",\"valueTime\":\"08:00:00\"},{\"url\":\"end\",\"valueTime\":\"18:00:00\"},")
          .append("{\"url\":\"slotMinutes\",\"valuePositiveInt\":30}]}]},\"request\":{\"method\":\"POST\",\"url\":\"Schedule\"}}");
    }
    post(base, tx.append("]}").toString());

    // every other slot, practitioner by practitioner, day by day, from the Monday on
    List<String> entries = new ArrayList<>();
    int made = 0;
    outer:
    for (int day = 0; ; day++) {
      LocalDate d = monday.plusDays(day);
      if (d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY) {
        continue;
      }
      for (String pr : practitionerIds) {
        for (int slot = 0; slot < 20; slot += 2) {
          if (made++ == appointments) {
            break outer;
          }
          String start = d.atTime(8, 0).plusMinutes(30L * slot).atZone(java.time.ZoneId.of("Europe/Paris"))
              .toOffsetDateTime().toString();
          String end = d.atTime(8, 30).plusMinutes(30L * slot).atZone(java.time.ZoneId.of("Europe/Paris"))
              .toOffsetDateTime().toString();
          entries.add("{\"resource\":{\"resourceType\":\"Appointment\",\"status\":\"booked\",\"start\":\"" + withSeconds(start)
              + "\",\"end\":\"" + withSeconds(end) + "\",\"participant\":[{\"actor\":{\"reference\":\"Practitioner/" + pr
              + "\"},\"status\":\"accepted\"}]},\"request\":{\"method\":\"POST\",\"url\":\"Appointment\"}}");
        }
      }
    }
    for (int i = 0; i < entries.size(); i += 250) {
      post(base, "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
          + String.join(",", entries.subList(i, Math.min(entries.size(), i + 250))) + "]}");
    }

    StringBuilder query = new StringBuilder(base + "/Appointment/$find?start=" + monday + "&end="
        + monday.plusWeeks(weeks).minusDays(1));
    for (String pr : practitionerIds) {
      query.append("&practitioner=").append(URLEncoder.encode("Practitioner/" + pr, StandardCharsets.UTF_8));
    }
    HttpRequest find = HttpRequest.newBuilder(URI.create(query.toString())).header("Authorization", auth)
        .header("Accept", "application/fhir+json").GET().build();
    int freeSlots = -1;
    double[] ms = new double[runs];
    for (int i = 0; i < warmup + runs; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> r = HTTP.send(find, HttpResponse.BodyHandlers.ofString());
      long t1 = System.nanoTime();
      if (r.statusCode() != 200) {
        throw new IllegalStateException("$find: " + r.statusCode() + " " + r.body());
      }
      if (i >= warmup) {
        ms[i - warmup] = (t1 - t0) / 1e6;
      }
      if (freeSlots < 0) {
        Matcher m = Pattern.compile("\"total\"\\s*:\\s*(\\d+)").matcher(r.body());
        freeSlots = m.find() ? Integer.parseInt(m.group(1)) : -1;
      }
    }
    Arrays.sort(ms);
    System.out.printf(Locale.ROOT, "{\"practitioners\":%d,\"appointments\":%d,\"weeks\":%d,\"free_slots\":%d,"
            + "\"runs\":%d,\"p50_ms\":%.1f,\"p95_ms\":%.1f,\"max_ms\":%.1f}%n",
        practitioners, Math.min(appointments, entries.size()), weeks, freeSlots, runs, ms[runs / 2],
        ms[(int) Math.ceil(runs * 0.95) - 1], ms[runs - 1]);
  }

  private static String withSeconds(String offsetDateTime) {
    // 2027-01-04T08:00+01:00 -> 2027-01-04T08:00:00+01:00 (FHIR needs the seconds)
    return offsetDateTime.replaceFirst("T(\\d\\d:\\d\\d)([+-Z])", "T$1:00$2");
  }

  private static void post(String base, String bundle) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(base)).header("Authorization", auth)
        .header("Content-Type", "application/fhir+json").POST(HttpRequest.BodyPublishers.ofString(bundle)).build(),
        HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IllegalStateException("transaction: " + r.statusCode() + " " + r.body());
    }
  }

  private static String token(String tokenUrl) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(tokenUrl))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString("bench:bench-secret".getBytes()))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
        HttpResponse.BodyHandlers.ofString());
    Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
    if (!m.find()) {
      throw new IllegalStateException("token: " + r.statusCode() + " " + r.body());
    }
    return m.group(1);
  }
}
