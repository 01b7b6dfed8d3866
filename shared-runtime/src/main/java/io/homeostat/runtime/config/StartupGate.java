package io.homeostat.runtime.config;

import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Opens once every start-up step has run (control plane created, resources provisioned, consumer started).
 * Scheduled work checks it: the scheduler may fire before start-up ends, and a scan then would report resources as
 * missing that provisioning is about to create.
 */
@Singleton
public class StartupGate {

    private volatile boolean open;

    void onStart(@Observes @Priority(1000) StartupEvent event) {
        open = true;
    }

    public boolean isOpen() {
        return open;
    }
}
