package org.neurofhir.inference.model;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * TensorFlow's native log stays off stderr when a model loads in a process whose environment does not ask for it,
 * and comes back with {@code TF_CPP_MIN_LOG_LEVEL=0}. Each case is its own JVM: the native library reads the level
 * once, and this suite's JVM runs with the variable set (root pom).
 */
class TensorFlowNativeLogsTest {

    // TensorFlow's own line format: "2026-12-04 15:20:31.123456: I tensorflow/cc/saved_model/reader.cc:83] ..."
    private static final Pattern NATIVE_INFO_LINE =
            Pattern.compile("(?m)^\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d+: I ");

    @Test
    void modelLoadWritesNoNativeInfoLinesByDefault() throws Exception {
        String stderr = loadModelInChildJvm(null);
        assertThat(NATIVE_INFO_LINE.matcher(stderr).find()).as("stderr of the model load:%n%s", stderr).isFalse();
    }

    @Test
    void levelSetByTheOperatorWins() throws Exception {
        String stderr = loadModelInChildJvm("0");
        assertThat(NATIVE_INFO_LINE.matcher(stderr).find()).as("stderr of the model load:%n%s", stderr).isTrue();
    }

    /** Loads the shipped model in a fresh JVM with {@code TF_CPP_MIN_LOG_LEVEL} unset or set; returns its stderr. */
    private static String loadModelInChildJvm(String level) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path")));
        for (String property : List.of("org.bytedeco.javacpp.cachedir", "neurofhir.models.dir")) {
            if (System.getProperty(property) != null) {
                command.add("-D" + property + "=" + System.getProperty(property));
            }
        }
        command.add(LoadShippedModel.class.getName());
        ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().remove(TensorFlowNativeLogs.VARIABLE);
        if (level != null) {
            pb.environment().put(TensorFlowNativeLogs.VARIABLE, level);
        }
        Process p = pb.start();
        String stderr = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as("child JVM failed:%n%s", stderr).isZero();
        return stderr;
    }

    /** The child JVM: what a worker does before its first segmentation. */
    static final class LoadShippedModel {
        public static void main(String[] args) {
            try (ModelRegistry registry = ModelRegistry.withDefaults()) {
                registry.get(registry.availableIds().get(0));
            }
        }
    }
}
