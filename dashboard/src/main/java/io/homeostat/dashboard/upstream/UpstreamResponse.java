package io.homeostat.dashboard.upstream;

/** A service's answer as it came: status, content type (may be null) and body, passed on to the page unchanged. */
public record UpstreamResponse(int status, String contentType, String body) {}
