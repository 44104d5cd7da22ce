package org.neurofhir.pipeline.demo;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.client.api.IGenericClient;
import ca.uhn.fhir.rest.client.api.ServerValidationModeEnum;
import ca.uhn.fhir.rest.client.interceptor.BearerTokenAuthInterceptor;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Task;
import org.neurofhir.dicom.scu.StudySender;
import org.neurofhir.dicom.synthetic.SyntheticPatient;
import org.neurofhir.dicom.synthetic.WrittenStudy;
import org.neurofhir.dicom.toolkit.PixelmedScu;
import org.neurofhir.dicom.toolkit.RemoteAe;
import org.neurofhir.pipeline.fhir.ClientCredentialsToken;
import org.neurofhir.profiles.NeuroFhirCanonical;

/**
 * End-to-end benchmark against a running server (bench/pipeline/run.sh starts one): seconds from the last C-STORE
 * response to Task completed, mean stage times (from the server's Prometheus meters), and jobs/min for a batch.
 * Prints one JSON object.
 */
public final class PipelineBench {

  private PipelineBench() {}

  public static void main(String[] args) throws Exception {
    Map<String, String> a = new HashMap<>(Map.of("--base", "http://localhost:8080", "--dicom-port", "11112",
        "--client", "bench", "--secret", "bench", "--size", "240x155", "--batch", "3", "--label", "run"));
    for (int i = 0; i + 1 < args.length; i += 2) {
      a.put(args[i], args[i + 1]);
    }
    String base = a.get("--base");
    ClientCredentialsToken token = new ClientCredentialsToken(URI.create(base + "/oauth2/token"), a.get("--client"),
        a.get("--secret"), "system/*.cruds", Clock.systemUTC());
    FhirContext ctx = FhirContext.forR4Cached();
    ctx.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    IGenericClient fhir = ctx.newRestfulGenericClient(base + "/fhir");
    fhir.registerInterceptor(new BearerTokenAuthInterceptor(token.get()));
    String[] size = a.get("--size").toLowerCase(Locale.ROOT).split("x");
    int n = Integer.parseInt(size[0]);
    int z = Integer.parseInt(size[1]);
    int batch = Integer.parseInt(a.get("--batch"));
    RemoteAe scp = new RemoteAe("127.0.0.1", Integer.parseInt(a.get("--dicom-port")), "NEUROFHIR", "BENCH");
    StudySender sender = new StudySender(new PixelmedScu());
    Path dir = Files.createTempDirectory("neurofhir-bench-");

    List<WrittenStudy> studies = new ArrayList<>();
    for (int i = 0; i <= batch; i++) {
      studies.add(DemoStudy.write(dir.resolve("s" + i), new SyntheticPatient("BENCH-" + System.nanoTime() + "-" + i,
          "Bench^Phantom", "19700101", "O", "MR", "B" + i), DemoStudy.phantom(n, z, 100 + i)));
    }
    Map<String, double[]> before = stageSums(base, token.get());

    // 1. latency of one study on an idle pipeline
    sender.send(scp, studies.get(0).allFiles());
    long lastStoreResponse = System.nanoTime();
    awaitCompleted(fhir, studies.get(0).studyInstanceUid());
    double latency = (System.nanoTime() - lastStoreResponse) / 1e9;
    Map<String, double[]> afterOne = stageSums(base, token.get());

    // 2. throughput: a batch sent back to back
    long t0 = System.nanoTime();
    for (int i = 1; i <= batch; i++) {
      sender.send(scp, studies.get(i).allFiles());
    }
    for (int i = 1; i <= batch; i++) {
      awaitCompleted(fhir, studies.get(i).studyInstanceUid());
    }
    double batchSeconds = (System.nanoTime() - t0) / 1e9;
    Map<String, double[]> after = stageSums(base, token.get());

    StringBuilder json = new StringBuilder("{");
    json.append(String.format(Locale.ROOT, "\"label\":\"%s\",\"study\":\"4 x %dx%dx%d\",\"instances\":%d,",
        a.get("--label"), n, n, z, 4 * z));
    json.append(String.format(Locale.ROOT, "\"seconds_last_cstore_to_task_completed\":%.2f,", latency));
    json.append("\"stage_seconds_single_study\":{");
    json.append(String.join(",", afterOne.keySet().stream().map(k -> String.format(Locale.ROOT, "\"%s\":%.2f", k,
        afterOne.get(k)[0] - before.getOrDefault(k, new double[2])[0])).toList()));
    json.append("},\"stage_seconds_mean_batch\":{");
    json.append(String.join(",", after.keySet().stream().map(k -> {
      double[] b = afterOne.getOrDefault(k, new double[2]);
      double count = after.get(k)[1] - b[1];
      return String.format(Locale.ROOT, "\"%s\":%.2f", k, count == 0 ? 0 : (after.get(k)[0] - b[0]) / count);
    }).toList()));
    json.append(String.format(Locale.ROOT, "},\"batch_studies\":%d,\"batch_seconds\":%.1f,\"jobs_per_minute\":%.2f}",
        batch, batchSeconds, batch * 60 / batchSeconds));
    System.out.println(json);
  }

  /** Finds the study's Task once, then reads it by id, as a client of the asynchronous pattern polls it. */
  private static void awaitCompleted(IGenericClient fhir, String studyUid) throws InterruptedException {
    long deadline = System.nanoTime() + 900_000_000_000L;
    String studyId = null;
    String taskId = null;
    while (System.nanoTime() < deadline) {
      if (studyId == null) {
        Bundle b = fhir.search().forResource(ImagingStudy.class).where(ImagingStudy.IDENTIFIER.exactly()
            .systemAndCode(NeuroFhirCanonical.IDENTIFIER_DICOM_UID, "urn:oid:" + studyUid)).returnBundle(Bundle.class).execute();
        studyId = b.getEntry().isEmpty() ? null : b.getEntryFirstRep().getResource().getIdElement().getIdPart();
      }
      if (studyId != null && taskId == null) {
        Bundle t = fhir.search().forResource(Task.class).where(Task.FOCUS.hasId("ImagingStudy/" + studyId))
            .returnBundle(Bundle.class).execute();
        taskId = t.getEntry().isEmpty() ? null : t.getEntryFirstRep().getResource().getIdElement().getIdPart();
      }
      if (taskId != null) {
        Task task = fhir.read().resource(Task.class).withId(taskId).execute();
        if (task.getStatus() == Task.TaskStatus.COMPLETED) return;
        if (task.getStatus() == Task.TaskStatus.FAILED) {
          throw new IllegalStateException("Task failed: " + task.getStatusReason().getText());
        }
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("study " + studyUid + " not completed in 15 minutes");
  }

  /** stage → {sum seconds, count} from neurofhir_pipeline_stage_seconds_sum/_count. */
  private static Map<String, double[]> stageSums(String base, String token) throws Exception {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/actuator/prometheus"))
        .header("Authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
    Map<String, double[]> out = new LinkedHashMap<>();
    Matcher m = Pattern.compile("neurofhir_pipeline_stage_seconds_(sum|count)\\{[^}]*stage=\"([a-z]+)\"[^}]*\\} ([0-9.eE+-]+)")
        .matcher(r.body());
    while (m.find()) {
      double[] v = out.computeIfAbsent(m.group(2), k -> new double[2]);
      v[m.group(1).equals("sum") ? 0 : 1] = Double.parseDouble(m.group(3));
    }
    return out;
  }
}
