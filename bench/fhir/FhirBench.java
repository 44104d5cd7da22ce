import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * FHIR load client for bench/fhir/ingest and bench/fhir/search, JDK only (launched as {@code java FhirBench.java}).
 *
 * <pre>
 * java FhirBench.java ingest BASE_URL BUNDLE_DIR CLIENTS
 * java FhirBench.java search BASE_URL CONNECTIONS SECONDS MAX_REQUESTS_PER_QUERY [no-cache|no-store]
 * </pre>
 *
 * Prints one JSON object on stdout. A bearer token is fetched with client_credentials when BENCH_TOKEN_URL,
 * BENCH_CLIENT_ID and BENCH_CLIENT_SECRET are set (the server's /oauth2/token once security is on).
 */
public class FhirBench {

  // Synthea writes one {"method": ...} object per entry's request: counting them counts the resources sent.
  private static final Pattern ENTRY_REQUEST = Pattern.compile("\"request\"\\s*:\\s*\\{\\s*\"method\"");
  private static final Pattern ENTRY_STATUS = Pattern.compile("\"status\"\\s*:\\s*\"(\\d{3})");
  private static final Pattern ENTRY_LOCATION = Pattern.compile("\"location\"\\s*:\\s*\"([^\"]+)\"");

  public static void main(String[] args) throws Exception {
    if (args.length < 1) {
      usage();
    }
    try {
      switch (args[0]) {
        case "ingest" -> {
          if (args.length != 4) usage();
          System.out.println(ingest(base(args[1]), Path.of(args[2]), positive(args[3], "CLIENTS")));
        }
        case "search" -> {
          if (args.length < 5 || args.length > 6) usage();
          // no-cache: HAPI runs the search again (still stores its result set for paging); no-store: HAPI runs it
          // synchronously and stores nothing.
          String noCache = args.length == 6 && (args[5].equals("no-cache") || args[5].equals("no-store")) ? args[5] : null;
          System.out.println(search(base(args[1]), positive(args[2], "CONNECTIONS"), positive(args[3], "SECONDS"),
              positive(args[4], "MAX_REQUESTS_PER_QUERY"), noCache));
        }
        default -> usage();
      }
    } catch (BenchException e) {
      System.out.println("{\"error\":" + json(e.getMessage()) + "}");
      System.exit(1);
    }
  }

  private static void usage() {
    System.err.println("usage: java FhirBench.java ingest BASE_URL BUNDLE_DIR CLIENTS\n"
        + "       java FhirBench.java search BASE_URL CONNECTIONS SECONDS MAX_REQUESTS_PER_QUERY [no-cache|no-store]");
    System.exit(2);
  }

  static final class BenchException extends RuntimeException {
    BenchException(String message) {
      super(message);
    }
  }

  // ---------------------------------------------------------------- ingest

  record Bundle(Path file, long bytes, int entries, boolean reference) {}

  record Posted(int resources, int errors, String firstError) {}

  static String ingest(String base, Path dir, int clients) throws Exception {
    if (!Files.isDirectory(dir)) {
      throw new BenchException("bundle directory not found: " + dir);
    }
    List<Bundle> bundles = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        String name = f.getFileName().toString();
        boolean reference = name.startsWith("hospitalInformation") || name.startsWith("practitionerInformation");
        bundles.add(new Bundle(f, Files.size(f), countEntries(f), reference));
      }
    }
    List<Bundle> reference = bundles.stream().filter(Bundle::reference)
        .sorted(Comparator.comparing((Bundle b) -> !b.file().getFileName().toString().startsWith("hospital")))
        .toList();
    // Largest first, so that with several clients no big bundle is left running alone at the end.
    List<Bundle> patients = bundles.stream().filter(b -> !b.reference())
        .sorted(Comparator.comparingLong(Bundle::bytes).reversed()).toList();
    if (reference.isEmpty() || patients.isEmpty()) {
      throw new BenchException("expected hospitalInformation*/practitionerInformation* and patient bundles in " + dir);
    }
    HttpClient http = client();
    Tokens tokens = Tokens.fromEnvironment(http);
    AtomicInteger resources = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    ConcurrentLinkedQueue<String> errorSamples = new ConcurrentLinkedQueue<>();
    long largestBytes = patients.get(0).bytes();
    AtomicLong largestNanos = new AtomicLong();

    long start = System.nanoTime();
    int maxEntries = maxTransactionEntries();
    for (Bundle b : reference) {
      record(postInTransactions(http, tokens, base, b, maxEntries), resources, errors, errorSamples, b);
    }
    ExecutorService pool = Executors.newFixedThreadPool(clients);
    List<Future<?>> done = new ArrayList<>();
    for (Bundle b : patients) {
      done.add(pool.submit(() -> {
        long t0 = System.nanoTime();
        record(postInTransactions(http, tokens, base, b, maxEntries), resources, errors, errorSamples, b);
        if (b.bytes() == largestBytes) {
          largestNanos.set(System.nanoTime() - t0);
        }
        return null;
      }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    pool.shutdown();
    double seconds = (System.nanoTime() - start) / 1e9;

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("resources", resources.get());
    out.put("seconds", round(seconds));
    out.put("resources_per_s", round(resources.get() / seconds));
    out.put("errors", errors.get());
    out.put("clients", clients);
    out.put("bundles", bundles.size());
    out.put("largest_bundle_mb", round(largestBytes / 1e6));
    out.put("largest_bundle_s", round(largestNanos.get() / 1e9));
    out.put("max_transaction_entries", maxEntries);
    if (!errorSamples.isEmpty()) {
      out.put("first_errors", new ArrayList<>(errorSamples).subList(0, Math.min(3, errorSamples.size())));
    }
    return json(out);
  }

  private static void record(Posted p, AtomicInteger resources, AtomicInteger errors,
      ConcurrentLinkedQueue<String> samples, Bundle b) {
    resources.addAndGet(p.resources());
    errors.addAndGet(p.errors());
    if (p.firstError() != null && samples.size() < 3) {
      samples.add(b.file().getFileName() + ": " + p.firstError());
    }
  }

  private static int countEntries(Path f) throws IOException {
    Matcher m = ENTRY_REQUEST.matcher(Files.readString(f));
    int n = 0;
    while (m.find()) n++;
    return n;
  }

  /** BENCH_WARMUP_S: seconds of mixed search traffic before the measured runs (default 120; 0 = none). */
  static int warmupSeconds() {
    String v = System.getenv("BENCH_WARMUP_S");
    return v == null || v.isBlank() ? 120 : Integer.parseInt(v.trim());
  }

  /** BENCH_QUERIES: run only the queries whose name contains this text, e.g. "Encounter" (default: all three). */
  static String queryFilter() {
    String v = System.getenv("BENCH_QUERIES");
    return v == null ? "" : v;
  }

  /** BENCH_TRANSACTION_ENTRIES: the server's neurofhir.fhir.max-transaction-entries (default 1000; 0 = never split). */
  private static int maxTransactionEntries() {
    String v = System.getenv("BENCH_TRANSACTION_ENTRIES");
    return v == null || v.isBlank() ? 1000 : Integer.parseInt(v.trim());
  }

  /**
   * Posts one Synthea bundle. A bundle with more entries than the server accepts in one transaction is sent as
   * consecutive transactions of at most {@code maxEntries} entries, as a client loading a long record must: each
   * later part has its {@code urn:uuid:} references rewritten to the ids the server assigned in earlier parts
   * (Synthea never refers forward, checked here).
   */
  private static Posted postInTransactions(HttpClient http, Tokens tokens, String base, Bundle b, int maxEntries) {
    if (maxEntries <= 0 || b.entries() <= maxEntries) {
      try {
        return post(http, tokens, base, b, HttpRequest.BodyPublishers.ofFile(b.file()), null);
      } catch (IOException e) {
        return new Posted(0, b.entries(), e.toString());
      }
    }
    String json;
    try {
      json = Files.readString(b.file());
    } catch (IOException e) {
      return new Posted(0, b.entries(), e.toString());
    }
    List<String> entries = TransactionSplitter.entries(json);
    Map<String, String> assigned = new HashMap<>();
    int ok = 0;
    int failed = 0;
    String firstError = null;
    for (int from = 0; from < entries.size(); from += maxEntries) {
      List<String> part = entries.subList(from, Math.min(entries.size(), from + maxEntries));
      String body = TransactionSplitter.transaction(part, assigned);
      List<String> locations = new ArrayList<>();
      Posted p = post(http, tokens, base, b, HttpRequest.BodyPublishers.ofString(body), locations);
      ok += p.resources();
      failed += p.errors();
      if (firstError == null) firstError = p.firstError();
      if (p.errors() > 0 || locations.size() != part.size()) {
        failed += entries.size() - from - part.size(); // the rest cannot resolve its references
        if (firstError == null) firstError = "part answered " + locations.size() + " locations for " + part.size();
        break;
      }
      for (int i = 0; i < part.size(); i++) {
        String fullUrl = TransactionSplitter.fullUrl(part.get(i));
        if (fullUrl != null) assigned.put(fullUrl, TransactionSplitter.versionless(locations.get(i)));
      }
    }
    return new Posted(ok, failed, firstError);
  }

  /**
   * Posts {@code body} (all or part of bundle {@code b}); counts its entries as stored when the server says 2xx for
   * them, errors otherwise. {@code locations}, when not null, receives each entry's response location in order.
   */
  private static Posted post(HttpClient http, Tokens tokens, String base, Bundle b, HttpRequest.BodyPublisher body,
      List<String> locations) {
    try {
      HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base))
          .timeout(Duration.ofMinutes(20))
          .header("Content-Type", "application/fhir+json")
          .header("Accept", "application/fhir+json")
          .POST(body);
      tokens.authorize(req);
      HttpResponse<String> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
      if (resp.statusCode() / 100 != 2) {
        return new Posted(0, b.entries(), "HTTP " + resp.statusCode() + " " + abbreviate(resp.body()));
      }
      int ok = 0;
      int failed = 0;
      String firstError = null;
      Matcher m = ENTRY_STATUS.matcher(resp.body());
      while (m.find()) {
        if (m.group(1).startsWith("2")) {
          ok++;
        } else {
          failed++;
          if (firstError == null) firstError = "entry status " + m.group(1);
        }
      }
      if (locations != null) {
        Matcher l = ENTRY_LOCATION.matcher(resp.body());
        while (l.find()) locations.add(l.group(1));
      }
      // A batch answers per entry; a transaction is all-or-nothing, so a 2xx stores every entry.
      return new Posted(ok, failed, firstError);
    } catch (IOException e) {
      return new Posted(0, b.entries(), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Posted(0, b.entries(), "interrupted");
    }
  }

  /** Cuts a transaction Bundle's JSON into its entries and builds smaller transactions from them. */
  static final class TransactionSplitter {
    private static final Pattern FULL_URL = Pattern.compile("\"fullUrl\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern UUID_REF = Pattern.compile("\"(urn:uuid:[^\"]+)\"");

    /** The entry objects of the top-level "entry" array, as JSON text. */
    static List<String> entries(String bundle) {
      int key = bundle.indexOf("\"entry\"");
      int i = key < 0 ? -1 : bundle.indexOf('[', key);
      if (i < 0) throw new BenchException("no entry array in bundle");
      List<String> out = new ArrayList<>();
      int depth = 0;
      int start = -1;
      boolean inString = false;
      for (i = i + 1; i < bundle.length(); i++) {
        char c = bundle.charAt(i);
        if (inString) {
          if (c == '\\') i++;
          else if (c == '"') inString = false;
        } else if (c == '"') {
          inString = true;
        } else if (c == '{') {
          if (depth++ == 0) start = i;
        } else if (c == '}') {
          if (--depth == 0) out.add(bundle.substring(start, i + 1));
        } else if (c == ']' && depth == 0) {
          return out;
        }
      }
      throw new BenchException("unterminated entry array");
    }

    static String fullUrl(String entry) {
      Matcher m = FULL_URL.matcher(entry);
      return m.find() ? m.group(1) : null;
    }

    static String versionless(String location) {
      int h = location.indexOf("/_history");
      return h < 0 ? location : location.substring(0, h);
    }

    static String transaction(List<String> entries, Map<String, String> assigned) {
      StringBuilder sb = new StringBuilder("{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":[");
      for (int i = 0; i < entries.size(); i++) {
        if (i > 0) sb.append(',');
        String fullUrl = fullUrl(entries.get(i));
        Matcher m = UUID_REF.matcher(entries.get(i));
        // The entry's own fullUrl stays: it names the entry inside this part.
        sb.append(m.replaceAll(r -> {
          String target = r.group(1).equals(fullUrl) ? null : assigned.get(r.group(1));
          return Matcher.quoteReplacement("\"" + (target == null ? r.group(1) : target) + "\"");
        }));
      }
      return sb.append("]}").toString();
    }
  }

  // ---------------------------------------------------------------- search

  record Query(String name, IntFunction<String> url) {}

  static String search(String base, int connections, int seconds, int maxRequests, String noCache)
      throws Exception {
    HttpClient http = client();
    Tokens tokens = Tokens.fromEnvironment(http);
    List<String> patientIds = new ArrayList<>();
    List<String> families = new ArrayList<>();
    discoverPatients(http, tokens, base, patientIds, families);
    if (patientIds.isEmpty()) {
      throw new BenchException("no Patient resources on " + base + ": run bench/fhir/ingest first");
    }
    List<String> names = new ArrayList<>(new LinkedHashSet<>(families));
    List<Query> queries = List.of(
        new Query("Patient?name=<family>", i -> "Patient?name=" + enc(names.get(i % names.size()))),
        new Query("Observation?patient=<id>&code=http://loinc.org|8867-4",
            i -> "Observation?patient=" + patientIds.get(i % patientIds.size()) + "&code="
                + enc("http://loinc.org|8867-4")),
        new Query("Encounter?patient=<id>&_count=50",
            i -> "Encounter?patient=" + patientIds.get(i % patientIds.size()) + "&_count=50"))
        .stream().filter(q -> q.name().contains(queryFilter())).toList();

    Map<String, Object> out = new LinkedHashMap<>();
    out.put("connections", connections);
    out.put("seconds_per_query", seconds);
    out.put("patients", patientIds.size());
    out.put("cache", noCache != null ? noCache : "default");
    // The server is restarted for this benchmark; its JIT needs minutes of traffic before it stops competing with
    // requests for the 2 cores (C2 used 41 CPU s in the first 40 s of load, 9 s in the next 40 s). The HAPI
    // starter's figures were taken on a server already warmed by the ingest, so these are too.
    int warmup = warmupSeconds();
    out.put("warmup_s", warmup);
    for (int round = 0; round < 2 && warmup > 0; round++) {
      for (Query q : queries) {
        load(http, tokens, base, q, Math.min(8, connections), Math.max(1, warmup / 6), maxRequests, noCache);
      }
    }
    List<Object> results = new ArrayList<>();
    for (Query q : queries) {
      // Short warm-up of this query: JIT and connection set-up are not what this measures.
      load(http, tokens, base, q, connections, Math.max(2, seconds / 6), maxRequests, noCache);
      results.add(load(http, tokens, base, q, connections, seconds, maxRequests, noCache));
    }
    out.put("queries", results);
    return json(out);
  }

  private static Map<String, Object> load(HttpClient http, Tokens tokens, String base, Query q, int connections,
      int seconds, int maxRequests, String noCache) throws Exception {
    AtomicInteger issued = new AtomicInteger();
    AtomicInteger errors = new AtomicInteger();
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    long[][] latencies = new long[connections][];
    ExecutorService pool = Executors.newFixedThreadPool(connections);
    List<Future<?>> workers = new ArrayList<>();
    long start = System.nanoTime();
    for (int c = 0; c < connections; c++) {
      int worker = c;
      workers.add(pool.submit(() -> {
        long[] mine = new long[1024];
        int n = 0;
        int i;
        while (System.nanoTime() < deadline && (i = issued.getAndIncrement()) < maxRequests) {
          HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + "/" + q.url().apply(i)))
              .timeout(Duration.ofSeconds(60))
              .header("Accept", "application/fhir+json")
              .GET();
          if (noCache != null) req.header("Cache-Control", noCache);
          tokens.authorize(req);
          long t0 = System.nanoTime();
          try {
            HttpResponse<byte[]> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (resp.statusCode() != 200) errors.incrementAndGet();
          } catch (IOException e) {
            errors.incrementAndGet();
          }
          if (n == mine.length) mine = Arrays.copyOf(mine, n * 2);
          mine[n++] = System.nanoTime() - t0;
        }
        latencies[worker] = Arrays.copyOf(mine, n);
        return null;
      }));
    }
    for (Future<?> w : workers) {
      w.get();
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    pool.shutdown();
    long[] all = Arrays.stream(latencies).flatMapToLong(Arrays::stream).sorted().toArray();
    Map<String, Object> r = new LinkedHashMap<>();
    r.put("query", q.name());
    r.put("requests", all.length);
    r.put("errors", errors.get());
    r.put("req_per_s", round(all.length / elapsed));
    r.put("p50_ms", round(percentile(all, 50) / 1e6));
    r.put("p95_ms", round(percentile(all, 95) / 1e6));
    r.put("p99_ms", round(percentile(all, 99) / 1e6));
    return r;
  }

  private static void discoverPatients(HttpClient http, Tokens tokens, String base, List<String> ids,
      List<String> families) throws Exception {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(base + "/Patient?_count=500&_elements=name"))
        .timeout(Duration.ofSeconds(120)).header("Accept", "application/fhir+json").GET();
    tokens.authorize(req);
    HttpResponse<String> resp = http.send(req.build(), HttpResponse.BodyHandlers.ofString());
    if (resp.statusCode() != 200) {
      throw new BenchException("Patient search answered HTTP " + resp.statusCode() + ": " + abbreviate(resp.body()));
    }
    Matcher id = Pattern.compile("\"fullUrl\"\\s*:\\s*\"[^\"]*/Patient/([^\"/]+)\"").matcher(resp.body());
    while (id.find()) ids.add(id.group(1));
    Matcher family = Pattern.compile("\"family\"\\s*:\\s*\"([^\"]+)\"").matcher(resp.body());
    while (family.find()) families.add(family.group(1));
  }

  // ---------------------------------------------------------------- shared

  /** Bearer tokens by client_credentials, renewed at half their lifetime; none when not configured. */
  static final class Tokens {
    private final HttpClient http;
    private final String url;
    private final String basic;
    private volatile String token;
    private volatile long renewAt;

    private Tokens(HttpClient http, String url, String clientId, String secret) {
      this.http = http;
      this.url = url;
      this.basic = url == null ? null
          : Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    static Tokens fromEnvironment(HttpClient http) {
      String url = System.getenv("BENCH_TOKEN_URL");
      if (url == null || url.isBlank()) return new Tokens(http, null, null, null);
      return new Tokens(http, url, System.getenv("BENCH_CLIENT_ID"), System.getenv("BENCH_CLIENT_SECRET"));
    }

    void authorize(HttpRequest.Builder req) {
      if (url == null) return;
      req.header("Authorization", "Bearer " + current());
    }

    private synchronized String current() {
      if (token == null || System.nanoTime() > renewAt) {
        try {
          HttpRequest req = HttpRequest.newBuilder(URI.create(url))
              .header("Authorization", "Basic " + basic)
              .header("Content-Type", "application/x-www-form-urlencoded")
              .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))
              .build();
          HttpResponse<String> resp = http.send(req, HttpResponse.BodyHandlers.ofString());
          Matcher t = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"").matcher(resp.body());
          if (resp.statusCode() != 200 || !t.find()) {
            throw new BenchException("token endpoint " + url + " answered HTTP " + resp.statusCode() + ": "
                + abbreviate(resp.body()));
          }
          Matcher exp = Pattern.compile("\"expires_in\"\\s*:\\s*(\\d+)").matcher(resp.body());
          long ttl = exp.find() ? Long.parseLong(exp.group(1)) : 300;
          token = t.group(1);
          renewAt = System.nanoTime() + ttl * 500_000_000L;
        } catch (IOException e) {
          throw new BenchException("token endpoint " + url + " unreachable: " + e);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new BenchException("interrupted");
        }
      }
      return token;
    }
  }

  private static HttpClient client() {
    return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
        .build();
  }

  private static String base(String url) {
    if (!url.startsWith("http://127.0.0.1:") && !url.startsWith("http://localhost:")) {
      throw new BenchException("benchmark traffic goes to localhost only, not " + url);
    }
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  private static int positive(String s, String what) {
    try {
      int v = Integer.parseInt(s);
      if (v > 0) return v;
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new BenchException(what + " must be a positive whole number, not '" + s + "'");
  }

  private static long percentile(long[] sorted, int p) {
    if (sorted.length == 0) return 0;
    int idx = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
    return sorted[Math.max(0, Math.min(sorted.length - 1, idx))];
  }

  private static double round(double v) {
    return Math.round(v * 10) / 10.0;
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String abbreviate(String s) {
    String flat = s.replaceAll("\\s+", " ");
    return flat.length() > 300 ? flat.substring(0, 300) + "..." : flat;
  }

  static String json(Object v) {
    if (v == null) return "null";
    if (v instanceof Number || v instanceof Boolean) return String.format(Locale.ROOT, "%s", v);
    if (v instanceof Map<?, ?> m) {
      StringBuilder sb = new StringBuilder("{");
      m.forEach((k, val) -> sb.append(sb.length() > 1 ? "," : "").append(json(k.toString())).append(':')
          .append(json(val)));
      return sb.append('}').toString();
    }
    if (v instanceof List<?> l) {
      StringBuilder sb = new StringBuilder("[");
      l.forEach(val -> sb.append(sb.length() > 1 ? "," : "").append(json(val)));
      return sb.append(']').toString();
    }
    String s = v.toString();
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
          else sb.append(c);
        }
      }
    }
    return sb.append('"').toString();
  }
}
