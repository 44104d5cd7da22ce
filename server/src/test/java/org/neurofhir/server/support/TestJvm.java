package org.neurofhir.server.support;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines of JVMs that tests start as processes of their own. */
public final class TestJvm {

  private TestJvm() {}

  /** A JVM on the tests' classpath, models and TensorFlow cache, up to the main class. */
  public static List<String> command(String maxHeap, List<String> jvmArgs) {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<String> cmd = new ArrayList<>(List.of(java, "-Xmx" + maxHeap, "-cp",
        System.getProperty("java.class.path")));
    cmd.addAll(jvmArgs);
    String models = System.getProperty("neurofhir.models.dir");
    if (models != null && !models.isBlank()) {
      cmd.add("-Dneurofhir.models.dir=" + models);
    }
    String cache = System.getProperty("org.bytedeco.javacpp.cachedir");
    if (cache != null && !cache.isBlank()) {
      cmd.add("-Dorg.bytedeco.javacpp.cachedir=" + cache);
    }
    return cmd;
  }
}
