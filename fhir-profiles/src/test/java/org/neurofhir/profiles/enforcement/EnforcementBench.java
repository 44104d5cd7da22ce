package org.neurofhir.profiles.enforcement;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Observation;
import org.neurofhir.profiles.packaging.NeuroFhirPackage;

/**
 * Cost of profile enforcement (run by bench/profiles/run.sh; prints one JSON object):
 * package load, validator warm-up, ms per validated write, ns per skipped (unprofiled) write,
 * and HTTP POST latency of unprofiled writes on a RestfulServer with and without the interceptor.
 * Args: [validations] [httpRequests].
 */
public final class EnforcementBench {

  public static void main(String[] args) throws Exception {
    int validations = args.length > 0 ? Integer.parseInt(args[0]) : 300;
    int httpRequests = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    Map<String, Object> out = new LinkedHashMap<>();
    FhirContext ctx = FhirContext.forR4Cached();

    // The server has its FhirContext initialised before it loads our package: do that outside the timing.
    long t = System.nanoTime();
    ctx.newJsonParser().parseResource("{\"resourceType\":\"Observation\",\"status\":\"final\"}");
    out.put("fhir_context_init_ms", ms(System.nanoTime() - t));
    t = System.nanoTime();
    NeuroFhirPackage pkg = NeuroFhirPackage.loadFromClasspath(ctx);
    out.put("package_load_precomputed_snapshots_ms", ms(System.nanoTime() - t));

    ProfileEnforcingInterceptor interceptor =
        new ProfileEnforcingInterceptor(ctx, pkg.standaloneValidationSupport(), EnforcementPolicy.claimedProfilesOnly());
    Observation valid = (Observation) copy(ctx, pkg.examples().get("Observation-tumour-volume-example.json"));
    Observation invalid = (Observation) copy(ctx, pkg.examples().get("Observation-tumour-volume-invalid.json"));
    Observation unprofiled = (Observation) copy(ctx, invalid);
    unprofiled.getMeta().getProfile().clear();

    t = System.nanoTime();
    interceptor.enforce(valid);
    out.put("first_validation_warmup_ms", ms(System.nanoTime() - t));

    double[] validMs = new double[validations];
    for (int i = 0; i < validations; i++) {
      long s = System.nanoTime();
      interceptor.enforce(valid);
      validMs[i] = ms(System.nanoTime() - s);
    }
    out.put("validate_profiled_valid_observation_ms", stats(validMs));

    double[] invalidMs = new double[validations];
    for (int i = 0; i < validations; i++) {
      long s = System.nanoTime();
      try {
        interceptor.enforce(invalid);
        throw new IllegalStateException("invalid example passed");
      } catch (UnprocessableEntityException expected) {
        invalidMs[i] = ms(System.nanoTime() - s);
      }
    }
    out.put("reject_profiled_invalid_observation_ms", stats(invalidMs));

    int skips = 2_000_000;
    int validated = 0;
    for (int i = 0; i < skips / 10; i++) validated += interceptor.enforce(unprofiled) ? 1 : 0;
    t = System.nanoTime();
    for (int i = 0; i < skips; i++) validated += interceptor.enforce(unprofiled) ? 1 : 0;
    out.put("skip_unprofiled_ns_per_write", Math.round((System.nanoTime() - t) / (double) skips));
    if (validated != 0) throw new IllegalStateException("unprofiled resource was validated");

    String body = ctx.newJsonParser().encodeResourceToString(unprofiled);
    String profiledBody = ctx.newJsonParser().encodeResourceToString(valid);
    try (EmbeddedFhirServer without = new EmbeddedFhirServer(ctx, null);
         EmbeddedFhirServer with = new EmbeddedFhirServer(ctx, interceptor)) {
      HttpClient http = HttpClient.newHttpClient();
      postMany(http, without.baseUrl(), body, httpRequests / 5);
      postMany(http, with.baseUrl(), body, httpRequests / 5);
      out.put("http_post_unprofiled_without_interceptor_ms", stats(postMany(http, without.baseUrl(), body, httpRequests)));
      out.put("http_post_unprofiled_with_interceptor_ms", stats(postMany(http, with.baseUrl(), body, httpRequests)));
      out.put("http_post_profiled_valid_with_interceptor_ms", stats(postMany(http, with.baseUrl(), profiledBody, httpRequests / 5)));
    }
    t = System.nanoTime();
    NeuroFhirPackage.loadGeneratingSnapshots(ctx);
    out.put("package_load_generating_snapshots_warm_jvm_ms", ms(System.nanoTime() - t));
    out.put("validations", validations);
    out.put("http_requests", httpRequests);
    out.put("cpus", Runtime.getRuntime().availableProcessors());
    out.put("java", System.getProperty("java.version"));
    System.out.println(toJson(out));
    System.exit(0);
  }

  private static double[] postMany(HttpClient http, String base, String body, int n) throws Exception {
    double[] ms = new double[n];
    HttpRequest req = HttpRequest.newBuilder(URI.create(base + "/Observation"))
        .header("Content-Type", "application/fhir+json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    for (int i = 0; i < n; i++) {
      long s = System.nanoTime();
      HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
      ms[i] = ms(System.nanoTime() - s);
      if (r.statusCode() != 201) throw new IllegalStateException("POST gave " + r.statusCode());
    }
    return ms;
  }

  private static IBaseResource copy(FhirContext ctx, IBaseResource r) {
    return ctx.newJsonParser().parseResource(ctx.newJsonParser().encodeResourceToString(r));
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  private static Map<String, Object> stats(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mean", round(Arrays.stream(s).average().orElse(0)));
    m.put("p50", round(s[s.length / 2]));
    m.put("p95", round(s[(int) Math.min(s.length - 1, Math.ceil(s.length * 0.95) - 1)]));
    m.put("n", s.length);
    return m;
  }

  private static double round(double d) {
    return Math.round(d * 1000) / 1000.0;
  }

  @SuppressWarnings("unchecked")
  private static String toJson(Object o) {
    if (o instanceof Map<?, ?> m) {
      StringBuilder sb = new StringBuilder("{");
      m.forEach((k, v) -> sb.append(sb.length() > 1 ? ", " : "").append('"').append(k).append("\": ").append(toJson(v)));
      return sb.append('}').toString();
    }
    if (o instanceof String s) return '"' + s + '"';
    if (o instanceof Double d) return String.format(Locale.ROOT, "%.3f", d);
    return String.valueOf(o);
  }
}
