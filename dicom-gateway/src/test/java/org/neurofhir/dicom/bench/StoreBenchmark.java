package org.neurofhir.dicom.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.neurofhir.dicom.Dcmtk;
import org.neurofhir.dicom.GatewayFixture;
import org.neurofhir.dicom.Phantoms;
import org.neurofhir.dicom.synthetic.SyntheticSeries;

/**
 * DICOM store throughput: DCMTK storescu (one association) pushing synthetic MR slices into the
 * gateway (fsync on; H2 file index behind a Hikari pool, as the server runs it), once with
 * storescu's default socket settings (Nagle on, as senders in the field run it) and once with
 * TCP_NODELAY=1; each mode gets a fresh gateway, warmed up first. When the system property
 * {@code bench.orthanc.script} names bench/dicom/orthanc-store.sh and Orthanc and unshare work
 * here, Orthanc receives the same files in the same run, in both modes, and the JSON carries the
 * gateway/Orthanc ratio. Prints one JSON object. Run via bench/dicom/run.sh.
 */
public final class StoreBenchmark {
  /** Socket settings of the sender (and of Orthanc, which is DCMTK inside). */
  private enum Mode {
    DEFAULT_SOCKET(false), NODELAY(true);

    final boolean tcpNoDelay;

    Mode(boolean tcpNoDelay) {
      this.tcpNoDelay = tcpNoDelay;
    }

    String key() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  private record Series(int matrix, int images, Path dir, long bytes) {
    String key() {
      return matrix + "x" + matrix;
    }
  }

  private record Run(Series series, double seconds) {
    String json() {
      return String.format(Locale.ROOT, "{\"matrix\":\"%s\",\"images\":%d,\"seconds\":%.3f,\"images_per_s\":%.1f,\"mb_per_s\":%.1f}",
          series.key(), series.images(), seconds, series.images() / seconds, series.bytes() / 1e6 / seconds);
    }
  }

  public static void main(String[] args) throws Exception {
    int small = args.length > 0 ? Integer.parseInt(args[0]) : 620;
    int large = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    boolean fsync = args.length <= 2 || Boolean.parseBoolean(args[2]);
    String loadBefore = loadAverage();
    Path work = Files.createTempDirectory("dicom-bench");
    Path warm = write(work.resolve("warm"), 128, 200).dir();
    List<Series> series = List.of(write(work.resolve("s240"), 240, small), write(work.resolve("s512"), 512, large));
    Map<Mode, List<Run>> gateway = new LinkedHashMap<>();
    for (Mode mode : Mode.values()) {
      try (GatewayFixture gw = new GatewayFixture(work.resolve("gw-" + mode.key()), Set.of(), Duration.ofSeconds(30), fsync,
          "jdbc:h2:file:" + work.resolve("index-" + mode.key()) + ";DB_CLOSE_ON_EXIT=FALSE")) {
        storescu(gw, warm, mode);
        List<Run> runs = new ArrayList<>();
        for (Series s : series) runs.add(measure(gw, s, mode));
        gateway.put(mode, runs);
      }
    }
    StringBuilder json = new StringBuilder("{\"benchmark\":\"dicom-store-storescu\",\"fsync\":" + fsync
        + ",\"cpus\":" + Runtime.getRuntime().availableProcessors() + ",\"load_average_before\":\"" + loadBefore + "\"");
    json.append(",\"gateway\":").append(byMode(gateway));
    json.append(",\"default_socket_seconds_over_nodelay\":{\"gateway\":").append(defaultOverNodelay(gateway));
    String orthancScript = System.getProperty("bench.orthanc.script");
    String orthanc = null;
    Map<Mode, List<Run>> orthancRuns = new LinkedHashMap<>();
    if (orthancScript != null) orthanc = orthanc(orthancScript, work, warm, series, orthancRuns);
    if (!orthancRuns.isEmpty()) json.append(",\"orthanc\":").append(defaultOverNodelay(orthancRuns));
    json.append('}');
    if (orthanc != null) json.append(',').append(orthanc);
    if (!orthancRuns.isEmpty()) json.append(",\"ratio_gateway_to_orthanc_images_per_s\":").append(ratios(gateway, orthancRuns));
    System.out.println(json.append(",\"load_average_after\":\"").append(loadAverage()).append("\"}"));
  }

  /** Orthanc receiving the same folders, once per mode, each time a fresh Orthanc. */
  private static String orthanc(String script, Path work, Path warm, List<Series> series, Map<Mode, List<Run>> out) throws Exception {
    if (Dcmtk.run(List.of("sh", "-c", "command -v Orthanc && unshare -n true")).exitCode() != 0) {
      return "\"orthanc\":{\"skipped\":\"Orthanc or unshare -n not available\"}";
    }
    StringBuilder stats = new StringBuilder();
    for (Mode mode : Mode.values()) {
      List<String> cmd = new ArrayList<>(List.of("unshare", "-n", "bash", script, work.resolve("orthanc-" + mode.key()).toString(), warm.toString()));
      series.forEach(s -> cmd.add(s.dir().toString()));
      Dcmtk.Result r = Dcmtk.run(cmd, mode.tcpNoDelay);
      List<String> seconds = r.output().lines().filter(l -> l.startsWith("RESULT ")).map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList();
      if (r.exitCode() != 0 || seconds.size() != series.size()) throw new IllegalStateException("Orthanc run failed: " + r.output());
      List<Run> runs = new ArrayList<>();
      for (int k = 0; k < series.size(); k++) runs.add(new Run(series.get(k), Double.parseDouble(seconds.get(k))));
      out.put(mode, runs);
      String st = r.output().lines().filter(l -> l.startsWith("STATS ")).map(l -> l.substring(6)).findFirst().orElse("null");
      stats.append(stats.isEmpty() ? "" : ",").append('"').append(mode.key()).append("\":").append(st);
    }
    return "\"orthanc\":{\"settings\":\"Debian Orthanc 1.10 defaults (SQLite index, SyncStorageArea=true); TCP_NODELAY as storescu's\","
        + byMode(out).substring(1, byMode(out).length() - 1) + ",\"statistics\":{" + stats + "}}";
  }

  private static String byMode(Map<Mode, List<Run>> runs) {
    List<String> parts = new ArrayList<>();
    runs.forEach((mode, r) -> parts.add("\"" + mode.key() + "\":[" + String.join(",", r.stream().map(Run::json).toList()) + "]"));
    return "{" + String.join(",", parts) + "}";
  }

  /** Per matrix: seconds with default sockets ÷ seconds with TCP_NODELAY=1 (1.0 = no Nagle penalty). */
  private static String defaultOverNodelay(Map<Mode, List<Run>> runs) {
    List<String> parts = new ArrayList<>();
    List<Run> def = runs.get(Mode.DEFAULT_SOCKET), nodelay = runs.get(Mode.NODELAY);
    for (int k = 0; k < def.size(); k++) {
      parts.add(String.format(Locale.ROOT, "\"%s\":%.2f", def.get(k).series().key(), def.get(k).seconds() / nodelay.get(k).seconds()));
    }
    return "{" + String.join(",", parts) + "}";
  }

  /** Per mode and matrix: gateway images/s ÷ Orthanc images/s. */
  private static String ratios(Map<Mode, List<Run>> gateway, Map<Mode, List<Run>> orthanc) {
    List<String> modes = new ArrayList<>();
    for (Mode mode : Mode.values()) {
      List<String> parts = new ArrayList<>();
      List<Run> g = gateway.get(mode), o = orthanc.get(mode);
      for (int k = 0; k < g.size(); k++) {
        parts.add(String.format(Locale.ROOT, "\"%s\":%.2f", g.get(k).series().key(), o.get(k).seconds() / g.get(k).seconds()));
      }
      modes.add("\"" + mode.key() + "\":{" + String.join(",", parts) + "}");
    }
    return "{" + String.join(",", modes) + "}";
  }

  private static Series write(Path dir, int n, int slices) throws Exception {
    Phantoms.writer().write(dir, Phantoms.PATIENT, List.of(new SyntheticSeries("T1 bench", Phantoms.volume(n, slices, 1))));
    long bytes;
    try (var s = Files.walk(dir)) {
      bytes = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    return new Series(n, slices, dir, bytes);
  }

  private static Dcmtk.Result storescu(GatewayFixture gw, Path dir, Mode mode) throws Exception {
    return Dcmtk.run(List.of("storescu", "-aec", GatewayFixture.AE, "+sd", "+r", "127.0.0.1", Integer.toString(gw.port()), dir.toString()),
        mode.tcpNoDelay);
  }

  private static Run measure(GatewayFixture gw, Series series, Mode mode) throws Exception {
    long before = gw.index.count();
    long t0 = System.nanoTime();
    Dcmtk.Result r = storescu(gw, series.dir(), mode);
    double seconds = (System.nanoTime() - t0) / 1e9;
    long stored = gw.index.count() - before;
    if (r.exitCode() != 0 || stored != series.images()) throw new IllegalStateException("storescu failed or lost images: " + r.output());
    return new Run(series, seconds);
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (Exception e) {
      return "unknown";
    }
  }
}
