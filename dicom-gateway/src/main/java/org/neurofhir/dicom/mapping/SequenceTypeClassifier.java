package org.neurofhir.dicom.mapping;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.neurofhir.profiles.MrSequenceType;

/**
 * Guesses the MR sequence of a series from its description and protocol name. Sites name
 * protocols differently, so rules are configurable per site (the calling AE title); a site without
 * its own rules uses the {@code default} list, or the built-in one.
 */
public class SequenceTypeClassifier {
  public static final String DEFAULT_SITE = "default";

  /** Order matters: FLAIR and post-contrast T1 names also contain "T2"/"T1". */
  public static final List<SequenceRule> BUILT_IN_RULES = List.of(
      new SequenceRule(MrSequenceType.FLAIR, "flair|tirm|dark[ _-]?fluid"),
      new SequenceRule(MrSequenceType.T1CE, "t1.*(\\+ ?c|post|gd|gad|contrast|\\bce\\b|t1ce)|t1ce|mprage.*(gd|post|\\+c)"),
      new SequenceRule(MrSequenceType.T2, "t2"),
      new SequenceRule(MrSequenceType.T1, "t1|mprage|spgr|bravo"));

  private record CompiledRule(MrSequenceType type, Pattern pattern) {}

  private final Map<String, List<CompiledRule>> bySite;
  private final List<CompiledRule> fallback;

  public SequenceTypeClassifier(Map<String, List<SequenceRule>> rulesBySite) {
    Map<String, List<CompiledRule>> compiled = new java.util.HashMap<>();
    rulesBySite.forEach((site, rules) -> compiled.put(site, compile(rules)));
    this.fallback = compiled.getOrDefault(DEFAULT_SITE, compile(BUILT_IN_RULES));
    this.bySite = Map.copyOf(compiled);
  }

  public static SequenceTypeClassifier builtIn() {
    return new SequenceTypeClassifier(Map.of());
  }

  /** The sequence type, or {@link MrSequenceType#OTHER} when no rule matches or the modality is not MR. */
  public MrSequenceType classify(String site, String modality, String seriesDescription, String protocolName) {
    if (modality != null && !"MR".equalsIgnoreCase(modality)) return MrSequenceType.OTHER;
    List<CompiledRule> rules = site == null ? fallback : bySite.getOrDefault(site, fallback);
    for (CompiledRule r : rules) {
      if (matches(r.pattern(), seriesDescription) || matches(r.pattern(), protocolName)) return r.type();
    }
    return MrSequenceType.OTHER;
  }

  private static boolean matches(Pattern p, String text) {
    return text != null && p.matcher(text).find();
  }

  private static List<CompiledRule> compile(List<SequenceRule> rules) {
    List<CompiledRule> out = new ArrayList<>();
    for (SequenceRule r : rules) {
      out.add(new CompiledRule(r.type(), Pattern.compile(r.pattern(), Pattern.CASE_INSENSITIVE)));
    }
    return List.copyOf(out);
  }
}
