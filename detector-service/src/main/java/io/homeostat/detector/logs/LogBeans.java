package io.homeostat.detector.logs;

import io.homeostat.detector.config.DetectorConfig;
import io.homeostat.runtime.store.LogBaselines;
import io.homeostat.runtime.store.Tables;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The log-baselines store, with the detector's retention. */
@Singleton
public class LogBeans {

    @Produces
    @Singleton
    LogBaselines baselines(DynamoDbClient dynamo, Tables tables, Clock clock, DetectorConfig config) {
        return new LogBaselines(dynamo, tables.logBaselines(), clock, config.logs().retention().toSeconds());
    }
}
