package io.homeostat.runtime.imports;

import java.util.Locale;
import java.util.Set;

/**
 * Logical ids for imported resources, derived from their physical names so a reviewer recognises them, but made safe
 * whatever the name holds: lower-case letters, digits and single dashes, bounded length, prefixed by the type's short
 * name ({@code sqs-orders}), and unique against every id already taken (numbered {@code -2}, {@code -3}, … otherwise).
 */
final class LogicalIds {

    private static final int MAX_LENGTH = 64;

    private LogicalIds() {}

    /** {@code aws.ec2.security-group} → {@code security-group}. */
    static String shortType(String type) {
        return type.substring(type.lastIndexOf('.') + 1);
    }

    static String of(String type, String name, Set<String> taken) {
        String slug = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        String base = shortType(type) + (slug.isEmpty() ? "" : "-" + slug);
        if (base.length() > MAX_LENGTH) {
            base = base.substring(0, MAX_LENGTH).replaceAll("-+$", "");
        }
        String id = base;
        for (int n = 2; taken.contains(id); n++) {
            id = base + "-" + n;
        }
        taken.add(id);
        return id;
    }
}
