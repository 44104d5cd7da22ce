package org.neurofhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.util.UUID;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Enumerations.PublicationStatus;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.UriType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.ServerTestBase;

/** Terminology operations over a CodeSystem stored on the server (no Hibernate Search behind them). */
class TerminologyOperationsTest extends ServerTestBase {

  private String system;

  @BeforeEach
  void storeHierarchy() {
    // tumour > glioma > glioblastoma, tumour > meningioma
    system = "http://example.org/fhir/CodeSystem/brain-tumour-" + UUID.randomUUID();
    CodeSystem cs = new CodeSystem().setUrl(system).setStatus(PublicationStatus.ACTIVE)
        .setContent(CodeSystem.CodeSystemContentMode.COMPLETE)
        .setHierarchyMeaning(CodeSystem.CodeSystemHierarchyMeaning.ISA);
    CodeSystem.ConceptDefinitionComponent tumour = cs.addConcept().setCode("tumour").setDisplay("Brain tumour");
    tumour.addConcept().setCode("glioma").setDisplay("Glioma")
        .addConcept().setCode("glioblastoma").setDisplay("Glioblastoma");
    tumour.addConcept().setCode("meningioma").setDisplay("Meningioma");
    client.create().resource(cs).execute();
  }

  @Test
  void subsumesFollowsTheStoredHierarchy() {
    assertThat(subsumes("tumour", "glioblastoma")).isEqualTo("subsumes");
    assertThat(subsumes("glioma", "glioblastoma")).isEqualTo("subsumes");
    assertThat(subsumes("glioblastoma", "tumour")).isEqualTo("subsumed-by");
    assertThat(subsumes("glioma", "meningioma")).isEqualTo("not-subsumed");
    assertThat(subsumes("glioma", "glioma")).isEqualTo("equivalent");
  }

  @Test
  void subsumesTakesCodings() {
    Parameters in = new Parameters();
    in.addParameter().setName("codingA").setValue(new Coding(system, "tumour", null));
    in.addParameter().setName("codingB").setValue(new Coding(system, "meningioma", null));
    assertThat(outcome(in)).isEqualTo("subsumes");
  }

  @Test
  void lookupAndValidateCode() {
    Parameters lookup = client.operation().onType(CodeSystem.class).named("$lookup")
        .withParameter(Parameters.class, "system", new UriType(system))
        .andParameter("code", new CodeType("glioblastoma")).useHttpGet().execute();
    assertThat(lookup.getParameter("display").getValue().primitiveValue()).isEqualTo("Glioblastoma");

    assertThat(validateCode("glioma").getParameter("result").getValue().primitiveValue()).isEqualTo("true");
    assertThat(validateCode("astrocytoma").getParameter("result").getValue().primitiveValue()).isEqualTo("false");
  }

  private Parameters validateCode(String code) {
    return client.operation().onType(CodeSystem.class).named("$validate-code")
        .withParameter(Parameters.class, "url", new UriType(system))
        .andParameter("code", new CodeType(code)).useHttpGet().execute();
  }

  @Test
  void reindexTerminologySaysThereIsNoFullTextIndex() {
    Parameters out = client.operation().onServer().named("$reindex-terminology").withNoParameters(Parameters.class)
        .execute();
    assertThat(out.getParameter("success").getValue().primitiveValue()).isEqualTo("false");
    assertThat(out.getParameter("message").getValue().primitiveValue()).contains("not configured");
  }

  @Test
  void subsumesWithAnUnknownCodeIsABadRequest() {
    assertThatThrownBy(() -> subsumes("glioma", "no-such-code"))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("no-such-code");
    Parameters acrossSystems = new Parameters();
    acrossSystems.addParameter().setName("codingA").setValue(new Coding(system, "glioma", null));
    acrossSystems.addParameter().setName("codingB").setValue(new Coding("http://snomed.info/sct", "393564001", null));
    assertThatThrownBy(() -> outcome(acrossSystems))
        .isInstanceOf(InvalidRequestException.class)
        .hasMessageContaining("different code systems");
  }

  private String subsumes(String codeA, String codeB) {
    Parameters in = new Parameters();
    in.addParameter().setName("codeA").setValue(new CodeType(codeA));
    in.addParameter().setName("codeB").setValue(new CodeType(codeB));
    in.addParameter().setName("system").setValue(new UriType(system));
    return outcome(in);
  }

  private String outcome(Parameters in) {
    Parameters out = client.operation().onType(CodeSystem.class).named("$subsumes").withParameters(in).execute();
    return out.getParameter("outcome").getValue().primitiveValue();
  }
}
