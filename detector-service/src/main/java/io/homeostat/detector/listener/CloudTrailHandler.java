package io.homeostat.detector.listener;

import io.homeostat.detector.cloudtrail.CloudTrailInput;
import io.homeostat.detector.cloudtrail.CloudTrailRecord;
import io.homeostat.detector.cloudtrail.OwnPrincipals;
import io.homeostat.detector.cloudtrail.TargetResolver;
import io.homeostat.detector.service.DriftDetection;
import io.homeostat.model.envelope.EventCodec;
import io.homeostat.model.envelope.EventEnvelope;
import io.homeostat.model.events.EventType;
import io.homeostat.model.events.Trigger;
import io.homeostat.runtime.config.HomeostatConfig;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.desired.DesiredStateSource;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.homeostat.runtime.store.DriftFlags;
import io.homeostat.runtime.transport.HandlerOutcome;
import io.homeostat.runtime.transport.MessageHandler;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * CloudTrail API-call events from the detector's queue. Read-only and errored calls, unmanaged resources and
 * Homeostat's own repairs (the executor's principals: the loop breaker) are acknowledged and ignored; a call on a
 * managed resource leads to a re-read of the live resource, and only a real difference raises drift. Which resources
 * a call touched is {@link TargetResolver}'s job (ids resolved to names, at most
 * {@link TargetResolver#MAX_TARGETS_PER_EVENT} per call); a call that touched several is one decision per resource,
 * committed together.
 */
@Singleton
public class CloudTrailHandler implements MessageHandler {

    private static final Logger LOG = Logger.getLogger(CloudTrailHandler.class);

    private final TargetResolver resolver;
    private final DesiredStateSource desired;
    private final DriftDetection detection;
    private final OwnPrincipals ownPrincipals;
    private final MeterRegistry metrics;
    private final DriftFlags flags;

    @Inject
    public CloudTrailHandler(DesiredStateSource desired, DriftDetection detection, HomeostatConfig config, MeterRegistry metrics,
                             ProviderRegistry providers, DriftFlags flags) {
        this.resolver = new TargetResolver(providers);
        this.flags = flags;
        this.desired = desired;
        this.detection = detection;
        this.ownPrincipals = new OwnPrincipals(config.executor().principals().orElse(List.of()));
        this.metrics = metrics;
    }

    @Override
    public Set<String> detailTypes() {
        return Set.of(EventType.CLOUDTRAIL_DETAIL_TYPE);
    }

    @Override
    public EventEnvelope decode(String body, EventCodec codec) {
        return CloudTrailInput.decode(body, codec);
    }

    @Override
    public HandlerOutcome handle(EventEnvelope envelope) {
        if (CloudTrailInput.isLogFile(envelope)) {
            return fanOut(envelope);
        }
        CloudTrailRecord record = CloudTrailRecord.from(envelope.detail());
        if (record.readOnly()) {
            return ignored("read_only", record.eventName() + " is read-only");
        }
        if (record.errorCode() != null) {
            return ignored("errored", record.eventName() + " failed with " + record.errorCode());
        }
        if (ownPrincipals.made(record)) {
            return ignored("own_change", record.eventName() + " was made by Homeostat's executor");
        }
        TargetResolver.Result targets = resolver.resolve(record, desired.current());
        if (targets.resolutions().isEmpty() && targets.dropped() == 0) {
            return ignored("unmapped", record.eventSource() + " " + record.eventName() + " names no resource type we manage");
        }
        Trigger trigger = new Trigger(Trigger.Kind.CLOUDTRAIL, record.eventId() != null ? record.eventId() : envelope.id(),
                record.eventName(), record.principalArn() != null ? record.principalArn() : record.accessKeyId(),
                record.sourceIp(), record.userAgent(), parseTime(record.eventTime()));
        // One decision per resource; the incident id derives from (event, resource), so each gets its own incident.
        List<HandlerOutcome> outcomes = new ArrayList<>();
        for (TargetResolver.Resolution r : targets.resolutions()) {
            outcomes.add(r.resource().isPresent() ? detect(r.resource().get(), trigger) : ignored(r.reason(), r.note()));
        }
        if (targets.dropped() > 0) {
            LOG.warnf("%s %s (event %s) names %d more resource(s) than the %d handled per event; the scan will look at them",
                    record.eventSource(), record.eventName(), trigger.eventId(), targets.dropped(), TargetResolver.MAX_TARGETS_PER_EVENT);
            metrics.counter("homeostat.detector.events.ignored", "reason", "too_many_targets").increment(targets.dropped());
            outcomes.add(HandlerOutcome.nothing("ignored: " + targets.dropped() + " more resource(s) beyond "
                    + TargetResolver.MAX_TARGETS_PER_EVENT + " per event"));
        }
        return HandlerOutcome.all(outcomes);
    }

    private HandlerOutcome detect(DesiredResource resource, Trigger trigger) {
        if (flags.effective(resource) == DriftFlags.Mode.DISABLED) {
            return ignored("disabled", resource.logicalId() + " is flagged DISABLED");
        }
        return detection.detect(resource, trigger, trigger.eventId())
                .orElseGet(() -> ignored("in_sync", resource.name() + " already matches desired"));
    }

    /**
     * A log file is split into one message per record, sent back to this queue: each record is then handled, and
     * deduplicated by its eventID, on its own. Re-splitting after a crash only sends duplicates, which are dropped.
     */
    private HandlerOutcome fanOut(EventEnvelope file) {
        List<EventEnvelope> records = new java.util.ArrayList<>();
        int skipped = 0;
        for (var r : file.detail().get("Records")) {
            if (r instanceof com.fasterxml.jackson.databind.node.ObjectNode record) {
                records.add(CloudTrailInput.wrap(record, record.toString()));
            } else {
                skipped++;
            }
        }
        metrics.counter("homeostat.detector.records.split").increment(records.size());
        return new HandlerOutcome(List.of(), records, "split a log file into " + records.size() + " record(s)"
                + (skipped > 0 ? ", skipped " + skipped + " non-object entr" + (skipped == 1 ? "y" : "ies") : ""));
    }


    private HandlerOutcome ignored(String reason, String note) {
        metrics.counter("homeostat.detector.events.ignored", "reason", reason).increment();
        return HandlerOutcome.nothing("ignored: " + note);
    }

    private static Instant parseTime(String t) {
        try {
            return t == null ? null : Instant.parse(t);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
