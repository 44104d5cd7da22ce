package org.neurofhir.server.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class H2IdLookupRewriteTest {

  private final H2IdLookupRewrite rewrite = new H2IdLookupRewrite();

  // As Hibernate renders IdHelperService's lookup of several ids (captured with org.hibernate.SQL=DEBUG).
  private static final String HAPI_LOOKUP = "select rt1_0.res_id,rt1_0.res_type,rt1_0.fhir_id,rt1_0.res_deleted_at,"
      + "rt1_0.partition_id from hfj_resource rt1_0 where (rt1_0.res_type=? and rt1_0.fhir_id=? or "
      + "rt1_0.res_type=? and rt1_0.fhir_id=? or rt1_0.res_type=? and rt1_0.fhir_id=?)";

  @Test
  void orChainOfTypeAndIdBecomesARowValueList() {
    assertThat(rewrite.inspect(HAPI_LOOKUP)).isEqualTo(
        "select rt1_0.res_id,rt1_0.res_type,rt1_0.fhir_id,rt1_0.res_deleted_at,rt1_0.partition_id from hfj_resource"
            + " rt1_0 where ((rt1_0.res_type,rt1_0.fhir_id) in ((?,?),(?,?),(?,?)))");
  }

  @Test
  void keepsWhatSurroundsTheChain() {
    String sql = "select x from hfj_resource r where r.partition_id is null and (r.res_type=? and r.fhir_id=? or "
        + "r.res_type=? and r.fhir_id=?) order by r.res_id";
    assertThat(rewrite.inspect(sql)).isEqualTo(
        "select x from hfj_resource r where r.partition_id is null and ((r.res_type,r.fhir_id) in ((?,?),(?,?)))"
            + " order by r.res_id");
  }

  @Test
  void leavesOtherStatementsAlone() {
    String single = "select r.res_id from hfj_resource r where (r.res_type=? and r.fhir_id=?)";
    String mixed = "select r.res_id from hfj_resource r where (r.res_type=? and r.fhir_id=? or r.fhir_id=?)";
    String insert = "insert into hfj_resource (fhir_id,res_type) values (?,?)";
    assertThat(rewrite.inspect(single)).isSameAs(single);
    assertThat(rewrite.inspect(mixed)).isSameAs(mixed);
    assertThat(rewrite.inspect(insert)).isSameAs(insert);
  }
}
