package org.neurofhir.profiles.enforcement;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.RestfulServer;
import ca.uhn.fhir.rest.server.provider.HashMapResourceProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.hl7.fhir.r4.model.Appointment;
import org.hl7.fhir.r4.model.Device;
import org.hl7.fhir.r4.model.DiagnosticReport;
import org.hl7.fhir.r4.model.ImagingStudy;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Task;

/**
 * A real HAPI RestfulServer over HTTP in embedded Tomcat, storing in memory
 * (HashMapResourceProvider fires the same STORAGE_PRESTORAGE pointcuts as the JPA DAOs).
 * Shared by the interceptor test and the bench.
 */
public final class EmbeddedFhirServer implements AutoCloseable {

  private final Tomcat tomcat;
  private final Path baseDir;
  private final String baseUrl;

  /** @param interceptor registered on the server, or null for a server without enforcement */
  public EmbeddedFhirServer(FhirContext ctx, Object interceptor) throws IOException, LifecycleException {
    baseDir = Files.createTempDirectory("neurofhir-tomcat");
    tomcat = new Tomcat();
    tomcat.setBaseDir(baseDir.toString());
    tomcat.setPort(0);
    RestfulServer server = new RestfulServer(ctx);
    server.registerProviders(
        new HashMapResourceProvider<>(ctx, Patient.class),
        new HashMapResourceProvider<>(ctx, Observation.class),
        new HashMapResourceProvider<>(ctx, ImagingStudy.class),
        new HashMapResourceProvider<>(ctx, DiagnosticReport.class),
        new HashMapResourceProvider<>(ctx, Device.class),
        new HashMapResourceProvider<>(ctx, Task.class),
        new HashMapResourceProvider<>(ctx, Appointment.class));
    if (interceptor != null) {
      server.registerInterceptor(interceptor);
    }
    Context context = tomcat.addContext("", baseDir.toString());
    Tomcat.addServlet(context, "fhir", server);
    context.addServletMappingDecoded("/fhir/*", "fhir");
    tomcat.getConnector();
    tomcat.start();
    baseUrl = "http://localhost:" + tomcat.getConnector().getLocalPort() + "/fhir";
  }

  public String baseUrl() { return baseUrl; }

  @Override
  public void close() throws Exception {
    tomcat.stop();
    tomcat.destroy();
  }
}
