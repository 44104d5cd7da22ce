package org.neurofhir.pipeline.demo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.neurofhir.dicom.scu.StudySender;
import org.neurofhir.dicom.synthetic.SyntheticPatient;
import org.neurofhir.dicom.synthetic.WrittenStudy;
import org.neurofhir.dicom.toolkit.PixelmedScu;
import org.neurofhir.dicom.toolkit.RemoteAe;
import org.neurofhir.dicom.toolkit.StoreReport;
import org.neurofhir.inference.phantom.Phantom;
import org.neurofhir.inference.volumetrics.TumourRegion;
import org.neurofhir.profiles.NeuroFhirCanonical;

/**
 * {@code camel-routes/bin/demo}: generates a phantom study, pushes it to a running server's DICOM port and prints
 * where to watch the Task and read the results, with the phantom's ground-truth volumes to compare.
 */
public final class DemoCommand {

  private static final String USAGE = """
      usage: demo [--host 127.0.0.1] [--port 11112] [--ae NEUROFHIR] [--fhir http://localhost:8080/fhir]
                  [--patient DEMO-001] [--size 240x155 | 128x80] [--seed 42] [--out DIR]
      The study's DICOM files (71 MB at 240x155) go to a temporary folder removed at the end, or to --out DIR,
      where they stay.
      """;

  private DemoCommand() {}

  public static void main(String[] args) throws Exception {
    int status = run(args, null);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * @param tempRoot where the temporary study folder is made (null: the system's temporary folder)
   * @return the process exit status
   */
  static int run(String[] args, Path tempRoot) throws Exception {
    Map<String, String> a = new HashMap<>(Map.of("--host", "127.0.0.1", "--port", "11112", "--ae", "NEUROFHIR",
        "--fhir", "http://localhost:8080/fhir", "--patient", "DEMO-001", "--size", "240x155", "--seed", "42"));
    if (java.util.Arrays.asList(args).contains("--help") || java.util.Arrays.asList(args).contains("-h")) {
      System.out.print(USAGE);
      return 0;
    }
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 >= args.length || !a.containsKey(args[i]) && !args[i].equals("--out")) {
        System.err.print("demo: bad argument '" + args[i] + "'\n" + USAGE);
        return 2;
      }
      a.put(args[i], args[++i]);
    }
    int inPlane;
    int slices;
    long seed;
    int port;
    try {
      String[] size = a.get("--size").toLowerCase(Locale.ROOT).split("x");
      inPlane = Integer.parseInt(size[0]);
      slices = Integer.parseInt(size[1]);
      seed = Long.parseLong(a.get("--seed"));
      port = Integer.parseInt(a.get("--port"));
    } catch (RuntimeException e) {
      System.err.print("demo: --size is NxZ (e.g. 240x155), --seed and --port are numbers\n" + USAGE);
      return 2;
    }
    // The study is 71 MB at the default size and the server keeps its own copy once it answered the C-STOREs:
    // a temporary folder is removed at the end, also when sending fails or the user interrupts (shutdown hook).
    boolean keep = a.containsKey("--out");
    Path out = keep ? Path.of(a.get("--out"))
        : tempRoot == null ? Files.createTempDirectory("neurofhir-demo-") : Files.createTempDirectory(tempRoot, "neurofhir-demo-");
    Thread removeOnInterrupt = new Thread(() -> remove(out));
    if (!keep) {
      Runtime.getRuntime().addShutdownHook(removeOnInterrupt);
    }
    int status;
    try {
      status = pushStudy(a, out, inPlane, slices, seed, port, keep);
    } finally {
      if (!keep) {
        try {
          Runtime.getRuntime().removeShutdownHook(removeOnInterrupt);
        } catch (IllegalStateException shuttingDown) {
          // the hook is running or about to: it removes the folder as well
        }
        if (remove(out)) {
          System.out.println("Removed the generated DICOM files (" + out + "); --out DIR keeps them.");
        }
      }
    }
    return status;
  }

  /** Writes the phantom study to {@code out}, sends it and prints where to look; the process exit status. */
  private static int pushStudy(Map<String, String> a, Path out, int inPlane, int slices, long seed, int port,
      boolean keep) throws Exception {
    System.out.printf("Generating a %dx%dx%d phantom (seed %d) ...%n", inPlane, inPlane, slices, seed);
    Phantom phantom = DemoStudy.phantom(inPlane, slices, seed);
    WrittenStudy study = DemoStudy.write(out, new SyntheticPatient(a.get("--patient"), "Demo^Phantom", "19700101", "O",
        "MR BRAIN TUMOUR DEMO", "DEMO" + seed), phantom);
    System.out.printf("Wrote %d DICOM files to %s%s; sending to %s@%s:%d ...%n", study.allFiles().size(), out,
        keep ? " (kept)" : " (removed at the end)", a.get("--ae"), a.get("--host"), port);
    StoreReport report;
    try {
      report = new StudySender(new PixelmedScu())
          .send(new RemoteAe(a.get("--host"), port, a.get("--ae"), "DEMO"), study.allFiles());
    } catch (org.neurofhir.dicom.toolkit.DicomCommunicationException e) {
      System.err.println("demo: cannot send to " + a.get("--ae") + "@" + a.get("--host") + ":" + port
          + " (is the server running, with its DICOM port there?): " + e.getMessage());
      return 1;
    }
    if (!report.allSucceeded()) {
      System.err.println("demo: " + report.failed() + " instance(s) refused: " + report.failures());
      return 1;
    }
    String fhir = a.get("--fhir");
    String studyQuery = "identifier=" + NeuroFhirCanonical.IDENTIFIER_DICOM_UID + "%7Curn:oid:" + study.studyInstanceUid();
    System.out.printf("""
        Sent %d instances (Study Instance UID %s).
        After the gateway's quiet period the pipeline stores the study and queues the segmentation. Watch it
        (every request needs a bearer token, e.g. -H "Authorization: Bearer $TOKEN"):
          ImagingStudy: %s/ImagingStudy?%s
          Task:         %s/Task?focus:ImagingStudy.%s
          Report:       %s/DiagnosticReport?subject:Patient.identifier=%s%%7C%s&_include=DiagnosticReport:result
          Metrics:      %s/actuator/prometheus (neurofhir_pipeline_*)
        Ground truth of this phantom (cm3), to compare with the Observations:
        """, report.completed(), study.studyInstanceUid(), fhir, studyQuery, fhir, studyQuery, fhir,
        NeuroFhirCanonical.IDENTIFIER_MEDICAL_RECORD_NUMBER, a.get("--patient"), fhir.replaceFirst("/fhir/?$", ""));
    for (TumourRegion r : TumourRegion.values()) {
      System.out.printf("  %-28s %8.2f%n", r.display(), truthCm3(phantom, r));
    }
    return 0;
  }

  /** Deletes the folder and what is in it; false, saying what is left, when that fails. */
  static boolean remove(Path dir) {
    if (!Files.exists(dir)) {
      return false;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
      return true;
    } catch (IOException | UncheckedIOException e) {
      System.err.println("demo: could not remove " + dir + " (" + e.getMessage() + "); delete it by hand");
      return false;
    }
  }

  static double truthCm3(Phantom phantom, TumourRegion region) {
    long n = 0;
    for (byte b : phantom.truth().labels()) {
      if (b != 0 && region.contains(b)) n++;
    }
    return n * phantom.truth().grid().voxelVolumeMm3() / 1000.0;
  }
}
