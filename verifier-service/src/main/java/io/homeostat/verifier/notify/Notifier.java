package io.homeostat.verifier.notify;

import io.homeostat.runtime.config.HomeostatConfig;
import io.homeostat.runtime.config.StartupGate;
import io.homeostat.runtime.store.IncidentStore;
import io.homeostat.runtime.store.NotificationOutbox;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * Sends the notifications queued on incidents ({@link NotificationOutbox}) on a schedule, in the verifier. The
 * channels come from configuration: the control plane's SNS topic and/or a webhook; with neither, notices stay queued
 * (nothing is lost when a channel is configured later).
 */
@Singleton
public class Notifier {

    private static final Logger LOG = Logger.getLogger(Notifier.class);

    private final NotificationDispatcher dispatcher;
    private final SnsClient sns;
    private final boolean enabled;

    @Inject
    StartupGate startup;

    @Inject
    public Notifier(HomeostatConfig config, IncidentStore incidents, Clock clock, MeterRegistry metrics,
                    io.homeostat.model.envelope.EventCodec codec) {
        HomeostatConfig.Notifications n = config.notifications();
        List<NotificationChannel> channels = new ArrayList<>();
        if (n.snsTopicArn().isPresent()) {
            HomeostatConfig.Control c = config.control();
            var builder = SnsClient.builder().region(Region.of(c.region())).httpClient(UrlConnectionHttpClient.create())
                    .credentialsProvider(c.accessKeyId().isPresent() && c.secretAccessKey().isPresent()
                            ? StaticCredentialsProvider.create(AwsBasicCredentials.create(c.accessKeyId().get(), c.secretAccessKey().get()))
                            : DefaultCredentialsProvider.builder().build());
            n.snsEndpoint().ifPresent(e -> builder.endpointOverride(URI.create(e)));
            this.sns = builder.build();
            channels.add(new SnsChannel(sns, n.snsTopicArn().get()));
        } else {
            this.sns = null;
        }
        n.webhookUrl().ifPresent(url -> channels.add(new WebhookChannel(URI.create(url), codec.mapper())));
        this.enabled = n.enabled() && !channels.isEmpty();
        if (n.enabled() && channels.isEmpty()) {
            LOG.info("notifications: no SNS topic or webhook configured; transitions stay queued on the incidents");
        }
        this.dispatcher = new NotificationDispatcher(new NotificationOutbox(incidents), channels, clock,
                new NotificationDispatcher.Settings(n.groupWindow(), n.batchSize(), n.claimLease(), n.maxAttempts(),
                        n.backoffBase(), n.backoffMax()),
                metrics, config.service() + "-" + UUID.randomUUID());
    }

    @Scheduled(every = "${homeostat.notify.interval:2s}", delayed = "1s", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void run() {
        if (!enabled || startup == null || !startup.isOpen()) {
            return;
        }
        try {
            dispatcher.runOnce();
        } catch (RuntimeException e) {
            // The store may be briefly unreachable: the next run tries again; nothing is cleared before it is sent.
            LOG.warnf("notifier run failed: %s", e.getMessage());
        }
    }

    @PreDestroy
    void close() {
        if (sns != null) {
            sns.close();
        }
    }
}
