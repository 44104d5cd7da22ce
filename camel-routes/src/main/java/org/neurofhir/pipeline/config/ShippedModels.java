package org.neurofhir.pipeline.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

/**
 * The models packaged on the classpath under {@value #LOCATION} (the server jar carries the repository's
 * {@code models/}), copied to a temporary directory: TensorFlow loads a SavedModel from files only. The copy is
 * deleted when the JVM exits.
 */
final class ShippedModels {

  static final String LOCATION = "neurofhir/models/";

  private ShippedModels() {
  }

  /** A directory holding a copy of the shipped models, or empty when the classpath carries none. */
  static Optional<Path> extract(ClassLoader classLoader) {
    try {
      Resource[] files = new PathMatchingResourcePatternResolver(classLoader)
          .getResources("classpath*:" + LOCATION + "**");
      Path dir = null;
      for (Resource file : files) {
        String url = file.getURL().toString();
        int at = url.lastIndexOf(LOCATION);
        if (at < 0 || !file.isReadable() || url.endsWith("/")) {
          continue;
        }
        if (dir == null) {
          dir = Files.createTempDirectory("neurofhir-models-");
          deleteOnExit(dir);
        }
        Path target = dir.resolve(url.substring(at + LOCATION.length())).normalize();
        if (!target.startsWith(dir)) {
          continue;
        }
        Files.createDirectories(target.getParent());
        try (InputStream in = file.getInputStream()) {
          Files.copy(in, target);
        }
      }
      return Optional.ofNullable(dir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy the models shipped in the jar: " + e.getMessage(), e);
    }
  }

  private static void deleteOnExit(Path dir) {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      try (Stream<Path> paths = Files.walk(dir)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      } catch (IOException ignored) {
        // a temporary directory left behind: the OS's tmp cleaning removes it
      }
    }, "neurofhir-models-cleanup"));
  }
}
