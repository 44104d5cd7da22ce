package org.neurofhir.profiles.packaging;

import ca.uhn.fhir.context.FhirContext;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.hl7.fhir.instance.model.api.IBaseResource;

/** Writes an npm-layout FHIR package: {@code package/package.json}, {@code package/.index.json}, resources, {@code package/examples/}. */
final class PackageTarballWriter {

  /** Fixed entry time so the same package content always gives the same archive bytes. */
  private static final long ENTRY_TIME_MILLIS = 0L;

  private final FhirContext ctx;

  PackageTarballWriter(FhirContext ctx) {
    this.ctx = ctx;
  }

  void write(PackageManifest manifest, Map<String, IBaseResource> conformance, Map<String, byte[]> examples,
      OutputStream out) throws IOException {
    GzipCompressorOutputStream gz = new GzipCompressorOutputStream(out);
    TarArchiveOutputStream tar = new TarArchiveOutputStream(gz);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    put(tar, "package/package.json", manifest.json());

    List<PackageIndex.Entry> index = new ArrayList<>();
    for (Map.Entry<String, IBaseResource> e : conformance.entrySet()) {
      // Re-serialised, not copied: StructureDefinitions now carry the generated snapshot.
      byte[] json = ctx.newJsonParser().setPrettyPrint(true).encodeResourceToString(e.getValue())
          .getBytes(StandardCharsets.UTF_8);
      put(tar, "package/" + e.getKey(), json);
      index.add(PackageIndex.entryFor(e.getKey(), json));
    }
    put(tar, "package/" + PackageIndex.FILE_NAME, new PackageIndex(index).toJson());

    List<PackageIndex.Entry> exampleIndex = new ArrayList<>();
    for (Map.Entry<String, byte[]> e : examples.entrySet()) {
      put(tar, "package/examples/" + e.getKey(), e.getValue());
      exampleIndex.add(PackageIndex.entryFor(e.getKey(), e.getValue()));
    }
    put(tar, "package/examples/" + PackageIndex.FILE_NAME, new PackageIndex(exampleIndex).toJson());
    tar.finish();
    gz.finish();
    out.flush();
  }

  private static void put(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(content.length);
    entry.setModTime(ENTRY_TIME_MILLIS);
    entry.setMode(0644);
    tar.putArchiveEntry(entry);
    tar.write(content);
    tar.closeArchiveEntry();
  }
}
