package org.neurofhir.server.client;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.client.api.IGenericClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.hl7.fhir.instance.model.api.IIdType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.ServerTestBase;

/**
 * README's first-run path, run as written: the admin signs in with the first admin's password through the built-in
 * public client (authorization code + PKCE, by {@code server/bin/neurofhir-admin}), creates a doctor and a system
 * client, and the client's token creates and searches a Patient; the doctor signs in and reads it.
 */
class FirstRunPathTest extends ServerTestBase {

  private static final Path SCRIPT = Path.of("bin/neurofhir-admin");
  private static final String ADMIN_PASSWORD = "test-admin-password"; // application-test.yaml, as from the env

  record Run(int exit, String out, String err) {}

  private Run admin(Map<String, String> env, String... args) throws IOException, InterruptedException {
    List<String> command = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().put("NEUROFHIR_URL", baseUrl());
    pb.environment().putAll(env);
    Path err = Files.createTempFile("neurofhir-admin", ".err");
    pb.redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("neurofhir-admin finished").isTrue();
    Run run = new Run(p.exitValue(), out, Files.readString(err));
    Files.delete(err);
    return run;
  }

  private static Map<String, String> assignments(String out) {
    Map<String, String> values = new HashMap<>();
    out.lines().filter(l -> l.contains("=")).forEach(l -> values.put(l.substring(0, l.indexOf('=')), l.substring(l.indexOf('=') + 1)));
    return values;
  }

  @Test
  void adminSignsInCreatesADoctorAndAClientWhoseTokenWritesAndSearches() throws Exception {
    assertThat(SCRIPT).exists();
    Map<String, String> asAdmin = Map.of("NEUROFHIR_PASSWORD", ADMIN_PASSWORD);
    String suffix = UUID.randomUUID().toString().substring(0, 8);

    Run token = admin(asAdmin, "token");
    assertThat(token.exit()).as(token.err()).isZero();
    assertThat(token.out().trim()).matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+");

    Run doctor = admin(Map.of("NEUROFHIR_PASSWORD", ADMIN_PASSWORD, "NEW_USER_PASSWORD", "a-doctor-password"),
        "create-user", "dr-" + suffix, "doctor", "Practitioner/dr-" + suffix);
    assertThat(doctor.exit()).as(doctor.err()).isZero();
    assertThat(doctor.out()).contains("\"roles\":[\"doctor\"]").contains("Practitioner/dr-" + suffix);

    Run created = admin(asAdmin, "create-client", "ehr-" + suffix, "system/*.cruds");
    assertThat(created.exit()).as(created.err()).isZero();
    Map<String, String> client = assignments(created.out());
    assertThat(client.get("CLIENT_ID")).isEqualTo("ehr-" + suffix);
    assertThat(client.get("CLIENT_SECRET")).hasSizeGreaterThanOrEqualTo(40);
    assertThat(created.err()).contains("shown only now");

    IGenericClient ehr = clientWithToken(client.get("TOKEN"));
    Patient patient = new Patient();
    patient.addName().setFamily("Firstrun" + suffix).addGiven("Ann");
    IIdType id = ehr.create().resource(patient).execute().getId();
    Bundle found = ehr.search().forResource(Patient.class)
        .where(Patient.NAME.matches().value("firstrun" + suffix)).returnBundle(Bundle.class).execute();
    assertThat(found.getEntry()).hasSize(1);

    Run again = admin(Map.of(), "client-token", client.get("CLIENT_ID"), client.get("CLIENT_SECRET"));
    assertThat(again.exit()).as(again.err()).isZero();
    assertThat(clientWithToken(again.out().trim()).read().resource(Patient.class).withId(id.getIdPart()).execute()
        .getNameFirstRep().getFamily()).isEqualTo("Firstrun" + suffix);

    Run doctorToken = admin(Map.of("NEUROFHIR_PASSWORD", "a-doctor-password"), "--user", "dr-" + suffix, "token");
    assertThat(doctorToken.exit()).as(doctorToken.err()).isZero();
    assertThat(clientWithToken(doctorToken.out().trim()).read().resource(Patient.class).withId(id.getIdPart())
        .execute().getIdElement().getIdPart()).isEqualTo(id.getIdPart());
  }

  @Test
  void aWrongPasswordIsRefusedWithAMessageAndExitCodeOne() throws Exception {
    Run run = admin(Map.of("NEUROFHIR_PASSWORD", "not-the-password"), "--user", "nobody-" + UUID.randomUUID(), "token");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.out()).isEmpty();
    assertThat(run.err()).contains("sign-in of").contains("refused");
  }

  @Test
  void aDoctorCannotRegisterClients() throws Exception {
    String name = "dr-" + UUID.randomUUID().toString().substring(0, 8);
    tokens().createUser(name, "a-doctor-password", List.of("doctor"), null);
    Run run = admin(Map.of("NEUROFHIR_PASSWORD", "a-doctor-password"), "--user", name,
        "create-client", "sneaky-" + name, "system/*.cruds", "--role", "admin");
    assertThat(run.exit()).isEqualTo(1);
    assertThat(run.err()).contains("POST /admin/clients answered 403");
    assertThat(run.out()).doesNotContain("CLIENT_SECRET");
  }

  @Test
  void anUnreachableServerIsExitCodeTwo() throws Exception {
    Run run = admin(Map.of("NEUROFHIR_PASSWORD", ADMIN_PASSWORD, "NEUROFHIR_URL", "http://127.0.0.1:9"), "token");
    assertThat(run.exit()).isEqualTo(2);
    assertThat(run.err()).contains("cannot reach http://127.0.0.1:9");
  }
}
