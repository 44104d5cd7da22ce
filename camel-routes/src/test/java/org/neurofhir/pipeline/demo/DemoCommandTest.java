package org.neurofhir.pipeline.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/demo leaves no DICOM behind in the temporary folder, also when sending fails; --out keeps the files. */
class DemoCommandTest {

  @Test
  void removesItsTemporaryStudyWhenTheServerCannotBeReached(@TempDir Path temp) throws Exception {
    int status = DemoCommand.run(new String[] {"--port", Integer.toString(closedPort()), "--size", "32x8"}, temp);

    assertThat(status).isEqualTo(1);
    try (Stream<Path> left = Files.list(temp)) {
      assertThat(left).isEmpty();
    }
  }

  @Test
  void keepsTheStudyWhereOutSays(@TempDir Path temp) throws Exception {
    Path out = temp.resolve("study");

    DemoCommand.run(new String[] {"--port", Integer.toString(closedPort()), "--size", "32x8", "--out", out.toString()}, temp);

    try (Stream<Path> files = Files.walk(out)) {
      assertThat(files.filter(Files::isRegularFile).count()).isEqualTo(4 * 8);
    }
  }

  /** A port nothing listens on (bound, then released). */
  private static int closedPort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
