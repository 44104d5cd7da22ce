package org.neurofhir.server.fhir;

import java.util.Collections;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hibernate.resource.jdbc.spi.StatementInspector;

/**
 * On H2 only: rewrites HAPI's lookup of several resources by type and id, {@code (t.res_type=? and t.fhir_id=? or
 * t.res_type=? and t.fhir_id=? ...)}, into the equivalent row-value list {@code (t.res_type,t.fhir_id) in ((?,?),
 * (?,?) ...)}, with the bind parameters in the same order.
 *
 * <p>Why: H2 cannot use an index for an OR of AND-groups and scans all of {@code hfj_resource} instead, once per
 * transaction that refers to existing resources by id (an EHR's bundle pointing at a known Patient, the later parts
 * of a long record). With 141,000 resources stored that scan was 52 % of the request threads' time during the Synthea
 * ingest (JFR); the row-value form is answered from {@code IDX_RES_FHIR_ID}. PostgreSQL plans the original with a
 * bitmap OR over the same index, so it is left alone there.
 */
public final class H2IdLookupRewrite implements StatementInspector {

  private static final Pattern OR_CHAIN = Pattern.compile(
      "\\((\\w+)\\.res_type=\\? and \\1\\.fhir_id=\\?((?: or \\1\\.res_type=\\? and \\1\\.fhir_id=\\?)+)\\)");
  private static final String ONE_MORE = " or ";

  @Override
  public String inspect(String sql) {
    if (!sql.contains(".fhir_id=? or ")) {
      return sql;
    }
    Matcher m = OR_CHAIN.matcher(sql);
    if (!m.find()) {
      return sql;
    }
    StringBuilder out = new StringBuilder(sql.length());
    do {
      String alias = m.group(1);
      int pairs = 1 + countOccurrences(m.group(2), ONE_MORE);
      String rows = String.join(",", Collections.nCopies(pairs, "(?,?)"));
      m.appendReplacement(out, Matcher.quoteReplacement(
          "((" + alias + ".res_type," + alias + ".fhir_id) in (" + rows + "))"));
    } while (m.find());
    m.appendTail(out);
    return out.toString();
  }

  private static int countOccurrences(String s, String part) {
    int n = 0;
    for (int i = s.indexOf(part); i >= 0; i = s.indexOf(part, i + part.length())) {
      n++;
    }
    return n;
  }
}
