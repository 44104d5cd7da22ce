package org.neurofhir.server.record.consultation;

import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Quantity;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemType;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.TimeType;
import org.hl7.fhir.r4.model.Type;
import org.hl7.fhir.r4.model.UriType;

/** Which answer value[x] each Questionnaire item type takes (FHIR R4 Questionnaire, "item.type"). */
final class AnswerTypes {

  private AnswerTypes() {}

  static boolean fits(QuestionnaireItemType type, Type value) {
    return switch (type) {
      case BOOLEAN -> value instanceof BooleanType;
      case DECIMAL -> value instanceof DecimalType;
      case INTEGER -> value instanceof IntegerType;
      // DateTimeType is DateType's sibling, not its subclass: a date item takes a date only
      case DATE -> value instanceof DateType;
      case DATETIME -> value instanceof DateTimeType;
      case TIME -> value instanceof TimeType;
      case STRING, TEXT -> value instanceof StringType;
      case URL -> value instanceof UriType;
      case CHOICE -> value instanceof Coding;
      case OPENCHOICE -> value instanceof Coding || value instanceof StringType;
      case ATTACHMENT -> value instanceof Attachment;
      case REFERENCE -> value instanceof Reference;
      case QUANTITY -> value instanceof Quantity;
      default -> false;
    };
  }
}
