package io.homeostat.analyzer.bedrock;

import io.homeostat.runtime.config.HomeostatConfig;
import java.time.Duration;

/** The Bedrock second opinion's knobs, read once from {@code homeostat.analyzer.bedrock.*} (or built by tests). */
public record BedrockSettings(String modelId, Duration timeout, int maxAttempts, Duration retryDelay,
                              int circuitFailureThreshold, int circuitWindow, Duration circuitDelay, int maxTokens,
                              Duration cacheTtl) {

    public static BedrockSettings from(HomeostatConfig.Bedrock c) {
        return new BedrockSettings(c.modelId(), c.timeout(), c.maxAttempts(), c.retryDelay(), c.circuitFailureThreshold(),
                c.circuitWindow(), c.circuitDelay(), c.maxTokens(), c.cacheTtl());
    }
}
