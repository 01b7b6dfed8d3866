package io.homeostat.runtime.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * Everything Homeostat reads from configuration under {@code homeostat.}. The control plane (our queues and tables)
 * and the managed cloud (what we keep healthy) are configured apart, so the same binaries run against real AWS by
 * changing endpoints and credentials only. The control plane's SQS and DynamoDB clients are configured with the
 * Quarkus amazon extensions' keys ({@code quarkus.sqs.*}, {@code quarkus.dynamodb.*}).
 */
@ConfigMapping(prefix = "homeostat")
public interface HomeostatConfig {

    /** This service's name: detector, analyzer, planner, executor or verifier. Used in logs, metrics and ids. */
    String service();

    Control control();

    Consumer consumer();

    Cloud cloud();

    Phases phases();

    Incidents incidents();

    Executor executor();

    Local local();

    Api api();

    Dlq dlq();

    /** Dead-letter queues: inspection and replay on the operator API, depth metrics. */
    interface Dlq {
        /** How often the detector reads every DLQ's depth for {@code homeostat_dlq_depth{queue}}. */
        @WithDefault("15s")
        Duration depthInterval();
    }

    /** The operator HTTP API under {@code /api}. */
    interface Api {
        /**
         * Bearer tokens by user name ({@code homeostat.api.tokens.alice=<token>}). Every {@code /api} request must carry
         * one; the matching user is recorded as who did what. None configured = the API refuses every request.
         */
        java.util.Map<String, String> tokens();
    }

    /** Endpoints of the embedded stack, read by the {@code local} profile (the run script and e2e tests set them). */
    interface Local {
        /** ElasticMQ for Homeostat's own queues. */
        Optional<String> controlSqs();

        /** DynamoDB Local for Homeostat's own tables. */
        Optional<String> controlDynamodb();

        /** moto_server (or ElasticMQ) standing in for the managed cloud. */
        Optional<String> cloud();
    }

    interface Control {
        /** Create queues, DLQs and tables on start-up when missing (local stack and tests; off against real AWS). */
        @WithDefault("false")
        boolean createResources();

        /** Prefix of every queue name: {@code <prefix><consumer>} and {@code <prefix><consumer>-dlq}. */
        @WithDefault("homeostat-")
        String queuePrefix();

        /** Prefix of every DynamoDB table name. */
        @WithDefault("homeostat-")
        String tablePrefix();

        /** How events leave a service: {@code direct} (SQS SendMessage by routing table) or {@code eventbridge} (PutEvents). */
        @WithDefault("direct")
        PublishMode publishMode();

        /** The EventBridge bus used in {@code eventbridge} mode. */
        @WithDefault("homeostat")
        String eventBus();

        /** Endpoint override for the control-plane EventBridge client; empty = the real AWS endpoint. */
        Optional<String> eventbridgeEndpoint();

        /** Region of the control plane (EventBridge client; SQS and DynamoDB use {@code quarkus.sqs/dynamodb.aws.region}). */
        @WithDefault("us-east-1")
        String region();

        /** Static access key for the control-plane EventBridge client (local stack); empty = default chain. */
        Optional<String> accessKeyId();

        /** Static secret key for the control-plane EventBridge client (local stack). */
        Optional<String> secretAccessKey();
    }

    enum PublishMode {
        DIRECT,
        EVENTBRIDGE
    }

    interface Consumer {
        /** Poll this service's queue. Off only for tools that publish but never consume. */
        @WithDefault("true")
        boolean enabled();

        /** The logical queue this service consumes (without prefix), e.g. {@code analyzer}. */
        String queue();

        /** Polling threads. */
        @WithDefault("2")
        int concurrency();

        /** Long-poll wait per ReceiveMessage call, seconds (0–20). */
        @WithDefault("2")
        int waitSeconds();

        /** Deliveries before a failing message is moved to the DLQ with its last failure reason. */
        @WithDefault("5")
        int maxAttempts();

        /** First retry delay; doubles per attempt, with full jitter. */
        @WithDefault("1s")
        Duration backoffBase();

        /** Longest retry delay. */
        @WithDefault("60s")
        Duration backoffMax();

        /** How long an idempotency claim protects an event that is being processed. */
        @WithDefault("60s")
        Duration claimLease();
    }

    interface Cloud {
        /** Endpoint override for every managed-cloud client (moto locally); empty = the real AWS endpoints. */
        Optional<String> endpoint();

        /** Default region of managed resources when a phase does not name one. */
        @WithDefault("us-east-1")
        String region();

        /** Static access key for the managed cloud (local stack); empty = the default AWS credentials chain. */
        Optional<String> accessKeyId();

        /** Static secret key for the managed cloud (local stack). */
        Optional<String> secretAccessKey();
    }

    interface Phases {
        /** Folder holding the desired state, {@code *.yaml} files. */
        @WithDefault("phases")
        String dir();
    }

    interface Incidents {
        /** After an incident closes, new drift on the same resource is folded into it for this long (no re-healing). */
        @WithDefault("5m")
        Duration cooldown();
    }

    interface Executor {
        /**
         * Principals (IAM ARNs, or access key ids) the executor acts as; an entry ending in {@code *} matches by prefix
         * (an assumed role whatever its session name). CloudTrail events made by them are Homeostat's own repairs and
         * never raise an incident.
         */
        Optional<List<String>> principals();

        /** Tries per plan step when the cloud answers with a retryable error (throttling, 5xx, timeout). */
        @WithDefault("3")
        int stepAttempts();

        /** First delay between tries of a step; doubles per try, with jitter. */
        @WithDefault("200ms")
        Duration stepBackoff();
    }
}
