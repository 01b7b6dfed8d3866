package io.homeostat.runtime.bootstrap;

import java.util.List;

/** What a {@link Bootstrap} run found and did, one item per resource, in the order they were handled. */
public record BootstrapReport(List<Item> items) {

    public enum Status {
        /** Did not exist; created. */
        CREATED,
        /** Existed, but differed from what Homeostat needs (redrive policy, rule pattern, target, queue policy); set. */
        UPDATED,
        /** Existed as needed; left alone. */
        PRESENT
    }

    /**
     * @param kind queue, table, event-bus, rule, target or queue-policy
     * @param name the physical name (a target is {@code <rule>→<queue>})
     */
    public record Item(String kind, String name, Status status) {

        /** The progress line printed by {@link BootstrapMain}, e.g. {@code created  queue        homeostat-analyzer}. */
        public String line() {
            return String.format("%-8s %-12s %s", status.name().toLowerCase(java.util.Locale.ROOT), kind, name);
        }
    }

    public BootstrapReport {
        items = List.copyOf(items);
    }

    public List<Item> withStatus(Status status) {
        return items.stream().filter(i -> i.status() == status).toList();
    }

    /** True when nothing was created or updated. */
    public boolean unchanged() {
        return items.stream().allMatch(i -> i.status() == Status.PRESENT);
    }

    public List<Item> ofKind(String kind) {
        return items.stream().filter(i -> i.kind().equals(kind)).toList();
    }

    public String summary() {
        return withStatus(Status.CREATED).size() + " created, " + withStatus(Status.UPDATED).size() + " updated, "
                + withStatus(Status.PRESENT).size() + " already present";
    }
}
