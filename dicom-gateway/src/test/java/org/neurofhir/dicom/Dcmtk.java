package org.neurofhir.dicom;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs DCMTK command-line tools (Debian package dcmtk) as real DICOM peers, at their default socket
 * settings (Nagle on, as senders in the field run them): TCP_NODELAY is taken out of their
 * environment even where the caller's has it.
 */
public final class Dcmtk {
  public record Result(int exitCode, String output) {}

  private Dcmtk() {}

  public static Result echoscu(String calledAe, String callingAe, int port) throws IOException, InterruptedException {
    return run(List.of("echoscu", "-aec", calledAe, "-aet", callingAe, "127.0.0.1", Integer.toString(port)));
  }

  /** storescu over one association; {@code -nh}: keep sending after a failed instance. */
  public static Result storescu(String calledAe, String callingAe, int port, List<Path> files) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("storescu", "-v", "-nh", "-aec", calledAe, "-aet", callingAe, "127.0.0.1", Integer.toString(port)));
    files.forEach(f -> cmd.add(f.toString()));
    return run(cmd);
  }

  public static Result dcmodify(Path file, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>(List.of("dcmodify", "-nb"));
    cmd.addAll(List.of(args));
    cmd.add(file.toString());
    return run(cmd);
  }

  public static Result run(List<String> cmd) throws IOException, InterruptedException {
    return run(cmd, false);
  }

  /** {@code tcpNoDelay}: TCP_NODELAY=1 in the tool's environment (DCMTK then disables Nagle). */
  public static Result run(List<String> cmd, boolean tcpNoDelay) throws IOException, InterruptedException {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    if (tcpNoDelay) {
      pb.environment().put("TCP_NODELAY", "1");
    } else {
      pb.environment().remove("TCP_NODELAY");
    }
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IOException("timed out: " + cmd);
    }
    return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
