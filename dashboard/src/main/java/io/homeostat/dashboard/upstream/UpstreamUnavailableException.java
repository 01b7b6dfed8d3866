package io.homeostat.dashboard.upstream;

/** No answer from a service: refused, unresolvable, reset, or slower than the configured timeout. */
public final class UpstreamUnavailableException extends RuntimeException {

    private final Upstream upstream;
    private final boolean timedOut;

    public UpstreamUnavailableException(Upstream upstream, String message, boolean timedOut, Throwable cause) {
        super(message, cause);
        this.upstream = upstream;
        this.timedOut = timedOut;
    }

    public Upstream upstream() {
        return upstream;
    }

    /** True when the service was reached (or tried) but did not answer in time: 504 rather than 502. */
    public boolean timedOut() {
        return timedOut;
    }
}
