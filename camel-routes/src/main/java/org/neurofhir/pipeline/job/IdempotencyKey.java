package org.neurofhir.pipeline.job;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import org.neurofhir.inference.volume.Sequence;

/**
 * The identity of a segmentation: the same study, model (id and version) and input series always give the same
 * key, so a re-sent study, a redelivered message or a repeated request finds the earlier job instead of adding one.
 * Also the seed of the results' resource ids, which makes the results transaction itself repeatable.
 */
public final class IdempotencyKey {

  private IdempotencyKey() {}

  /** @param inputs per sequence: the DICOM Series Instance UID, or the Binary id/version of a NIfTI upload */
  public static String of(String study, String modelId, String modelVersion, Map<Sequence, String> inputs) {
    StringBuilder s = new StringBuilder().append(study).append('\n').append(modelId).append('|').append(modelVersion);
    new TreeMap<>(inputs).forEach((seq, input) -> s.append('\n').append(seq.code()).append('=').append(input));
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(s.toString().getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JVM", e);
    }
  }
}
