package org.neurofhir.server.subscription;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * FHIR R4 Subscriptions: notifications to EHRs (server/README.md "Subscriptions").
 *
 * @param enabled HAPI's subscription matching and delivery run; off, every Subscription write is refused (422)
 * @param websocket the {@code websocket} channel type and the {@code /websocket} endpoint
 * @param restHookEndpoints where {@code rest-hook} notifications may go: an endpoint is accepted when it starts
 *     with one of these absolute http(s) URLs, in which {@code *} stands for any characters except {@code /}
 *     (e.g. {@code https://ehr.clinic.example/fhir-notify/} or {@code http://10.0.0.*:8443/hook/}); empty = no
 *     rest-hook is accepted: the server sends nothing anywhere until a deployer names the receivers
 * @param maxPerOwner the most Subscriptions one owner (token subject: the client id of a system client) keeps
 * @param submissionInterval how often stored changes are handed to matching (HAPI persists each change first, so
 *     none is lost in a crash): the longest a notification waits before it is matched and sent
 */
@ConfigurationProperties(prefix = "neurofhir.subscriptions")
public record SubscriptionsProperties(
    @DefaultValue("true") boolean enabled,
    @DefaultValue("true") boolean websocket,
    @DefaultValue List<String> restHookEndpoints,
    @DefaultValue("20") int maxPerOwner,
    @DefaultValue("5s") Duration submissionInterval) {}
