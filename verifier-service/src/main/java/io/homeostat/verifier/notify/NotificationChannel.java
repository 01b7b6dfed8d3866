package io.homeostat.verifier.notify;

/** Somewhere people read notifications. A send either succeeds or throws; the notifier retries with backoff. */
public interface NotificationChannel {

    /** For metrics and logs: {@code sns}, {@code webhook}. */
    String name();

    void send(Notification notification);
}
