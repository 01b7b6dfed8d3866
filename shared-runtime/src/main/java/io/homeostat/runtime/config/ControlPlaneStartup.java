package io.homeostat.runtime.config;

import io.homeostat.runtime.store.TableBootstrap;
import io.homeostat.runtime.store.Tables;
import io.homeostat.runtime.transport.QueueDirectory;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Creates queues, DLQs and tables on start-up when {@code homeostat.control.create-resources} is on (local stack and
 * tests). Against real AWS they come from the bootstrap step instead, and this does nothing.
 */
@Singleton
public class ControlPlaneStartup {

    private static final Logger LOG = Logger.getLogger(ControlPlaneStartup.class);

    /** Runs before the consumer starts (which observes with a later priority). */
    void onStart(@Observes @Priority(10) StartupEvent event, HomeostatConfig config, DynamoDbClient dynamo,
                 Tables tables, QueueDirectory queues) {
        if (!config.control().createResources()) {
            return;
        }
        long t0 = System.nanoTime();
        TableBootstrap.ensureTables(dynamo, tables);
        queues.ensureAll(config.consumer().maxAttempts());
        LOG.infof("control plane ready (queues and tables) in %d ms", (System.nanoTime() - t0) / 1_000_000);
    }
}
