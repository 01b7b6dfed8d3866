package io.homeostat.runtime.dlq;

import java.util.List;

/**
 * What a replay did.
 *
 * @param by       who asked for it
 * @param examined dead letters looked at
 * @param matched  of those, the ones the filter selected
 * @param replayed sent back to their source queue and removed from the DLQ
 * @param failed   selected but not replayed (left on the DLQ), or replayed but not removed (see errors)
 * @param errors   one line per failure
 */
public record ReplayReport(String by, int examined, int matched, int replayed, int failed, List<String> errors) {}
