package org.neurofhir.server.security;

/**
 * Published each time the embedded authorization server signs an access token (the audit trail records it).
 *
 * @param subject user name or client id
 * @param clientId client the token was issued to
 * @param grantType authorization_code, client_credentials or refresh_token
 * @param scopes granted scopes, space-separated
 */
public record TokenIssuedEvent(String subject, String clientId, String grantType, String scopes) {}
