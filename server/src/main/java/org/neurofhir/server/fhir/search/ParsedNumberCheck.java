package org.neurofhir.server.fhir.search;

import ca.uhn.fhir.jpa.searchparam.SearchParameterMap;
import ca.uhn.fhir.model.api.IQueryParameterType;
import ca.uhn.fhir.rest.param.CompositeParam;
import ca.uhn.fhir.rest.param.NumberParam;
import ca.uhn.fhir.rest.param.QuantityParam;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

/**
 * The number bounds of {@link BoundedDecimal} applied to a search HAPI has already parsed, whatever it came from:
 * searches HAPI runs for itself (conditional create, update and delete match URLs) never pass the HTTP check.
 */
final class ParsedNumberCheck {

  private ParsedNumberCheck() {}

  static void check(SearchParameterMap params) {
    for (Map.Entry<String, List<List<IQueryParameterType>>> entry : params.entrySet()) {
      try {
        for (List<IQueryParameterType> orList : entry.getValue()) {
          for (IQueryParameterType value : orList) {
            check(value);
          }
        }
      } catch (RefusedValue refused) {
        throw new InvalidRequestException(
            "Invalid value for search parameter '" + Shown.value(entry.getKey()) + "': " + refused.getMessage());
      }
    }
  }

  private static void check(IQueryParameterType value) {
    if (value instanceof NumberParam number) {
      bounded(number.getValue());
    } else if (value instanceof QuantityParam quantity) {
      bounded(quantity.getValue());
    } else if (value instanceof CompositeParam<?, ?> composite) {
      check(composite.getLeftValue());
      check(composite.getRightValue());
    }
  }

  private static void bounded(BigDecimal number) {
    if (number != null) {
      BoundedDecimal.checkBounds(number, number.scale() < -1000 || number.scale() > 1000 ? "number" : number.toString());
    }
  }
}
