package org.neurofhir.inference.model;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Keeps TensorFlow's native log off the console unless asked for.
 *
 * <p>TensorFlow's C++ runtime writes its own log lines straight to the process's stderr, past any Java logging
 * (at every model load: CPU instruction sets, oneDNN, "Reading SavedModel from", "SavedModel load ... took"). Its only
 * filter is the environment variable {@code TF_CPP_MIN_LOG_LEVEL} (0 all, 1 no INFO, 2 no WARNING, 3 no ERROR), read
 * by the native library itself on its first log line, so a Java system property cannot reach it and
 * {@code System.getenv} is a read-only copy. This sets the variable in the process's real environment, through libc's
 * {@code setenv}, before the library is loaded; with {@code overwrite = 0}, so a value the operator set wins.
 *
 * <p>Default {@link #DEFAULT_LEVEL} 2: TensorFlow's errors still reach stderr; a model that cannot load or run also
 * fails its job with the reason. {@code TF_CPP_MIN_LOG_LEVEL=0} in the environment shows everything again.
 */
public final class TensorFlowNativeLogs {

    public static final String VARIABLE = "TF_CPP_MIN_LOG_LEVEL";
    static final String DEFAULT_LEVEL = "2";

    private static boolean applied;

    private TensorFlowNativeLogs() {}

    /** Sets the default level unless the environment names one; call before the first TensorFlow class loads. */
    public static synchronized void quietUnlessConfigured() {
        if (applied) {
            return;
        }
        applied = true;
        if (System.getenv(VARIABLE) != null || Platform.isWindows()) {
            return;
        }
        try {
            LibC.INSTANCE.setenv(VARIABLE, DEFAULT_LEVEL, 0);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            // No libc reachable through JNA: TensorFlow logs as it always did; inference is unaffected.
        }
    }

    /** What the native side sees (not {@code System.getenv}, which is the JVM's copy from start-up). */
    static String nativeValue() {
        return LibC.INSTANCE.getenv(VARIABLE);
    }

    private interface LibC extends Library {
        LibC INSTANCE = Native.load("c", LibC.class);

        int setenv(String name, String value, int overwrite);

        String getenv(String name);
    }
}
