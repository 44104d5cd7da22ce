package org.neurofhir.profiles.packaging;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.FhirVersionEnum;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.context.support.ValidationSupportContext;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParser;
import ca.uhn.fhir.parser.StrictErrorHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.hl7.fhir.common.hapi.validation.support.CommonCodeSystemsTerminologyService;
import org.hl7.fhir.common.hapi.validation.support.InMemoryTerminologyServerValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.PrePopulatedValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.SnapshotGeneratingValidationSupport;
import org.hl7.fhir.common.hapi.validation.support.ValidationSupportChain;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeSystem;
import org.hl7.fhir.r4.model.SearchParameter;
import org.hl7.fhir.r4.model.StructureDefinition;
import org.hl7.fhir.r4.model.ValueSet;

/**
 * Our FHIR R4 conformance package, read from the classpath ({@code package/}). Profiles are
 * authored as differentials; their snapshots are generated once here, at load, so the validator
 * and the exported .tgz both get complete StructureDefinitions.
 *
 * <p>Load once per application (it parses ~30 resources and generates 9 snapshots) and share it.
 */
public final class NeuroFhirPackage {

  static final String ROOT = "package/";
  static final String EXAMPLES = "examples/";

  private final FhirContext ctx;
  private final PackageManifest manifest;
  private final Map<String, IBaseResource> conformance;
  private final Map<String, IBaseResource> examples;
  private final PrePopulatedValidationSupport validationSupport;

  private NeuroFhirPackage(FhirContext ctx, PackageManifest manifest, Map<String, IBaseResource> conformance,
      Map<String, IBaseResource> examples) {
    this.ctx = ctx;
    this.manifest = manifest;
    this.conformance = Collections.unmodifiableMap(conformance);
    this.examples = Collections.unmodifiableMap(examples);
    this.validationSupport = toValidationSupport(ctx, conformance.values());
  }

  /**
   * Reads the package from this module's classpath resources; {@code ctx} must be an R4 context.
   * Snapshots precomputed by the build are used when they were made from the same differential;
   * otherwise (e.g. a profile edited and run from an IDE) they are generated here, which costs seconds.
   */
  public static NeuroFhirPackage loadFromClasspath(FhirContext ctx) {
    return load(ctx, true);
  }

  /**
   * As {@link #loadFromClasspath} but always generates the snapshots (seconds): for tools and for
   * checking that the build's precomputed snapshots are current.
   */
  public static NeuroFhirPackage loadGeneratingSnapshots(FhirContext ctx) {
    return load(ctx, false);
  }

  static NeuroFhirPackage load(FhirContext ctx, boolean usePrecomputedSnapshots) {
    if (ctx.getVersion().getVersion() != FhirVersionEnum.R4) {
      throw new IllegalArgumentException("The NeuroFHIR package is FHIR R4; got a " + ctx.getVersion().getVersion() + " context");
    }
    PackageManifest manifest = PackageManifest.parse(read(ROOT + "package.json"));
    IParser parser = ctx.newJsonParser().setParserErrorHandler(new StrictErrorHandler());
    Map<String, IBaseResource> conformance = parseIndexed(parser, ROOT);
    Map<String, IBaseResource> examples = parseIndexed(parser, ROOT + EXAMPLES);
    List<String> missing = usePrecomputedSnapshots
        ? PrecomputedSnapshots.applyTo(parser, conformance)
        : differentialNames(conformance);
    if (!missing.isEmpty()) {
      generateSnapshots(ctx, conformance, missing);
    }
    return new NeuroFhirPackage(ctx, manifest, conformance, examples);
  }

  public PackageManifest manifest() { return manifest; }

  public FhirContext fhirContext() { return ctx; }

  /** File name → resource, for every conformance resource; StructureDefinitions carry their generated snapshot. */
  public Map<String, IBaseResource> conformanceResources() { return conformance; }

  public List<IBaseResource> resources() { return List.copyOf(conformance.values()); }

  /** File name (e.g. {@code Observation-tumour-volume-example.json}) → example resource. */
  public Map<String, IBaseResource> examples() { return examples; }

  public <T extends IBaseResource> List<T> resourcesOfType(Class<T> type) {
    List<T> out = new ArrayList<>();
    for (IBaseResource r : conformance.values()) {
      if (type.isInstance(r)) out.add(type.cast(r));
    }
    return out;
  }

  /**
   * Our StructureDefinitions (with snapshots), CodeSystems, ValueSets and SearchParameters, to add
   * to a {@link ValidationSupportChain}, e.g. HAPI JPA's {@code JpaValidationSupportChain}.
   */
  public IValidationSupport validationSupport() { return validationSupport; }

  /**
   * A complete chain for validating against our profiles without a JPA server: our package, the
   * FHIR R4 core definitions, and in-memory terminology (codes of unknown systems such as SNOMED CT
   * are not checked, only warned about).
   */
  public ValidationSupportChain standaloneValidationSupport() {
    return new ValidationSupportChain(
        validationSupport,
        ctx.getValidationSupport(),
        new CommonCodeSystemsTerminologyService(ctx),
        new InMemoryTerminologyServerValidationSupport(ctx),
        new SnapshotGeneratingValidationSupport(ctx));
  }

  /** Writes the package as an npm .tgz ({@code package/...}) that HAPI's package installer and the HL7 tools load. */
  public void writeTarball(OutputStream out) throws IOException {
    new PackageTarballWriter(ctx).write(manifest, conformance, rawExamples(), out);
  }

  /** Writes {@code <dir>/<name>-<version>.tgz} and returns its path. */
  public Path writeTarball(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path file = dir.resolve(manifest.tarballFileName());
    try (OutputStream out = Files.newOutputStream(file)) {
      writeTarball(out);
    }
    return file;
  }

  private Map<String, byte[]> rawExamples() {
    Map<String, byte[]> raw = new LinkedHashMap<>();
    for (String name : examples.keySet()) {
      raw.put(name, read(ROOT + EXAMPLES + name));
    }
    return raw;
  }

  private static Map<String, IBaseResource> parseIndexed(IParser parser, String folder) {
    Map<String, IBaseResource> out = new LinkedHashMap<>();
    for (PackageIndex.Entry e : PackageIndex.parse(read(folder + PackageIndex.FILE_NAME)).files()) {
      String path = folder + e.filename();
      try {
        out.put(e.filename(), parser.parseResource(new String(read(path), StandardCharsets.UTF_8)));
      } catch (DataFormatException ex) {
        throw new IllegalStateException("Package file " + path + " is not valid FHIR R4 JSON: " + ex.getMessage(), ex);
      }
    }
    return out;
  }

  /**
   * Extensions first: profiles that use an extension need its snapshot when theirs is generated.
   * Each generated snapshot replaces the differential-only resource in the map and in the chain.
   */
  private static List<String> differentialNames(Map<String, IBaseResource> resources) {
    List<String> names = new ArrayList<>();
    resources.forEach((name, r) -> {
      if (r instanceof StructureDefinition) names.add(name);
    });
    return names;
  }

  private static void generateSnapshots(FhirContext ctx, Map<String, IBaseResource> resources, List<String> toGenerate) {
    PrePopulatedValidationSupport own = new PrePopulatedValidationSupport(ctx);
    resources.values().forEach(own::addResource);
    SnapshotGeneratingValidationSupport generator = new SnapshotGeneratingValidationSupport(ctx);
    List<String> order = new ArrayList<>();
    toGenerate.stream().filter(n -> isExtension(resources.get(n))).forEach(order::add);
    toGenerate.stream().filter(n -> !isExtension(resources.get(n))).forEach(order::add);
    for (String name : order) {
      StructureDefinition sd = (StructureDefinition) resources.get(name);
      // A fresh chain per profile: the chain caches fetches, and it must see the snapshots made so far.
      ValidationSupportChain chain = new ValidationSupportChain(own, ctx.getValidationSupport(),
          new CommonCodeSystemsTerminologyService(ctx), new InMemoryTerminologyServerValidationSupport(ctx));
      IBaseResource withSnapshot = generator.generateSnapshot(
          new ValidationSupportContext(chain), sd, sd.getUrl(), sd.getUrl(), sd.getName());
      if (!(withSnapshot instanceof StructureDefinition done) || !done.hasSnapshot() || done.getSnapshot().getElement().isEmpty()) {
        throw new IllegalStateException("No snapshot could be generated for " + sd.getUrl());
      }
      resources.put(name, done);
      own.addStructureDefinition(done);
    }
  }

  private static boolean isExtension(IBaseResource r) {
    return r instanceof StructureDefinition sd && "Extension".equals(sd.getType());
  }

  private static PrePopulatedValidationSupport toValidationSupport(FhirContext ctx, Iterable<IBaseResource> resources) {
    PrePopulatedValidationSupport support = new PrePopulatedValidationSupport(ctx);
    for (IBaseResource r : resources) {
      if (r instanceof StructureDefinition || r instanceof CodeSystem || r instanceof ValueSet || r instanceof SearchParameter) {
        support.addResource(r);
      }
    }
    return support;
  }

  static byte[] read(String classpathPath) {
    try (InputStream in = NeuroFhirPackage.class.getClassLoader().getResourceAsStream(classpathPath)) {
      if (in == null) {
        throw new IllegalStateException("Package file missing from classpath: " + classpathPath);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
