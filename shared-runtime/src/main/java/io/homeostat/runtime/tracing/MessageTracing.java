package io.homeostat.runtime.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.MDC;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageAttributeValue;

/**
 * Carries one trace through the whole chain (detector → … → verifier): producers put the current W3C trace context
 * ({@code traceparent}, {@code tracestate}) into the SQS message attributes, and a consumer starts its handling span as
 * a child of the context it finds there, so every event it emits carries the same trace on.
 *
 * <p>W3C trace context is used whatever {@code quarkus.otel.propagators} says, because the attributes are a wire
 * contract between services that may be configured differently. With the OpenTelemetry SDK off (the default) the
 * tracer is a no-op that still hands the incoming context on, so turning tracing on in one service never breaks the
 * trace of the others. Log lines of a message's handling carry {@code traceId} and {@code spanId} (MDC).
 */
public final class MessageTracing {

    public static final String TRACEPARENT = "traceparent";
    public static final String TRACESTATE = "tracestate";

    /** No recording, context still handed on: what services get when the SDK is disabled. */
    public static final MessageTracing NONE = new MessageTracing(OpenTelemetry.noop());

    private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();

    private static final TextMapGetter<Map<String, MessageAttributeValue>> FROM_ATTRIBUTES = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, MessageAttributeValue> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, MessageAttributeValue> carrier, String key) {
            MessageAttributeValue v = carrier == null ? null : carrier.get(key);
            return v == null ? null : v.stringValue();
        }
    };

    private final Tracer tracer;

    public MessageTracing(OpenTelemetry openTelemetry) {
        this.tracer = openTelemetry.getTracer("io.homeostat");
    }

    /** The current trace context as message attributes; empty when there is no trace (nothing to hand on). */
    public static Map<String, MessageAttributeValue> currentContextAttributes() {
        Map<String, MessageAttributeValue> out = new LinkedHashMap<>();
        W3C.inject(Context.current(), out, (carrier, key, value) -> {
            if (value != null && !value.isEmpty()) {
                carrier.put(key, MessageAttributeValue.builder().dataType("String").stringValue(value).build());
            }
        });
        return out;
    }

    /**
     * Starts the span of handling one message, as a child of the trace context in its attributes (a new trace when it
     * carries none). The caller makes it current, and ends it.
     */
    public Span startConsumerSpan(Message message, String queueName) {
        Context parent = W3C.extract(Context.root(), message.messageAttributes(), FROM_ATTRIBUTES);
        return tracer.spanBuilder(queueName + " process").setParent(parent).setSpanKind(SpanKind.CONSUMER)
                .setAttribute("messaging.system", "aws_sqs")
                .setAttribute("messaging.destination.name", queueName)
                .setAttribute("messaging.operation.type", "process")
                .setAttribute("messaging.message.id", message.messageId())
                .startSpan();
    }

    /** Marks the current span failed with a reason (a retry or a dead letter). */
    public static void markFailed(String reason) {
        Span.current().setStatus(StatusCode.ERROR, reason);
    }

    /** Puts the span's ids into the logging MDC, so every line of this handling can be found by trace. */
    public static void putMdc(Span span) {
        SpanContext c = span.getSpanContext();
        if (c.isValid()) {
            MDC.put("traceId", c.getTraceId());
            MDC.put("spanId", c.getSpanId());
        }
    }
}
