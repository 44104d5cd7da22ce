package org.neurofhir.server.record.consultation;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Questionnaire;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemComponent;
import org.hl7.fhir.r4.model.Questionnaire.QuestionnaireItemType;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent;
import org.hl7.fhir.r4.model.QuestionnaireResponse.QuestionnaireResponseItemComponent;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Type;

/**
 * The answers of a QuestionnaireResponse against its Questionnaire: every item exists (linkId), answers are of the
 * item's type, a choice is one of the answer options (open-choice: or free text), numbers within minValue/maxValue,
 * no second answer where the item does not repeat, and, once the form is completed or amended, every required item
 * answered. A draft ({@code in-progress}) may leave required items empty. Items with enableWhen are checked for
 * type but never required: whether they are enabled depends on other answers, which this check does not evaluate.
 */
final class QuestionnaireResponseCheck {

  static final String MIN_VALUE = "http://hl7.org/fhir/StructureDefinition/minValue";
  static final String MAX_VALUE = "http://hl7.org/fhir/StructureDefinition/maxValue";

  private QuestionnaireResponseCheck() {}

  static List<FormProblem> problems(Questionnaire questionnaire, QuestionnaireResponse response) {
    List<FormProblem> out = new ArrayList<>();
    boolean complete = response.getStatus() == QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED
        || response.getStatus() == QuestionnaireResponse.QuestionnaireResponseStatus.AMENDED;
    items(questionnaire.getItem(), response.getItem(), "QuestionnaireResponse", complete, out);
    return out;
  }

  private static void items(List<QuestionnaireItemComponent> defined, List<QuestionnaireResponseItemComponent> given,
      String path, boolean complete, List<FormProblem> out) {
    Map<String, QuestionnaireItemComponent> byLinkId = defined.stream()
        .collect(Collectors.toMap(QuestionnaireItemComponent::getLinkId, Function.identity(), (a, b) -> a));
    java.util.Set<String> seen = new java.util.HashSet<>();
    for (int i = 0; i < given.size(); i++) {
      QuestionnaireResponseItemComponent item = given.get(i);
      String at = path + ".item[" + i + "]";
      QuestionnaireItemComponent definition = byLinkId.get(item.getLinkId());
      if (definition == null) {
        out.add(new FormProblem(at + ".linkId", "The form has no item '" + item.getLinkId() + "' here"));
        continue;
      }
      if (!seen.add(item.getLinkId()) && !(definition.getType() == QuestionnaireItemType.GROUP && definition.getRepeats())) {
        out.add(new FormProblem(at, "Item '" + item.getLinkId() + "' appears more than once"));
      }
      answers(definition, item, at, complete, out);
    }
    if (complete) {
      for (QuestionnaireItemComponent d : defined) {
        if (d.getRequired() && !d.hasEnableWhen() && given.stream()
            .noneMatch(g -> d.getLinkId().equals(g.getLinkId()) && (g.hasAnswer() || g.hasItem()))) {
          out.add(new FormProblem(path + ".item", "Required item '" + d.getLinkId() + "' (" + d.getText()
              + ") has no answer"));
        }
      }
    }
  }

  private static void answers(QuestionnaireItemComponent definition, QuestionnaireResponseItemComponent item,
      String at, boolean complete, List<FormProblem> out) {
    QuestionnaireItemType type = definition.getType();
    if (type == QuestionnaireItemType.GROUP || type == QuestionnaireItemType.DISPLAY) {
      if (item.hasAnswer()) {
        out.add(new FormProblem(at + ".answer", "Item '" + item.getLinkId() + "' is a " + type.toCode()
            + " and takes no answer"));
      }
      items(definition.getItem(), item.getItem(), at, complete, out);
      return;
    }
    if (item.getAnswer().size() > 1 && !definition.getRepeats()) {
      out.add(new FormProblem(at + ".answer", "Item '" + item.getLinkId() + "' takes one answer, got "
          + item.getAnswer().size()));
    }
    for (int a = 0; a < item.getAnswer().size(); a++) {
      QuestionnaireResponseItemAnswerComponent answer = item.getAnswer().get(a);
      String where = at + ".answer[" + a + "].value";
      Type value = answer.getValue();
      if (value == null) {
        out.add(new FormProblem(where, "An answer without a value"));
        continue;
      }
      if (!AnswerTypes.fits(type, value)) {
        out.add(new FormProblem(where, "Item '" + item.getLinkId() + "' is of type " + type.toCode()
            + "; the answer is a " + value.fhirType()));
        continue;
      }
      if (type == QuestionnaireItemType.CHOICE || type == QuestionnaireItemType.OPENCHOICE) {
        option(definition, value, where, out);
      }
      range(definition, value, where, out);
      items(definition.getItem(), answer.getItem(), at + ".answer[" + a + "]", complete, out);
    }
  }

  private static void option(QuestionnaireItemComponent definition, Type value, String where, List<FormProblem> out) {
    if (!definition.hasAnswerOption() || (definition.getType() == QuestionnaireItemType.OPENCHOICE && value instanceof StringType)) {
      return;
    }
    boolean listed = definition.getAnswerOption().stream().anyMatch(o -> o.getValue() instanceof Coding c
        ? value instanceof Coding v && c.getCode().equals(v.getCode()) && c.getSystem().equals(v.getSystem())
        : o.getValue().equalsDeep(value));
    if (!listed) {
      out.add(new FormProblem(where, "'" + (value instanceof Coding c ? c.getSystem() + "|" + c.getCode() : value.primitiveValue())
          + "' is not one of the answer options of '" + definition.getLinkId() + "'"));
    }
  }

  private static void range(QuestionnaireItemComponent definition, Type value, String where, List<FormProblem> out) {
    BigDecimal v = value instanceof IntegerType i ? BigDecimal.valueOf(i.getValue())
        : value instanceof DecimalType d ? d.getValue() : null;
    if (v == null) {
      return;
    }
    BigDecimal min = bound(definition.getExtensionByUrl(MIN_VALUE));
    BigDecimal max = bound(definition.getExtensionByUrl(MAX_VALUE));
    if ((min != null && v.compareTo(min) < 0) || (max != null && v.compareTo(max) > 0)) {
      out.add(new FormProblem(where, v.toPlainString() + " is outside " + (min == null ? "" : min.toPlainString())
          + ".." + (max == null ? "" : max.toPlainString()) + " for '" + definition.getLinkId() + "'"));
    }
  }

  private static BigDecimal bound(Extension e) {
    if (e == null) {
      return null;
    }
    return e.getValue() instanceof IntegerType i ? BigDecimal.valueOf(i.getValue())
        : e.getValue() instanceof DecimalType d ? d.getValue() : null;
  }
}
