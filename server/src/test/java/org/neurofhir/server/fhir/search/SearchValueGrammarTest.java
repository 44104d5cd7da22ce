package org.neurofhir.server.fhir.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.RestSearchParameterTypeEnum;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The value grammars on their own: fast, no server. */
class SearchValueGrammarTest {

  @ParameterizedTest
  @ValueSource(strings = {"1e999999999", "5e2147483647", "1e-999999999", "1e31", "1e-31", "1234567890123456789012345678901",
      "abc", "1.5e", ".e5", "NaN", "Infinity", "0x1F", "", "1,5", "1e99999"})
  void refusesNumbersOutsideTheGrammarOrBounds(String text) {
    assertThatThrownBy(() -> BoundedDecimal.parse(text)).isInstanceOf(RefusedValue.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "5.4", "-3", "1e30", "1e-30", "2.50E+3", "100000", "0.000001", "+7", ".5"})
  void acceptsOrdinaryNumbers(String text) {
    assertThatCode(() -> BoundedDecimal.parse(text)).doesNotThrowAnyException();
  }

  @Test
  void boundsNumbersHapiAlreadyParsed() {
    assertThatThrownBy(() -> BoundedDecimal.checkBounds(new BigDecimal("1e999999999"), "x"))
        .isInstanceOf(RefusedValue.class);
    assertThatCode(() -> BoundedDecimal.checkBounds(new BigDecimal("120.5"), "x")).doesNotThrowAnyException();
  }

  @ParameterizedTest
  @ValueSource(strings = {"2020-13-01", "2020-02-30", "20200101", "2020-01-01T25:00", "2020-01-01T10", "xx2020",
      "0000", "2020-01-01T10:00:00+15:00", "2020-1-1", "2020-01-01T10:61", "", "gt", "2020-01-01 10:00"})
  void refusesMalformedDates(String text) {
    assertThatThrownBy(() -> DateValue.check(text)).isInstanceOf(RefusedValue.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"2020", "2020-02", "2024-02-29", "ge2020-01-01", "lt2020-01-01T10:00",
      "2020-01-01T10:00:00Z", "2020-01-01T10:00:00.123+01:00", "2020-01-01T10:00:00 01:00", "eb2020-12-31T23:59:59-05:00"})
  void acceptsFhirDates(String text) {
    assertThatCode(() -> DateValue.check(text)).doesNotThrowAnyException();
  }

  @Test
  void quantitiesTokensReferencesAndNear() {
    assertThatCode(() -> TypedValue.check(RestSearchParameterTypeEnum.QUANTITY, "value-quantity",
        "gt5.4|http://unitsofmeasure.org|mg", null)).doesNotThrowAnyException();
    assertThatThrownBy(() -> TypedValue.check(RestSearchParameterTypeEnum.QUANTITY, "value-quantity", "5|a|b|c", null))
        .isInstanceOf(RefusedValue.class);
    assertThatThrownBy(() -> TypedValue.check(RestSearchParameterTypeEnum.QUANTITY, "value-quantity", "xx5", null))
        .isInstanceOf(RefusedValue.class);
    assertThatCode(() -> TypedValue.check(RestSearchParameterTypeEnum.TOKEN, "code", "http://loinc.org|1234-5", null))
        .doesNotThrowAnyException();
    assertThatCode(() -> TypedValue.check(RestSearchParameterTypeEnum.TOKEN, "code", "a\\|b|c", null))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> TypedValue.check(RestSearchParameterTypeEnum.TOKEN, "code", "a|b|c", null))
        .isInstanceOf(RefusedValue.class);
    assertThatCode(() -> TypedValue.check(RestSearchParameterTypeEnum.TOKEN, "identifier", "s|MR|123", "of-type"))
        .doesNotThrowAnyException();
    for (String reference : List.of("123", "Patient/123", "Patient/1/_history/2", "http://other.org/fhir/Patient/1")) {
      assertThatCode(() -> TypedValue.check(RestSearchParameterTypeEnum.REFERENCE, "subject", reference, null))
          .doesNotThrowAnyException();
    }
    assertThatThrownBy(() -> TypedValue.check(RestSearchParameterTypeEnum.REFERENCE, "subject", "a/b/c/d", null))
        .isInstanceOf(RefusedValue.class);
    assertThatCode(() -> TypedValue.check(RestSearchParameterTypeEnum.SPECIAL, "near", "42.2|-71.1|10|km", null))
        .doesNotThrowAnyException();
    assertThatThrownBy(() -> TypedValue.check(RestSearchParameterTypeEnum.SPECIAL, "near", "1e999|2|3|km", null))
        .isInstanceOf(RefusedValue.class);
    assertThatThrownBy(() -> TypedValue.check(RestSearchParameterTypeEnum.STRING, "name", "x".repeat(1025), null))
        .isInstanceOf(RefusedValue.class);
  }

  @Test
  void escapedSeparatorsDoNotSplit() {
    assertThat(EscapedText.split("a\\,b,c", ',')).containsExactly("a\\,b", "c");
    assertThat(EscapedText.split("x$y\\$z", '$')).containsExactly("x", "y\\$z");
  }

  @Test
  void cancelledStatementsAreRecognisedAsTimeouts() {
    assertThat(RequestTimeLimit.isTimeout(new RuntimeException(new SQLException("canceling statement", "57014"))))
        .isTrue();
    assertThat(RequestTimeLimit.isTimeout(new jakarta.persistence.QueryTimeoutException("slow"))).isTrue();
    assertThat(RequestTimeLimit.isTimeout(new RuntimeException(new SQLException("duplicate key", "23505")))).isFalse();
  }

  @Test
  void statementTimeoutIsWholeSecondsAtLeastOne() {
    var env = new org.springframework.mock.env.MockEnvironment();
    assertThat(StatementTimeout.millis(env)).isEqualTo("30000");
    env.setProperty("neurofhir.fhir.request-limits.time-limit", "200ms");
    assertThat(StatementTimeout.millis(env)).isEqualTo("1000");
    env.setProperty("neurofhir.fhir.request-limits.time-limit", Duration.ofSeconds(45).toString());
    assertThat(StatementTimeout.millis(env)).isEqualTo("45000");
  }
}
