package org.neurofhir.server.security;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Signing keys for admins ({@code /admin/**} is admin-only): list them, and rotate now, e.g. after a suspected
 * key leak ({@code activate-after=0s}: the new key signs at once; tokens signed by the old one stay valid until they
 * expire — revoke them, or suspend users, to end them sooner).
 */
@RestController
@RequestMapping("/admin/signing-keys")
@ConditionalOnExpression("'${neurofhir.security.external.issuer-uri:}' == ''")
public class SigningKeyAdminController {

  private final SigningKeys keys;
  private final SecurityProperties props;

  public SigningKeyAdminController(SigningKeys keys, SecurityProperties props) {
    this.keys = keys;
    this.props = props;
  }

  @GetMapping
  public List<SigningKeys.KeyView> list() {
    return keys.keys();
  }

  @PostMapping("/rotate")
  public ResponseEntity<?> rotate(@RequestParam(name = "activate-after", required = false) String activateAfter) {
    Duration delay;
    try {
      delay = activateAfter == null ? props.signingKeys().publishDelay() : DurationStyle.detectAndParse(activateAfter);
    } catch (IllegalArgumentException | DateTimeParseException e) {
      return ResponseEntity.badRequest().body(Map.of("error", "activate-after: a duration such as 0s, 15m or PT1H"));
    }
    if (delay.isNegative()) {
      return ResponseEntity.badRequest().body(Map.of("error", "activate-after: not negative"));
    }
    return ResponseEntity.status(HttpStatus.CREATED).body(keys.rotate(delay));
  }
}
