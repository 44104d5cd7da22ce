package org.neurofhir.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurofhir.server.support.ServerTestBase;
import org.neurofhir.server.support.TestTokens;
import org.neurofhir.server.support.TestTokens.TokenResponse;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.security.oauth2.server.authorization.OAuth2AuthorizationService;
import org.springframework.security.oauth2.server.authorization.OAuth2TokenType;

/** Grants are stored in the database, and deleted once none of their tokens can be used any more. */
class ExpiredGrantPurgeTest extends ServerTestBase {

  @Autowired ExpiredGrantPurge purge;
  @Autowired OAuth2AuthorizationService grants;
  @Autowired SecurityProperties props;

  @Test
  void grantsWhoseTokensAllExpiredAreDeletedOthersKept() {
    String clientToken = tokens().clientCredentials("test-pacs", "test-pacs-secret", null).accessToken();
    String username = unique("purge-");
    tokens().createUser(username, TestTokens.USER_PASSWORD, List.of("nurse"), null);
    TokenResponse user = tokens().authorizationCode(username, TestTokens.USER_PASSWORD, TestTokens.STAFF_SCOPES);
    assertThat(grants.findByToken(clientToken, OAuth2TokenType.ACCESS_TOKEN)).isNotNull();
    assertThat(grants.findByToken(user.refreshToken(), OAuth2TokenType.REFRESH_TOKEN)).isNotNull();

    // nothing has expired yet
    purge.purgeExpiredBefore(Instant.now());
    assertThat(grants.findByToken(clientToken, OAuth2TokenType.ACCESS_TOKEN)).isNotNull();

    // once the access token has expired the client's grant goes; the user's lives on in its refresh token
    purge.purgeExpiredBefore(Instant.now().plus(props.accessTokenTtl()).plus(Duration.ofMinutes(1)));
    assertThat(grants.findByToken(clientToken, OAuth2TokenType.ACCESS_TOKEN)).isNull();
    assertThat(grants.findByToken(user.refreshToken(), OAuth2TokenType.REFRESH_TOKEN)).isNotNull();
    assertThat(tokens().refresh(user.refreshToken()).status()).isEqualTo(200);
  }
}
