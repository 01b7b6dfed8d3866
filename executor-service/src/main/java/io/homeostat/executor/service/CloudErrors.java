package io.homeostat.executor.service;

import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;

/** The error code a ledger entry carries for a failed call. */
final class CloudErrors {

    /** A transport failure (timeout, connection refused): no answer from the cloud at all. */
    static final String CLIENT_ERROR = "ClientError";

    private CloudErrors() {}

    static String code(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AwsServiceException s && s.awsErrorDetails() != null && s.awsErrorDetails().errorCode() != null) {
                return s.awsErrorDetails().errorCode();
            }
            if (t instanceof SdkClientException) {
                return CLIENT_ERROR;
            }
        }
        return e.getClass().getSimpleName();
    }
}
