package io.homeostat.analyzer.bedrock;

import io.homeostat.model.events.Classification;
import io.homeostat.model.events.DriftDetected;
import io.homeostat.runtime.store.AnalysisCache;
import io.homeostat.runtime.store.SimilarIncident;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.faulttolerance.api.TypedGuard;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.faulttolerance.exceptions.CircuitBreakerOpenException;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkServiceException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;

/**
 * Asks a Bedrock model (Converse API) for a second opinion on the rules' verdict, and folds it in with
 * {@link CautiousMerge}. Whatever goes wrong, the rules' verdict stands:
 *
 * <ul>
 *   <li>an answer for the same problem in the {@link AnalysisCache} is used without a call;</li>
 *   <li>the call runs inside a SmallRye Fault Tolerance guard — timeout, retry (not on client errors such as access
 *       denied or validation), circuit breaker — whose fallback yields "no opinion";</li>
 *   <li>an answer that does not fit {@link OpinionParser}'s schema is discarded, logged and counted by reason.</li>
 * </ul>
 *
 * Outcomes are counted in {@code homeostat_analyzer_second_opinions_total{outcome}}, discarded answers in
 * {@code homeostat_analyzer_second_opinion_discarded_total{reason}}.
 */
public final class SecondOpinion {

    private static final Logger LOG = Logger.getLogger(SecondOpinion.class);

    public static final String DISABLED = "disabled";
    public static final String ANSWERED = "answered";
    public static final String CACHED = "cached";
    public static final String DISCARDED = "discarded";
    public static final String TIMEOUT = "timeout";
    public static final String CIRCUIT_OPEN = "circuit_open";
    public static final String ERROR = "error";

    /** The verdict to record, and how the second opinion went (one of the outcome constants). */
    public record Result(Classification classification, String outcome) {}

    private final BedrockRuntimeClient client;
    private final AnalysisCache cache;
    private final BedrockSettings settings;
    private final MeterRegistry metrics;
    private final TypedGuard<ModelReply> guard;
    private final OpinionParser parser = new OpinionParser();

    private SecondOpinion() {
        this.client = null;
        this.cache = null;
        this.settings = null;
        this.metrics = null;
        this.guard = null;
    }

    public SecondOpinion(BedrockRuntimeClient client, AnalysisCache cache, BedrockSettings settings, MeterRegistry metrics) {
        this.client = Objects.requireNonNull(client, "client");
        this.cache = Objects.requireNonNull(cache, "cache");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.guard = guard(settings);
    }

    /** No model configured: {@link #review} returns the rules' verdict untouched. */
    public static SecondOpinion disabled() {
        return new SecondOpinion();
    }

    public boolean enabled() {
        return client != null;
    }

    public Result review(DriftDetected drift, Classification rules, List<SimilarIncident> similar) {
        if (!enabled()) {
            return new Result(rules, DISABLED);
        }
        AnalysisPrompt prompt = AnalysisPrompt.of(drift, rules, similar, settings.modelId());
        Optional<String> cached = cache.find(prompt.fingerprint());
        if (cached.isPresent()) {
            try {
                return counted(new Result(CautiousMerge.merge(rules, parser.parse(cached.get()), settings.modelId()), CACHED));
            } catch (RejectedAnswer stale) {
                // Written under an older schema: ask again below.
                LOG.infof("cached answer %s no longer fits the schema (%s); asking again", prompt.fingerprint(), stale.getMessage());
            }
        }
        ModelReply reply = guard.get(() -> ModelReply.answered(converse(prompt)));
        if (!reply.ok()) {
            LOG.warnf("incident %s: second opinion unavailable (%s: %s); the rules' verdict stands",
                    drift.incidentId(), reply.failure(), reply.detail());
            return counted(new Result(rules, reply.failure()));
        }
        ModelOpinion opinion;
        try {
            opinion = parser.parse(reply.text());
        } catch (RejectedAnswer rejected) {
            LOG.warnf("incident %s: model answer discarded (%s): %s; the rules' verdict stands",
                    drift.incidentId(), rejected.reason(), rejected.getMessage());
            metrics.counter("homeostat.analyzer.second.opinion.discarded", "reason", rejected.reason()).increment();
            return counted(new Result(rules, DISCARDED));
        }
        cache.put(prompt.fingerprint(), canonical(opinion), "bedrock:" + settings.modelId(), settings.cacheTtl());
        return counted(new Result(CautiousMerge.merge(rules, opinion, settings.modelId()), ANSWERED));
    }

    private Result counted(Result result) {
        metrics.counter("homeostat.analyzer.second.opinions", "outcome", result.outcome()).increment();
        return result;
    }

    private String converse(AnalysisPrompt prompt) {
        ConverseResponse response = client.converse(b -> b.modelId(settings.modelId())
                .system(SystemContentBlock.fromText(prompt.system()))
                .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(prompt.user())).build())
                .inferenceConfig(i -> i.maxTokens(settings.maxTokens()).temperature(0f)));
        if (response.output() == null || response.output().message() == null) {
            return "";
        }
        return response.output().message().content().stream().map(ContentBlock::text).filter(Objects::nonNull)
                .collect(Collectors.joining());
    }

    /** What the cache keeps: the validated answer re-written, so only schema-conforming JSON is ever stored. */
    private static String canonical(ModelOpinion o) {
        return new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode()
                .put("kind", o.kind().name()).put("severity", o.severity()).put("confidence", o.confidence())
                .put("rationale", o.rationale()).toString();
    }

    private static TypedGuard<ModelReply> guard(BedrockSettings s) {
        int window = Math.max(1, s.circuitWindow());
        double ratio = Math.min(1.0, Math.max(1, s.circuitFailureThreshold()) / (double) window);
        return TypedGuard.create(ModelReply.class)
                .withTimeout().duration(s.timeout().toMillis(), ChronoUnit.MILLIS).done()
                .withRetry().maxRetries(Math.max(0, s.maxAttempts() - 1)).delay(s.retryDelay().toMillis(), ChronoUnit.MILLIS)
                        .jitter(0, ChronoUnit.MILLIS).whenException(SecondOpinion::worthRetrying).done()
                .withCircuitBreaker().requestVolumeThreshold(window).failureRatio(ratio)
                        .delay(s.circuitDelay().toMillis(), ChronoUnit.MILLIS).done()
                .withFallback().handler(SecondOpinion::noOpinion).done()
                .build();
    }

    /** Client errors (access denied, validation, unknown model) will fail the same way again; an open circuit too. */
    private static boolean worthRetrying(Throwable t) {
        if (t instanceof CircuitBreakerOpenException) {
            return false;
        }
        return !(t instanceof SdkServiceException e) || e.statusCode() >= 500 || e.isThrottlingException();
    }

    private static ModelReply noOpinion(Throwable t) {
        if (t instanceof TimeoutException || t instanceof ApiCallAttemptTimeoutException || t instanceof ApiCallTimeoutException
                || t.getCause() instanceof ApiCallAttemptTimeoutException) {
            return ModelReply.failed(TIMEOUT, String.valueOf(t.getMessage()));
        }
        if (t instanceof CircuitBreakerOpenException) {
            return ModelReply.failed(CIRCUIT_OPEN, "circuit open after repeated failures");
        }
        return ModelReply.failed(ERROR, t.getClass().getSimpleName() + ": " + t.getMessage());
    }
}
