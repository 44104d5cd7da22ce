package org.neurofhir.profiles;

/**
 * AI model Device type and property codes; codes of {@link NeuroFhirCanonical#CS_AI_MODEL}.
 * {@link #BRAIN_TUMOUR_SEGMENTATION_MODEL} goes in Device.type, the others in Device.property.type.
 */
public enum AiModelCode implements CodedConcept {
  BRAIN_TUMOUR_SEGMENTATION_MODEL("brain-tumour-segmentation-model", "Brain tumour segmentation model"),
  TRAINING_DATA("training-data", "Training data"),
  TRAINING_CASE_COUNT("training-case-count", "Training case count"),
  DICE_WHOLE_TUMOUR("dice-whole-tumour", "Dice, whole tumour"),
  DICE_TUMOUR_CORE("dice-tumour-core", "Dice, tumour core"),
  DICE_ENHANCING_TUMOUR("dice-enhancing-tumour", "Dice, enhancing tumour"),
  INPUT_SEQUENCES("input-sequences", "Input sequences");

  private final String code;
  private final String display;

  AiModelCode(String code, String display) {
    this.code = code;
    this.display = display;
  }

  @Override
  public String system() { return NeuroFhirCanonical.CS_AI_MODEL; }

  @Override
  public String code() { return code; }

  @Override
  public String display() { return display; }
}
