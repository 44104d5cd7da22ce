package org.neurofhir.dicom;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real, tiny file system mounted for one test, so that "disk full" is the kernel's ENOSPC and
 * not a simulation. tmpfs first; a loop-mounted ext2 image where tmpfs cannot be mounted. Needs
 * root (CAP_SYS_ADMIN); the test is skipped, with the reason, where neither mount works.
 */
public final class SmallFilesystem implements AutoCloseable {
  public final Path mountPoint;
  private final Path image;

  private SmallFilesystem(Path mountPoint, Path image) {
    this.mountPoint = mountPoint;
    this.image = image;
  }

  public static SmallFilesystem mount(Path mountPoint, int kibibytes) throws IOException, InterruptedException {
    Files.createDirectories(mountPoint);
    Dcmtk.Result tmpfs = Dcmtk.run(List.of("mount", "-t", "tmpfs", "-o", "size=" + kibibytes + "k,mode=0700", "tmpfs", mountPoint.toString()));
    if (tmpfs.exitCode() == 0) return new SmallFilesystem(mountPoint, null);
    Path image = mountPoint.resolveSibling(mountPoint.getFileName() + ".img");
    Dcmtk.Result loop = Dcmtk.run(List.of("sh", "-c", "truncate -s " + kibibytes + "k '" + image + "' && mkfs.ext2 -q -F '" + image
        + "' && mount -o loop '" + image + "' '" + mountPoint + "'"));
    if (loop.exitCode() != 0) Files.deleteIfExists(image);
    assumeTrue(loop.exitCode() == 0, "cannot mount a small file system for the disk-full test (needs root/CAP_SYS_ADMIN): tmpfs: "
        + tmpfs.output().trim() + "; loop: " + loop.output().trim());
    return new SmallFilesystem(mountPoint, image);
  }

  /** Gives the file system more room (an operator freeing space); false where that is not possible here. */
  public boolean grow(int kibibytes) throws IOException, InterruptedException {
    if (image != null) return false;
    return Dcmtk.run(List.of("mount", "-o", "remount,size=" + kibibytes + "k", mountPoint.toString())).exitCode() == 0;
  }

  public long freeBytes() throws IOException {
    return Files.getFileStore(mountPoint).getUsableSpace();
  }

  @Override
  public void close() throws IOException, InterruptedException {
    Dcmtk.Result r = Dcmtk.run(List.of("umount", "-l", mountPoint.toString()));
    if (image != null) Files.deleteIfExists(image);
    if (r.exitCode() != 0) throw new IOException("umount " + mountPoint + ": " + r.output());
  }
}
