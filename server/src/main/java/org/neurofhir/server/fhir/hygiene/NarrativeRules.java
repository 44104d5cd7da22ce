package org.neurofhir.server.fhir.hygiene;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.hl7.fhir.utilities.xhtml.NodeType;
import org.hl7.fhir.utilities.xhtml.XhtmlNode;

/**
 * The XHTML a narrative may hold (FHIR R4 Narrative, invariant txt-1): the basic formatting elements of HTML 4
 * (text, lists, tables, links, images) and their presentational attributes; no scripts, forms, frames, objects or
 * styles sheets, no event-handler attributes, no {@code javascript:} (or other script) URLs. Every client that shows a
 * narrative inserts it into a page: what is refused here is what would run there.
 */
final class NarrativeRules {

  private static final Set<String> ELEMENTS = Set.of(
      "div", "p", "br", "hr", "span", "pre", "blockquote", "address", "h1", "h2", "h3", "h4", "h5", "h6",
      "b", "i", "u", "s", "em", "strong", "small", "big", "tt", "sub", "sup", "code", "samp", "kbd", "var", "dfn",
      "cite", "q", "abbr", "acronym", "bdo", "del", "ins", "strike", "font", "center",
      "ul", "ol", "li", "dl", "dt", "dd",
      "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
      "a", "img", "map", "area");

  private static final Set<String> ATTRIBUTES = Set.of(
      "xmlns", "id", "class", "style", "title", "lang", "xml:lang", "dir",
      "href", "name", "rel", "rev", "hreflang", "type", "charset", "shape", "coords", "nohref", "target",
      "src", "alt", "longdesc", "height", "width", "usemap", "ismap", "border", "hspace", "vspace", "align",
      "summary", "frame", "rules", "cellspacing", "cellpadding", "span", "char", "charoff", "valign",
      "abbr", "axis", "headers", "scope", "rowspan", "colspan", "nowrap", "bgcolor",
      "start", "value", "compact", "cite", "datetime", "size", "color", "face", "clear", "noshade");

  private static final Set<String> URL_ATTRIBUTES = Set.of("href", "src", "longdesc", "usemap", "cite");

  private NarrativeRules() {}

  /** Why the narrative {@code div} is refused, or null when it is acceptable. */
  static String problem(XhtmlNode div) {
    return check(div);
  }

  private static String check(XhtmlNode node) {
    if (node.getNodeType() == NodeType.Element) {
      String name = node.getName() == null ? "" : node.getName().toLowerCase(Locale.ROOT);
      if (!ELEMENTS.contains(name)) {
        return "contains the element <" + name + ">, which a narrative may not hold";
      }
      for (Map.Entry<String, String> attribute : node.getAttributes().entrySet()) {
        String problem = attributeProblem(name, attribute.getKey().toLowerCase(Locale.ROOT), attribute.getValue());
        if (problem != null) {
          return problem;
        }
      }
    } else if (node.getNodeType() == NodeType.Text || node.getNodeType() == NodeType.Comment) {
      String problem = node.getContent() == null ? null : TextValueRules.problem(node.getContent());
      if (problem != null) {
        return "text " + problem;
      }
    }
    if (node.hasChildren()) {
      for (XhtmlNode child : node.getChildNodes()) {
        String problem = check(child);
        if (problem != null) {
          return problem;
        }
      }
    }
    return null;
  }

  private static String attributeProblem(String element, String attribute, String value) {
    if (!ATTRIBUTES.contains(attribute) && !attribute.startsWith("xmlns:")) {
      return "has the attribute " + attribute + " on <" + element + ">, which a narrative may not hold"
          + (attribute.startsWith("on") ? " (an event handler)" : "");
    }
    String v = value == null ? "" : value.replaceAll("[\\s\\u0000-\\u001f]", "").toLowerCase(Locale.ROOT);
    if (URL_ATTRIBUTES.contains(attribute) && scriptUrl(element, attribute, v)) {
      return "has a script or data URL in " + attribute + " on <" + element + ">";
    }
    if (attribute.equals("style") && (v.contains("expression(") || v.contains("javascript:") || v.contains("url("))) {
      return "has a style on <" + element + "> that loads or runs something (url(), expression(), javascript:)";
    }
    return null;
  }

  private static boolean scriptUrl(String element, String attribute, String url) {
    if (url.startsWith("javascript:") || url.startsWith("vbscript:")) {
      return true;
    }
    // an image may be inline (data:image/...), nothing else may be a data URL (data:text/html runs script)
    return url.startsWith("data:") && !(element.equals("img") && attribute.equals("src") && url.startsWith("data:image/")
        && !url.startsWith("data:image/svg"));
  }
}
