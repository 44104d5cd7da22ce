import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Client of bench/security/run.sh, JDK only ({@code java SecurityBench.java}).
 *
 * <pre>
 * java SecurityBench.java BASE_URL READS WARMUP [TOKEN_URL]   → {"reads":…,"p50_ms":…,"p95_ms":…,"mean_ms":…}
 * java SecurityBench.java --compare ON_JSON OFF_JSON LOAD      → both runs and the difference
 * </pre>
 *
 * With a TOKEN_URL it gets a token for the bench client (bench/fhir/bench-server.yaml) with client_credentials
 * and sends it on every read; the token is fetched once, as a real client does.
 */
public class SecurityBench {

  public static void main(String[] args) throws Exception {
    if (args.length == 4 && args[0].equals("--compare")) {
      compare(args[1], args[2], args[3]);
      return;
    }
    if (args.length < 3) {
      System.err.println("usage: SecurityBench BASE_URL READS WARMUP [TOKEN_URL] | --compare ON OFF LOAD");
      System.exit(2);
    }
    String base = args[0];
    int reads = Integer.parseInt(args[1]);
    int warmup = Integer.parseInt(args[2]);
    String tokenUrl = args.length > 3 ? args[3] : "";
    HttpClient http = HttpClient.newHttpClient();
    String auth = tokenUrl.isBlank() ? null : "Bearer " + token(http, tokenUrl);

    HttpRequest.Builder create = HttpRequest.newBuilder(URI.create(base + "/Patient"))
        .header("Content-Type", "application/fhir+json")
        .POST(HttpRequest.BodyPublishers.ofString(
            "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"Bench\",\"given\":[\"Security\"]}],\"gender\":\"female\"}"));
    if (auth != null) {
      create.header("Authorization", auth);
    }
    HttpResponse<String> created = http.send(create.build(), HttpResponse.BodyHandlers.ofString());
    if (created.statusCode() != 201) {
      throw new IllegalStateException("create Patient: " + created.statusCode() + " " + created.body());
    }
    String location = created.headers().firstValue("Location").orElseThrow();
    String id = location.replaceAll(".*/Patient/([^/]+).*", "$1");
    HttpRequest.Builder read = HttpRequest.newBuilder(URI.create(base + "/Patient/" + id))
        .header("Accept", "application/fhir+json").GET();
    if (auth != null) {
      read.header("Authorization", auth);
    }
    HttpRequest request = read.build();
    for (int i = 0; i < warmup; i++) {
      check(http.send(request, HttpResponse.BodyHandlers.ofString()));
    }
    long[] nanos = new long[reads];
    for (int i = 0; i < reads; i++) {
      long t0 = System.nanoTime();
      HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
      nanos[i] = System.nanoTime() - t0;
      check(r);
    }
    Arrays.sort(nanos);
    double mean = Arrays.stream(nanos).average().orElse(0) / 1e6;
    System.out.printf(Locale.ROOT, "{\"reads\":%d,\"p50_ms\":%.3f,\"p95_ms\":%.3f,\"mean_ms\":%.3f}%n",
        reads, nanos[reads / 2] / 1e6, nanos[(int) (reads * 0.95)] / 1e6, mean);
  }

  private static void check(HttpResponse<String> r) {
    if (r.statusCode() != 200) {
      throw new IllegalStateException("read: " + r.statusCode() + " " + r.body());
    }
  }

  private static String token(HttpClient http, String tokenUrl) throws Exception {
    String basic = Base64.getEncoder().encodeToString("bench:bench-secret".getBytes(StandardCharsets.UTF_8));
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(tokenUrl))
        .header("Authorization", "Basic " + basic)
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build(),
        HttpResponse.BodyHandlers.ofString());
    Matcher m = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(r.body());
    if (r.statusCode() != 200 || !m.find()) {
      throw new IllegalStateException("token: " + r.statusCode() + " " + r.body());
    }
    return m.group(1);
  }

  private static void compare(String on, String off, String load) {
    double onP50 = field(on, "p50_ms"), offP50 = field(off, "p50_ms");
    double onP95 = field(on, "p95_ms"), offP95 = field(off, "p95_ms");
    System.out.printf(Locale.ROOT,
        "{\"benchmark\":\"security-overhead-patient-read\",\"security_on\":%s,\"security_off\":%s,"
            + "\"added_p50_ms\":%.3f,\"added_p95_ms\":%.3f,\"target_added_p50_ms\":2.0,\"load_average\":\"%s\"}%n",
        on.strip(), off.strip(), onP50 - offP50, onP95 - offP95, load);
  }

  private static double field(String json, String name) {
    Matcher m = Pattern.compile("\"" + name + "\":([0-9.]+)").matcher(json);
    if (!m.find()) {
      throw new IllegalArgumentException("no " + name + " in " + json);
    }
    return Double.parseDouble(m.group(1));
  }
}
