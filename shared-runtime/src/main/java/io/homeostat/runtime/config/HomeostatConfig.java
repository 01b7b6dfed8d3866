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

    Planner planner();

    /** The planner: when a plan waits for a person, the policy guard, and ADOPT proposals. */
    interface Planner {

        PlannerApproval approval();

        PlannerPolicy policy();

        PlannerAdopt adopt();
    }

    interface PlannerApproval {
        /** Plans of incidents classified with a confidence below this wait for a person (AWAITING_APPROVAL). */
        @WithDefault("0.8")
        double confidenceThreshold();

        /** A waiting plan not decided within this time becomes EXPIRED and can no longer be approved. */
        @WithDefault("24h")
        Duration expiry();

        /** How often waiting plans are checked for expiry (and approved plans whose plan.ready was lost re-sent). */
        @WithDefault("30s")
        Duration sweepInterval();

        /** An approved plan still PLANNED after this long gets its plan.ready sent again (same id: never run twice). */
        @WithDefault("30s")
        Duration republishAfter();
    }

    interface PlannerPolicy {
        /** Apply the built-in rules (no deleting tables that hold data, no SSH or all ports open to the world…). */
        @WithDefault("true")
        boolean builtIns();

        /**
         * Rules by name ({@code homeostat.planner.policy.rules.<name>.when=<CEL>}, {@code .effect=DENY|REQUIRE_APPROVAL},
         * {@code .description=…}). A rule named like a built-in replaces it. See docs/planning.md for the variables.
         */
        java.util.Map<String, PolicyRuleConfig> rules();
    }

    /** One policy rule from configuration. */
    interface PolicyRuleConfig {
        /** A CEL expression over {@code action}, {@code resource}, {@code classification}, {@code observation}; true = the rule matches. */
        String when();

        /** {@code DENY} or {@code REQUIRE_APPROVAL}. */
        String effect();

        /** What the rule protects, in words for the person reading the plan. */
        Optional<String> description();
    }

    interface PlannerAdopt {
        /** Author (and committer) name of ADOPT proposal commits. */
        @WithDefault("Homeostat")
        String authorName();

        /** Author e-mail of ADOPT proposal commits. */
        @WithDefault("homeostat@localhost")
        String authorEmail();
    }

    /** People are told of incident transitions ({@code homeostat.notify.*}); {@code notify()} is taken by Object. */
    @io.smallrye.config.WithName("notify")
    Notifications notifications();

    /**
     * Notifications of incident transitions (opened, awaiting approval, resolved, notified, failed, partial, rolled
     * back, escalated), sent by the verifier's notifier to SNS and/or a Slack-compatible webhook, grouped per transition.
     */
    interface Notifications {
        /** Run the notifier in this service (the verifier); off elsewhere. */
        @WithDefault("false")
        boolean enabled();

        /** Control-plane SNS topic ARN to publish to; empty = no SNS. */
        Optional<String> snsTopicArn();

        /** Endpoint override for the notification SNS client (moto locally); empty = the real AWS endpoint. */
        Optional<String> snsEndpoint();

        /** Slack-compatible incoming-webhook URL ({@code {"text":…,"blocks":…}} is POSTed); empty = no webhook. */
        Optional<String> webhookUrl();

        /** How often pending notifications are looked for. */
        @WithDefault("2s")
        Duration interval();

        /**
         * How long the oldest pending notification waits for others: everything pending then goes out as one message per
         * transition kind, so a storm makes one message, not hundreds.
         */
        @WithDefault("5s")
        Duration groupWindow();

        /** Most incidents one run claims (the rest wait for the next run). */
        @WithDefault("200")
        int batchSize();

        /** How long a claim keeps other notifier replicas off the same notifications. */
        @WithDefault("60s")
        Duration claimLease();

        /** Sends of one notification before it is given up (counted and logged). */
        @WithDefault("8")
        int maxAttempts();

        /** First delay after a failed send; doubles per attempt up to {@code backoff-max}. */
        @WithDefault("2s")
        Duration backoffBase();

        /** Longest delay between sends of one notification. */
        @WithDefault("5m")
        Duration backoffMax();
    }

    Analyzer analyzer();

    /** Classification: the deterministic rules, the history of similar incidents and the optional Bedrock opinion. */
    interface Analyzer {
        /**
         * Principals (IAM ARNs or access key ids; an entry ending in {@code *} matches by prefix) whose changes are
         * allowed: classified NORMAL, reported and not healed (e.g. a break-glass role or a deploy pipeline).
         */
        Optional<List<String>> allowedPrincipals();

        /** How many earlier incidents with the same change signature are weighed (newest first). */
        @WithDefault("20")
        int historyLimit();

        /** How far back similar incidents count. */
        @WithDefault("30d")
        Duration historyWindow();

        /**
         * Earlier incidents with the same signature on the same resource that were healed (RESOLVED) before the change
         * is treated as recurring: classified ANOMALY with lower confidence, so a person looks instead of healing again.
         */
        @WithDefault("3")
        int recurrenceThreshold();

        Bedrock bedrock();
    }

    /**
     * The optional second opinion from a model on Amazon Bedrock (Converse API). It may only make Homeostat more
     * cautious: lower confidence, raise severity, add to the rationale; never change the class or the actions.
     */
    interface Bedrock {
        /** Ask the model at all. Off: the rules' answer stands alone and no Bedrock client is built. */
        @WithDefault("false")
        boolean enabled();

        /** Model id (or inference profile id) passed to Converse. */
        @WithDefault("anthropic.claude-3-5-haiku-20241022-v1:0")
        String modelId();

        /** Endpoint override of the Bedrock runtime client (a local stub in tests); empty = the real AWS endpoint. */
        Optional<String> endpoint();

        /** Region of the Bedrock runtime client. */
        @WithDefault("us-east-1")
        String region();

        /** Static access key (local stub only); empty = the default AWS credentials chain. */
        Optional<String> accessKeyId();

        /** Static secret key (local stub only). */
        Optional<String> secretAccessKey();

        /** Longest wait for one answer; after it the rules' answer stands. */
        @WithDefault("10s")
        Duration timeout();

        /** Tries per incident when the call fails or times out (1 = no retry). */
        @WithDefault("2")
        int maxAttempts();

        /** Pause before a retry. */
        @WithDefault("500ms")
        Duration retryDelay();

        /** Failed calls within the last {@code circuit-window} calls that open the circuit (no calls, rules only). */
        @WithDefault("3")
        int circuitFailureThreshold();

        /** Calls the circuit breaker looks back over. */
        @WithDefault("5")
        int circuitWindow();

        /** How long an open circuit stays open before one trial call. */
        @WithDefault("60s")
        Duration circuitDelay();

        /** Upper bound on the answer's length in tokens. */
        @WithDefault("400")
        int maxTokens();

        /** How long a cached answer is reused for an unchanged problem. */
        @WithDefault("7d")
        Duration cacheTtl();
    }

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

        /**
         * Whether the AWS SDK retries managed-cloud calls by itself. The executor sets {@code false}: it retries on its
         * own and records every try in the incident's ledger.
         */
        @WithDefault("true")
        boolean sdkRetries();
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

        /** First delay between tries of a step; the ceiling doubles per try, the delay is drawn below it (full jitter). */
        @WithDefault("200ms")
        Duration stepBackoff();

        /** Ceiling of the delay between tries of a step. */
        @WithDefault("5s")
        Duration stepBackoffMax();

        /** Cloud calls per second the executor makes per account, region and AWS service (token bucket refill). */
        @WithDefault("10")
        double callRate();

        /** Calls the executor may make at once per account, region and AWS service before the rate applies. */
        @WithDefault("10")
        int callBurst();

        /** The circuit breaker all executor replicas share (kept in the breakers table). */
        Breaker breaker();

        interface Breaker {
            /** Plans failing in the cloud (after their retries) within {@code window} that open the breaker. */
            @WithDefault("5")
            int failureThreshold();

            /** How far back failures count. */
            @WithDefault("60s")
            Duration window();

            /** How long the breaker stays open before it lets a probe plan through (half-open). */
            @WithDefault("30s")
            Duration openDuration();

            /** Plans executing at once across all replicas; more wait on their queue. */
            @WithDefault("20")
            int maxInFlight();

            /** Plans let through while half-open; one succeeding closes the breaker, one failing re-opens it. */
            @WithDefault("1")
            int halfOpenProbes();

            /** How long a running plan holds its slot; a replica that dies mid-plan frees it when this runs out. */
            @WithDefault("2m")
            Duration lease();
        }
    }
}
