package io.homeostat.runtime.provider;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/**
 * A managed-cloud call failed. {@code retryable} is true only for throttling, 5xx and transport failures; access
 * denied and validation errors stop at once, since repeating them cannot help.
 */
public class CloudCallException extends RuntimeException {

    private final boolean retryable;

    public CloudCallException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }

    /** Wraps an SDK failure with what we were doing ("observe aws.sqs.queue orders"). */
    public static CloudCallException wrap(String doing, RuntimeException e) {
        if (e instanceof CloudCallException c) {
            return c;
        }
        boolean retryable;
        if (e instanceof AwsServiceException s) {
            retryable = s.isThrottlingException() || s.statusCode() >= 500;
        } else {
            retryable = e instanceof SdkClientException;
        }
        return new CloudCallException(doing + " failed: " + e.getMessage(), retryable, e);
    }
}
