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
 * slices into the gateway (fsync on; H2 file index behind a Hikari pool, as the server runs it). Prints one JSON object. Run via bench/dicom/run.sh.
 */
public final class StoreBenchmark {
  public static void main(String[] args) throws Exception {
    int small = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    int large = args.length > 1 ? Integer.parseInt(args[1]) : 300;
    boolean fsync = args.length <= 2 || Boolean.parseBoolean(args[2]);
    Path work = Files.createTempDirectory("dicom-bench");
    List<String> results = new ArrayList<>();
    try (GatewayFixture gw = new GatewayFixture(work.resolve("gw"), Set.of(), Duration.ofSeconds(30), fsync,
        "jdbc:h2:file:" + work.resolve("index") + ";DB_CLOSE_ON_EXIT=FALSE")) {
      Path warm = write(work.resolve("warm"), 128, 200);
      Dcmtk.run(List.of("storescu", "-aec", GatewayFixture.AE, "+sd", "+r", "127.0.0.1", Integer.toString(gw.port()), warm.toString()));
      results.add(measure(gw, write(work.resolve("s128"), 128, small), 128, small));
      results.add(measure(gw, write(work.resolve("s512"), 512, large), 512, large));
    }
    String cpus = Integer.toString(Runtime.getRuntime().availableProcessors());
    System.out.println("{\"benchmark\":\"dicom-store-storescu\",\"tcp_nodelay\":true,\"fsync\":" + fsync + ",\"cpus\":" + cpus
        + ",\"results\":[" + String.join(",", results) + "]}");
  }

  private static Path write(Path dir, int n, int slices) throws Exception {
    Phantoms.writer().write(dir, Phantoms.PATIENT, List.of(new SyntheticSeries("T1 bench", Phantoms.volume(n, slices, 1))));
    return dir;
  }

  private static String measure(GatewayFixture gw, Path dir, int n, int images) throws Exception {
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
    return String.format(Locale.ROOT, "{\"matrix\":\"%dx%d\",\"images\":%d,\"seconds\":%.3f,\"images_per_s\":%.1f,\"mb_per_s\":%.1f}",
        n, n, images, seconds, images / seconds, bytes / 1e6 / seconds);
  }
}
