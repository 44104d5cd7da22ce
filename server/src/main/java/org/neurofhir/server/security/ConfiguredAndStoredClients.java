package org.neurofhir.server.security;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.security.oauth2.server.authorization.client.JdbcRegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClient;
import org.springframework.security.oauth2.server.authorization.client.RegisteredClientRepository;
import org.springframework.security.oauth2.server.authorization.settings.TokenSettings;

/**
 * The clients of the embedded authorization server: those of configuration (and the built-in web client), the same
 * on every node, and those an admin registered at run time, stored in {@code oauth2_registered_client} so that every
 * node sees them at once. A client id lives in one of the two only. Stored clients get the configured token
 * lifetimes when read, so a changed {@code access-token-ttl} applies to them too.
 */
public class ConfiguredAndStoredClients implements RegisteredClientRepository {

  private final Map<String, RegisteredClient> configured = new LinkedHashMap<>();
  private final JdbcRegisteredClientRepository stored;
  private final JdbcTemplate jdbc;
  private final TokenSettings tokenSettings;

  public ConfiguredAndStoredClients(List<RegisteredClient> configured, JdbcTemplate jdbc, TokenSettings tokenSettings) {
    configured.forEach(c -> {
      if (this.configured.put(c.getClientId(), c) != null) {
        throw new IllegalStateException("neurofhir.security.clients: client id '" + c.getClientId() + "' twice");
      }
    });
    this.stored = new JdbcRegisteredClientRepository(jdbc);
    this.jdbc = jdbc;
    this.tokenSettings = tokenSettings;
  }

  /** Stores a new client; false when the client id is taken, in configuration or in the database. */
  public boolean add(RegisteredClient client) {
    if (configured.containsKey(client.getClientId()) || stored.findByClientId(client.getClientId()) != null) {
      return false;
    }
    try {
      stored.save(client);
      return true;
    } catch (DuplicateKeyException | IllegalArgumentException e) {
      return false; // registered by a concurrent request or another node meanwhile
    }
  }

  /** Replaces a stored client (a new secret); configured clients cannot be changed here. */
  public void replaceStored(RegisteredClient client) {
    if (configured.containsKey(client.getClientId())) {
      throw new IllegalArgumentException("client '" + client.getClientId() + "' is defined in configuration");
    }
    stored.save(client);
  }

  public boolean isConfigured(String clientId) {
    return configured.containsKey(clientId);
  }

  public List<RegisteredClient> configuredClients() {
    return List.copyOf(configured.values());
  }

  public List<RegisteredClient> storedClients() {
    return jdbc.queryForList("SELECT id FROM oauth2_registered_client ORDER BY client_id", String.class).stream()
        .map(this::findById)
        .toList();
  }

  /** Deletes a stored client; false when there is none with this id. */
  public boolean deleteStored(String clientId) {
    return jdbc.update("DELETE FROM oauth2_registered_client WHERE client_id = ?", clientId) > 0;
  }

  /**
   * Spring re-saves a client after authenticating it when its secret's hash should be upgraded (a {@code {noop}}
   * secret of configuration, for instance): configuration stays as written, stored clients take the new hash.
   */
  @Override
  public void save(RegisteredClient client) {
    if (!configured.containsKey(client.getClientId())) {
      stored.save(client);
    }
  }

  @Override
  public RegisteredClient findById(String id) {
    RegisteredClient fromConfiguration = configured.get(id);
    return fromConfiguration != null ? fromConfiguration : withCurrentTokenSettings(stored.findById(id));
  }

  @Override
  public RegisteredClient findByClientId(String clientId) {
    RegisteredClient fromConfiguration = configured.get(clientId);
    return fromConfiguration != null ? fromConfiguration : withCurrentTokenSettings(stored.findByClientId(clientId));
  }

  private RegisteredClient withCurrentTokenSettings(RegisteredClient client) {
    return Optional.ofNullable(client).map(c -> RegisteredClient.from(c).tokenSettings(tokenSettings).build()).orElse(null);
  }
}
