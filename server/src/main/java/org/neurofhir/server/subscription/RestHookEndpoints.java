package org.neurofhir.server.subscription;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Where a rest-hook may send: the server posts with its own network position, so an open endpoint would let any
 * subscriber reach the clinic's internal hosts (SSRF). An endpoint must be a plain http(s) URL (no user info, no
 * fragment, no dot segments or encoded dots and slashes a receiver could resolve elsewhere), not this server
 * itself, and start with one of {@code neurofhir.subscriptions.rest-hook-endpoints}.
 */
final class RestHookEndpoints {

  /** Headers the HTTP client sets itself, or that change how the request is framed or routed. */
  private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "content-type",
      "transfer-encoding", "connection", "upgrade", "te", "trailer", "expect", "keep-alive", "proxy-authorization",
      "proxy-connection", "cookie");
  private static final Pattern HEADER_NAME = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");
  private static final int MAX_HEADERS = 20;
  private static final int MAX_HEADER_LENGTH = 4096;

  private final List<Pattern> allowed;

  RestHookEndpoints(List<String> prefixes) {
    this.allowed = prefixes.stream().filter(p -> !p.isBlank()).map(RestHookEndpoints::compile).toList();
  }

  /**
   * A configured prefix must name its host and at least the {@code /} after it: {@code https://ehr.example} alone
   * would also admit {@code https://ehr.example.attacker.net}.
   */
  private static Pattern compile(String prefix) {
    if (!prefix.matches("(?i)https?://[^/?#@]+/.*")) {
      throw new IllegalArgumentException("neurofhir.subscriptions.rest-hook-endpoints: '" + prefix
          + "' must be an http(s) URL with a path, e.g. https://ehr.example/notify/");
    }
    StringBuilder regex = new StringBuilder("^");
    String[] parts = lowerSchemeAndHost(prefix).split("\\*", -1);
    for (int i = 0; i < parts.length; i++) {
      regex.append(Pattern.quote(parts[i]));
      if (i < parts.length - 1) {
        regex.append("[^/?#@]*");
      }
    }
    return Pattern.compile(regex.toString(), Pattern.DOTALL);
  }

  /**
   * Why this endpoint is refused, or empty when a rest-hook may send to it.
   *
   * @param ownServer this server's FHIR base as the request reached it (null when not known)
   */
  Optional<String> refusal(String endpoint, String ownServer) {
    if (endpoint == null || endpoint.isBlank()) {
      return Optional.of("a rest-hook needs Subscription.channel.endpoint");
    }
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      return Optional.of("Subscription.channel.endpoint is not a URL");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return Optional.of("Subscription.channel.endpoint must be an http or https URL");
    }
    if (uri.getRawUserInfo() != null || (uri.getRawAuthority() != null && uri.getRawAuthority().contains("@"))) {
      return Optional.of("Subscription.channel.endpoint must not carry credentials; send them in channel.header");
    }
    if (uri.getHost() == null) {
      return Optional.of("Subscription.channel.endpoint must name a host");
    }
    if (uri.getRawFragment() != null) {
      return Optional.of("Subscription.channel.endpoint must not have a fragment");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String lower = path.toLowerCase(Locale.ROOT);
    if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("%5c") || path.contains("\\")
        || !uri.normalize().getRawPath().equals(path)) {
      return Optional.of("Subscription.channel.endpoint must not contain dot segments or encoded dots and slashes");
    }
    if (ownServer != null && sameServer(uri, ownServer)) {
      return Optional.of("Subscription.channel.endpoint must not point at this server");
    }
    String candidate = lowerSchemeAndHost(endpoint);
    if (allowed.stream().noneMatch(p -> p.matcher(candidate).lookingAt())) {
      return Optional.of("Subscription.channel.endpoint " + endpoint + " is not among the receivers this server"
          + " may notify (neurofhir.subscriptions.rest-hook-endpoints)");
    }
    return Optional.empty();
  }

  /** Why these {@code channel.header} lines are refused, or empty. */
  Optional<String> headerRefusal(List<String> headers) {
    if (headers.size() > MAX_HEADERS) {
      return Optional.of("at most " + MAX_HEADERS + " Subscription.channel.header lines");
    }
    for (String header : headers) {
      int colon = header == null ? -1 : header.indexOf(':');
      if (colon <= 0 || header.length() > MAX_HEADER_LENGTH) {
        return Optional.of("Subscription.channel.header must be 'Name: value' (at most " + MAX_HEADER_LENGTH
            + " characters)");
      }
      String name = header.substring(0, colon).trim();
      if (!HEADER_NAME.matcher(name).matches()) {
        return Optional.of("Subscription.channel.header name '" + name + "' is not an HTTP header name");
      }
      if (RESERVED_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
        return Optional.of("Subscription.channel.header may not set " + name + ": the server sets it");
      }
      if (header.substring(colon + 1).chars().anyMatch(c -> (c < 0x20 && c != '\t') || c == 0x7f)) {
        return Optional.of("Subscription.channel.header " + name + " holds a control character (CR, LF, ...)");
      }
    }
    return Optional.empty();
  }

  private static boolean sameServer(URI endpoint, String ownServer) {
    URI own;
    try {
      own = new URI(ownServer);
    } catch (URISyntaxException e) {
      return false;
    }
    if (own.getHost() == null || portOf(own) != portOf(endpoint)) {
      return false;
    }
    String a = endpoint.getHost().toLowerCase(Locale.ROOT);
    String b = own.getHost().toLowerCase(Locale.ROOT);
    return a.equals(b) || (isLoopback(a) && isLoopback(b));
  }

  private static boolean isLoopback(String host) {
    return host.equals("localhost") || host.startsWith("127.") || host.equals("[::1]") || host.equals("::1");
  }

  private static int portOf(URI uri) {
    if (uri.getPort() >= 0) {
      return uri.getPort();
    }
    return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
  }

  /** Scheme and host compare case-insensitively; the path does not. */
  private static String lowerSchemeAndHost(String url) {
    int start = url.indexOf("://");
    if (start < 0) {
      return url;
    }
    int end = url.indexOf('/', start + 3);
    end = end < 0 ? url.length() : end;
    return url.substring(0, end).toLowerCase(Locale.ROOT) + url.substring(end);
  }
}
