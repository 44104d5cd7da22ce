package org.neurofhir.profiles.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The package's npm manifest ({@code package.json}); {@code json} is kept byte for byte for the .tgz. */
public record PackageManifest(String name, String version, String canonical, List<String> fhirVersions,
    Map<String, String> dependencies, byte[] json) {

  public static PackageManifest parse(byte[] json) {
    try {
      JsonNode root = new ObjectMapper().readTree(json);
      List<String> fhirVersions = new ArrayList<>();
      root.path("fhirVersions").forEach(v -> fhirVersions.add(v.asText()));
      Map<String, String> deps = new TreeMap<>();
      root.path("dependencies").fields().forEachRemaining(e -> deps.put(e.getKey(), e.getValue().asText()));
      String name = root.path("name").asText(null);
      String version = root.path("version").asText(null);
      if (name == null || version == null) {
        throw new IllegalStateException("package.json lacks name or version");
      }
      return new PackageManifest(name, version, root.path("canonical").asText(null), List.copyOf(fhirVersions),
          Map.copyOf(deps), json.clone());
    } catch (IOException e) {
      throw new IllegalStateException("Unreadable package.json: " + e.getMessage(), e);
    }
  }

  /** {@code <name>-<version>.tgz}, the file name npm and FHIR package registries use. */
  public String tarballFileName() {
    return name + "-" + version + ".tgz";
  }
}
