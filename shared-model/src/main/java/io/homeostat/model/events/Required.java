package io.homeostat.model.events;

/** Field checks for the payload records' compact constructors: a missing field names itself. */
final class Required {

    private Required() {}

    static <T> T field(T value, String name) {
        if (value == null || (value instanceof String s && s.isBlank())) {
            throw new IllegalArgumentException("missing required field '" + name + "'");
        }
        return value;
    }

    static int schemaVersion(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("missing or invalid 'schemaVersion' (" + value + "); must be >= 1");
        }
        return value;
    }
}
