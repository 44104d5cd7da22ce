package org.neurofhir.profiles.packaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The npm FHIR package folder index ({@code .index.json}): one entry per resource file. We keep it
 * checked in beside the resources because a classpath cannot be listed reliably (nested jars in a
 * Spring Boot fat jar); a test fails when it no longer matches the folder.
 */
public record PackageIndex(List<Entry> files) {

  public static final String FILE_NAME = ".index.json";
  /** Index format version written by current HL7 package tools. */
  static final int INDEX_VERSION = 2;
  private static final ObjectMapper JSON = new ObjectMapper();

  public record Entry(String filename, String resourceType, String id, String url, String version, String kind, String type) {}

  public static PackageIndex parse(byte[] indexJson) {
    try {
      JsonNode root = JSON.readTree(indexJson);
      List<Entry> entries = new ArrayList<>();
      for (JsonNode f : root.path("files")) {
        entries.add(new Entry(text(f, "filename"), text(f, "resourceType"), text(f, "id"), text(f, "url"),
            text(f, "version"), text(f, "kind"), text(f, "type")));
      }
      return new PackageIndex(List.copyOf(entries));
    } catch (IOException e) {
      throw new IllegalStateException("Unreadable " + FILE_NAME + ": " + e.getMessage(), e);
    }
  }

  /** Indexes the resource files (*.json except package.json and dot-files) directly in {@code folder}. */
  public static PackageIndex ofFolder(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      List<Entry> entries = new ArrayList<>();
      for (Path p : files.filter(PackageIndex::isResourceFile).sorted(Comparator.comparing(Path::toString)).toList()) {
        entries.add(entryFor(p.getFileName().toString(), Files.readAllBytes(p)));
      }
      return new PackageIndex(List.copyOf(entries));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static boolean isResourceFile(Path p) {
    String name = p.getFileName().toString();
    return Files.isRegularFile(p) && name.endsWith(".json") && !name.startsWith(".") && !name.equals("package.json");
  }

  static Entry entryFor(String filename, byte[] resourceJson) throws IOException {
    JsonNode r = JSON.readTree(resourceJson);
    if (!r.hasNonNull("resourceType")) {
      throw new IOException(filename + " is not a FHIR resource (no resourceType)");
    }
    return new Entry(filename, text(r, "resourceType"), text(r, "id"), text(r, "url"), text(r, "version"),
        text(r, "kind"), text(r, "type"));
  }

  public byte[] toJson() {
    ObjectNode root = JSON.createObjectNode();
    root.put("index-version", INDEX_VERSION);
    ArrayNode arr = root.putArray("files");
    for (Entry e : files) {
      ObjectNode o = arr.addObject();
      o.put("filename", e.filename());
      o.put("resourceType", e.resourceType());
      putIfPresent(o, "id", e.id());
      putIfPresent(o, "url", e.url());
      putIfPresent(o, "version", e.version());
      putIfPresent(o, "kind", e.kind());
      putIfPresent(o, "type", e.type());
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void putIfPresent(ObjectNode o, String field, String value) {
    if (value != null) o.put(field, value);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }

  /** Rewrites the checked-in indexes: {@code PackageIndex <package folder>} (it and its examples/ folder). */
  public static void main(String[] args) throws IOException {
    if (args.length != 1 || !Files.isDirectory(Path.of(args[0]))) {
      System.err.println("usage: PackageIndex <package folder, e.g. src/main/resources/package>");
      System.exit(2);
    }
    for (Path folder : List.of(Path.of(args[0]), Path.of(args[0], "examples"))) {
      Files.write(folder.resolve(FILE_NAME), ofFolder(folder).toJson());
      System.out.println("wrote " + folder.resolve(FILE_NAME));
    }
  }
}
