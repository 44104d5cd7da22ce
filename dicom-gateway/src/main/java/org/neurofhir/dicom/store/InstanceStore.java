package org.neurofhir.dicom.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.Optional;
import org.neurofhir.dicom.toolkit.InstanceHeader;

/**
 * Durable file store laid out {@code <root>/<study UID>/<series UID>/<SOP instance UID>.dcm},
 * with the index kept in step. An instance counts as stored only once its file is flushed, moved
 * into place atomically, the directory entry flushed and the index row written.
 */
public class InstanceStore {
  private final Path root;
  private final InstanceIndex index;
  private final boolean fsync;
  private final Clock clock;

  public InstanceStore(Path root, InstanceIndex index, boolean fsync, Clock clock) throws IOException {
    this.root = Files.createDirectories(root.toAbsolutePath().normalize());
    this.index = index;
    this.fsync = fsync;
    this.clock = clock;
  }

  public Path root() {
    return root;
  }

  /** Folder where incoming data sets are staged; on the same file system so moves are atomic. */
  public Path stagingDirectory() {
    return root.resolve(".incoming");
  }

  /**
   * Moves a staged, already validated file into the store and indexes it. A re-sent instance
   * replaces the earlier copy (same path, same row). On failure nothing new remains.
   */
  public IndexedInstance store(Path stagedFile, InstanceHeader header, String transferSyntaxUid, String callingAeTitle)
      throws IOException, InvalidInstanceException, InstanceConflictException {
    String study = DicomUids.require(header.studyInstanceUid(), "Study Instance UID");
    String series = DicomUids.require(header.seriesInstanceUid(), "Series Instance UID");
    String sop = DicomUids.require(header.sopInstanceUid(), "SOP Instance UID");
    Optional<IndexedInstance> earlier;
    try {
      earlier = index.findBySopInstanceUid(sop);
    } catch (RuntimeException e) {
      // An index that cannot be read (database down, its disk full) is a resource failure, not a bad instance.
      throw new IOException("index unavailable: " + e.getMessage(), e);
    }
    if (earlier.isPresent()
        && (!earlier.get().studyInstanceUid().equals(study) || !earlier.get().seriesInstanceUid().equals(series))) {
      throw new InstanceConflictException("SOP Instance UID already stored in another series");
    }
    Path relative = Path.of(study, series, sop + ".dcm");
    Path target = root.resolve(relative);
    if (!target.normalize().startsWith(root)) {
      throw new InvalidInstanceException("UIDs do not form a path inside the store"); // unreachable for valid UIDs
    }
    long size = Files.size(stagedFile);
    if (fsync) force(stagedFile);
    Path seriesDir = Files.createDirectories(target.getParent());
    boolean existed = Files.exists(target);
    move(stagedFile, target);
    if (fsync) force(seriesDir);
    IndexedInstance row = new IndexedInstance(header, relative.toString(), size, transferSyntaxUid, callingAeTitle, clock.instant());
    try {
      index.upsert(row);
    } catch (RuntimeException e) {
      if (!existed) Files.deleteIfExists(target);
      throw new IOException("index write failed: " + e.getMessage(), e);
    }
    return row;
  }

  public Path pathOf(IndexedInstance instance) {
    return root.resolve(instance.storagePath());
  }

  public Path seriesDirectory(String studyInstanceUid, String seriesInstanceUid) {
    if (!DicomUids.isValid(studyInstanceUid) || !DicomUids.isValid(seriesInstanceUid)) {
      throw new IllegalArgumentException("not a DICOM UID");
    }
    return root.resolve(studyInstanceUid).resolve(seriesInstanceUid);
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      throw new IOException("storage root must be on one file system with its staging folder", e);
    }
  }

  /** fsync of a file, or of a directory so that a rename into it survives a crash. */
  private static void force(Path path) throws IOException {
    boolean directory = Files.isDirectory(path);
    try (FileChannel ch = FileChannel.open(path, directory ? StandardOpenOption.READ : StandardOpenOption.WRITE)) {
      ch.force(directory); // file: fdatasync is enough (data + size); directory: the new entry
    }
  }
}
