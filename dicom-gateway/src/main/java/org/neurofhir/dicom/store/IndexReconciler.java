package org.neurofhir.dicom.store;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.neurofhir.dicom.toolkit.DicomFileReader;
import org.neurofhir.dicom.toolkit.DicomFormatException;
import org.neurofhir.dicom.toolkit.StoredFileHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the index back in step with the file store before the SCP listens. An instance is
 * acknowledged once its file is durable, but its index row may not be: the process can die between
 * the move and the insert, and an embedded database (H2 MVStore) commits to disk in the background.
 * The file is the truth; a stored file without a row is re-indexed from its own header. Staged
 * files were never acknowledged, so they are deleted.
 *
 * <p>Cheap when nothing is missing: one directory walk and one grouped count query; only series
 * whose file count differs from their row count are looked at file by file.
 */
public class IndexReconciler {
  private static final Logger log = LoggerFactory.getLogger(IndexReconciler.class);
  private static final String SUFFIX = ".dcm";

  /** What one reconciliation found and did. */
  public record Report(int filesSeen, int reindexed, int stagedFilesDeleted, int rowsWithoutFile, int unreadableFiles,
      Duration took) {}

  private final InstanceStore store;
  private final InstanceIndex index;
  private final DicomFileReader reader;

  public IndexReconciler(InstanceStore store, InstanceIndex index, DicomFileReader reader) {
    this.store = store;
    this.index = index;
    this.reader = reader;
  }

  public Report reconcile() throws IOException {
    long t0 = System.nanoTime();
    int staged = deleteStagedFiles();
    Map<String, Integer> indexed = index.countsBySeries();
    int seen = 0, reindexed = 0, orphanRows = 0, unreadable = 0;
    for (Path studyDir : subdirectories(store.root())) {
      for (Path seriesDir : subdirectories(studyDir)) {
        List<Path> files = instanceFiles(seriesDir);
        seen += files.size();
        String series = seriesDir.getFileName().toString();
        if (files.size() == indexed.getOrDefault(series, 0)) continue;
        Set<String> rows = new HashSet<>();
        for (IndexedInstance i : index.findBySeries(series)) rows.add(i.storagePath());
        Set<String> present = new HashSet<>();
        for (Path f : files) {
          String relative = store.root().relativize(f).toString();
          present.add(relative);
          if (rows.contains(relative)) continue;
          if (reindex(f, relative)) reindexed++;
          else unreadable++;
        }
        String prefix = store.root().relativize(seriesDir).toString();
        for (String r : rows) if (!present.contains(r) && Path.of(r).getParent().toString().equals(prefix)) orphanRows++;
      }
    }
    Report report = new Report(seen, reindexed, staged, orphanRows, unreadable, Duration.ofNanos(System.nanoTime() - t0));
    if (reindexed + staged + orphanRows + unreadable > 0) {
      log.warn("Store reconciliation: {} files, {} re-indexed, {} staged files deleted, {} rows without file, {} unreadable files",
          seen, reindexed, staged, orphanRows, unreadable);
    }
    return report;
  }

  private boolean reindex(Path file, String relative) throws IOException {
    StoredFileHeader h;
    try {
      h = reader.readStoredFileHeader(file);
    } catch (DicomFormatException e) {
      log.error("Stored file {} is unreadable and stays unindexed: {}", relative, e.getMessage());
      return false;
    }
    var i = h.instance();
    // Only a file that sits where the store would have put it is taken back; anything else was not written by us.
    if (!DicomUids.isValid(i.studyInstanceUid()) || !DicomUids.isValid(i.seriesInstanceUid()) || !DicomUids.isValid(i.sopInstanceUid())
        || !relative.equals(Path.of(i.studyInstanceUid(), i.seriesInstanceUid(), i.sopInstanceUid() + SUFFIX).toString())
        || i.patientId() == null || i.sopClassUid() == null || h.transferSyntaxUid() == null) {
      log.error("Stored file {} does not match its own header and stays unindexed", relative);
      return false;
    }
    index.upsert(new IndexedInstance(i, relative, Files.size(file), h.transferSyntaxUid(), h.sourceAeTitle(),
        Files.getLastModifiedTime(file).toInstant()));
    return true;
  }

  private int deleteStagedFiles() throws IOException {
    Path staging = store.stagingDirectory();
    if (!Files.isDirectory(staging)) return 0;
    int n = 0;
    try (DirectoryStream<Path> parts = Files.newDirectoryStream(staging)) {
      for (Path p : parts) {
        if (Files.isRegularFile(p) && Files.deleteIfExists(p)) n++;
      }
    }
    return n;
  }

  private List<Path> subdirectories(Path dir) throws IOException {
    List<Path> dirs = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(dir, Files::isDirectory)) {
      for (Path p : s) {
        if (DicomUids.isValid(p.getFileName().toString())) dirs.add(p); // skips the staging folder and strangers
      }
    }
    return dirs;
  }

  private static List<Path> instanceFiles(Path seriesDir) throws IOException {
    List<Path> files = new ArrayList<>();
    try (DirectoryStream<Path> s = Files.newDirectoryStream(seriesDir, "*" + SUFFIX)) {
      for (Path p : s) files.add(p);
    }
    return files;
  }
}
