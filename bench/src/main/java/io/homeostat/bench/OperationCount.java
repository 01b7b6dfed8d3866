package io.homeostat.bench;

import io.homeostat.e2e.fault.FaultProxy;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The control-plane calls one incident costs, counted on the wire by {@link FaultProxy}s between the services and the
 * emulators during a calibration round. Calls made only for watching (readiness probes, the operator API the bench
 * polls) are left out; empty long polls are left out too, and each consumed message is counted as one receive — an
 * upper bound, since a receive can return up to ten.
 *
 * @param sqsByAction SQS calls per incident, by action
 * @param dynamoByAction DynamoDB calls per incident, by action
 */
record OperationCount(Map<String, Double> sqsByAction, Map<String, Double> dynamoByAction) {

    /** Not part of an incident's path: readiness (GetQueueAttributes, DescribeTable) and the incident listing (Scan). */
    private static final Set<String> WATCHING = Set.of("GetQueueAttributes", "GetQueueUrl", "DescribeTable", "Scan", "ListTables",
            "CreateQueue", "CreateTable", "ReceiveMessage");
    private static final Set<String> WRITES = Set.of("PutItem", "UpdateItem", "DeleteItem", "TransactWriteItems", "BatchWriteItem");

    static OperationCount of(List<FaultProxy.Call> sqs, List<FaultProxy.Call> dynamo, int incidents) {
        Map<String, Double> s = perIncident(sqs, incidents);
        s.put("ReceiveMessage (1 per message consumed)", s.getOrDefault("DeleteMessage", 0.0));
        return new OperationCount(s, perIncident(dynamo, incidents));
    }

    private static Map<String, Double> perIncident(List<FaultProxy.Call> calls, int incidents) {
        Map<String, Long> counts = new TreeMap<>();
        for (FaultProxy.Call c : calls) {
            if (!WATCHING.contains(c.action())) {
                counts.merge(c.action(), 1L, Long::sum);
            }
        }
        // Divide once, so 15 calls over 3 incidents is 5.0, not a sum of thirds just under it.
        Map<String, Double> by = new TreeMap<>();
        counts.forEach((action, n) -> by.put(action, (double) n / incidents));
        return by;
    }

    double sqsCalls() {
        return sqsByAction.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    double dynamoCalls() {
        return dynamoByAction.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    double dynamoWrites() {
        return dynamoByAction.entrySet().stream().filter(e -> WRITES.contains(e.getKey())).mapToDouble(Map.Entry::getValue).sum();
    }

    /**
     * Incidents per second the stack could carry if Homeostat cost nothing but its calls: the tighter of the two
     * stores. Every DynamoDB call is priced as a conditional write (reads are not cheaper on DynamoDB Local to matter).
     */
    double stackLimitIncidentsPerSecond(StackLimit limit) {
        return Math.min(limit.sqsCallsPerSecond() / sqsCalls(), limit.dynamoWritesPerSecond() / dynamoCalls());
    }
}
