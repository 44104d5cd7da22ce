package org.neurofhir.dicom.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.neurofhir.dicom.Dcmtk;
import org.neurofhir.dicom.GatewayFixture;
import org.neurofhir.dicom.Phantoms;
import org.neurofhir.dicom.synthetic.SyntheticSeries;

/**
 * DICOM store throughput: DCMTK storescu (TCP_NODELAY=1, one association) pushing synthetic MR
 * slices into the gateway (fsync on; H2 file index behind a Hikari pool, as the server runs it).
 * When the system property {@code bench.orthanc.script} names bench/dicom/orthanc-store.sh and
 * Orthanc and unshare work here, Orthanc receives the same files in the same run and the JSON
 * carries the gateway/Orthanc ratio. Prints one JSON object. Run via bench/dicom/run.sh.
 */
public final class StoreBenchmark {
  private record Run(int matrix, int images, long bytes, double seconds) {
    String json() {
      return String.format(Locale.ROOT, "{\"matrix\":\"%dx%d\",\"images\":%d,\"seconds\":%.3f,\"images_per_s\":%.1f,\"mb_per_s\":%.1f}",
          matrix, matrix, images, seconds, images / seconds, bytes / 1e6 / seconds);
    }
  }

  public static void main(String[] args) throws Exception {
    int small = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int large = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    boolean fsync = args.length <= 2 || Boolean.parseBoolean(args[2]);
    Path work = Files.createTempDirectory("dicom-bench");
    Path warm = write(work.resolve("warm"), 128, 200);
    Path s128 = write(work.resolve("s128"), 128, small);
    Path s512 = write(work.resolve("s512"), 512, large);
    List<Run> gateway = new ArrayList<>();
    try (GatewayFixture gw = new GatewayFixture(work.resolve("gw"), Set.of(), Duration.ofSeconds(30), fsync,
        "jdbc:h2:file:" + work.resolve("index") + ";DB_CLOSE_ON_EXIT=FALSE")) {
      Dcmtk.run(List.of("storescu", "-aec", GatewayFixture.AE, "+sd", "+r", "127.0.0.1", Integer.toString(gw.port()), warm.toString()));
      gateway.add(measure(gw, s128, 128, small));
      gateway.add(measure(gw, s512, 512, large));
    }
    String cpus = Integer.toString(Runtime.getRuntime().availableProcessors());
    StringBuilder json = new StringBuilder("{\"benchmark\":\"dicom-store-storescu\",\"tcp_nodelay\":true,\"fsync\":" + fsync
        + ",\"cpus\":" + cpus + ",\"results\":[" + String.join(",", gateway.stream().map(Run::json).toList()) + "]");
    String orthancScript = System.getProperty("bench.orthanc.script");
    if (orthancScript != null) json.append(',').append(orthanc(orthancScript, work, warm, List.of(s128, s512), gateway));
    System.out.println(json.append('}'));
  }

  /** Orthanc receiving the same folders, and gateway images/s divided by Orthanc's per matrix. */
  private static String orthanc(String script, Path work, Path warm, List<Path> dirs, List<Run> gateway) throws Exception {
    if (Dcmtk.run(List.of("sh", "-c", "command -v Orthanc && unshare -n true")).exitCode() != 0) {
      return "\"orthanc\":{\"skipped\":\"Orthanc or unshare -n not available\"}";
    }
    List<String> cmd = new ArrayList<>(List.of("unshare", "-n", "bash", script, work.resolve("orthanc").toString(), warm.toString()));
    dirs.forEach(d -> cmd.add(d.toString()));
    Dcmtk.Result r = Dcmtk.run(cmd);
    List<String> seconds = r.output().lines().filter(l -> l.startsWith("RESULT ")).map(l -> l.substring(l.lastIndexOf(' ') + 1)).toList();
    if (r.exitCode() != 0 || seconds.size() != dirs.size()) throw new IllegalStateException("Orthanc run failed: " + r.output());
    List<String> runs = new ArrayList<>(), ratios = new ArrayList<>();
    for (int k = 0; k < dirs.size(); k++) {
      Run g = gateway.get(k);
      Run o = new Run(g.matrix(), g.images(), g.bytes(), Double.parseDouble(seconds.get(k)));
      runs.add(o.json());
      ratios.add(String.format(Locale.ROOT, "\"%dx%d\":%.2f", g.matrix(), g.matrix(), o.seconds() / g.seconds()));
    }
    String stats = r.output().lines().filter(l -> l.startsWith("STATS ")).map(l -> l.substring(6)).findFirst().orElse("null");
    return "\"orthanc\":{\"settings\":\"Debian Orthanc 1.10 defaults (SQLite index, SyncStorageArea=true)\",\"results\":["
        + String.join(",", runs) + "],\"statistics\":" + stats + "},\"ratio_gateway_to_orthanc_images_per_s\":{"
        + String.join(",", ratios) + "}";
  }

  private static Path write(Path dir, int n, int slices) throws Exception {
    Phantoms.writer().write(dir, Phantoms.PATIENT, List.of(new SyntheticSeries("T1 bench", Phantoms.volume(n, slices, 1))));
    return dir;
  }

  private static Run measure(GatewayFixture gw, Path dir, int n, int images) throws Exception {
    long bytes;
    try (var s = Files.walk(dir)) {
      bytes = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
    long before = gw.index.count();
    long t0 = System.nanoTime();
    Dcmtk.Result r = Dcmtk.run(List.of("storescu", "-aec", GatewayFixture.AE, "+sd", "+r", "127.0.0.1", Integer.toString(gw.port()), dir.toString()));
    double seconds = (System.nanoTime() - t0) / 1e9;
    long stored = gw.index.count() - before;
    if (r.exitCode() != 0 || stored != images) throw new IllegalStateException("storescu failed or lost images: " + r.output());
    return new Run(n, images, bytes, seconds);
  }
}
