package io.homeostat.runtime.transport;

import java.time.Duration;

/** How a consumer polls and retries; see {@code homeostat.consumer.*}. */
public record ConsumerSettings(String service, String queue, int concurrency, int waitSeconds, int maxAttempts,
                               Backoff backoff, Duration claimLease) {}
