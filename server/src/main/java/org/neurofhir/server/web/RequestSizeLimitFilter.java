package org.neurofhir.server.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Optional;
import org.neurofhir.server.security.RequestRefusedEvent;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses FHIR request bodies over the configured size with 413 and an OperationOutcome, before any of the
 * body is parsed or stored. Bodies without Content-Length (chunked) are counted while HAPI reads them; going
 * over the limit aborts the request with HAPI's own 413 exception, so the transaction is never committed.
 */
public class RequestSizeLimitFilter extends OncePerRequestFilter {

  private final long maxBytes;
  private final ApplicationEventPublisher events;

  /** @param events told of each refusal (the audit trail); it comes before authentication, so nobody is named */
  public RequestSizeLimitFilter(long maxBytes, ApplicationEventPublisher events) {
    this.maxBytes = maxBytes;
    this.events = events;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    long declared = request.getContentLengthLong();
    if (declared > maxBytes) {
      // Drain nothing: Tomcat closes the connection after an unread oversized body (max-swallow-size).
      OperationOutcomeResponses.write(response, HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, "too-long",
          "Request body of " + declared + " bytes exceeds the limit of " + maxBytes + " bytes");
      events.publishEvent(new RequestRefusedEvent(HttpServletResponse.SC_REQUEST_ENTITY_TOO_LARGE, request.getMethod(),
          request.getRequestURI(), request.getRemoteAddr(), Optional.empty(),
          declared + " bytes over the limit of " + maxBytes));
      return;
    }
    chain.doFilter(declared >= 0 ? request : new CountingRequest(request, maxBytes), response);
  }

  private static final class CountingRequest extends HttpServletRequestWrapper {
    private final long maxBytes;
    private ServletInputStream stream;

    CountingRequest(HttpServletRequest request, long maxBytes) {
      super(request);
      this.maxBytes = maxBytes;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      if (stream == null) {
        stream = new CountingStream(super.getInputStream(), maxBytes);
      }
      return stream;
    }
  }

  private static final class CountingStream extends ServletInputStream {
    private final ServletInputStream delegate;
    private final long maxBytes;
    private long count;

    CountingStream(ServletInputStream delegate, long maxBytes) {
      this.delegate = delegate;
      this.maxBytes = maxBytes;
    }

    @Override
    public int read() throws IOException {
      int b = delegate.read();
      if (b >= 0) {
        add(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      int n = delegate.read(buf, off, len);
      if (n > 0) {
        add(n);
      }
      return n;
    }

    private void add(int n) {
      count += n;
      if (count > maxBytes) {
        throw new ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException(
            "Request body exceeds the limit of " + maxBytes + " bytes");
      }
    }

    @Override
    public boolean isFinished() {
      return delegate.isFinished();
    }

    @Override
    public boolean isReady() {
      return delegate.isReady();
    }

    @Override
    public void setReadListener(ReadListener listener) {
      delegate.setReadListener(listener);
    }
  }
}
