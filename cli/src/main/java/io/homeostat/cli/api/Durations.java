package io.homeostat.cli.api;

import io.homeostat.cli.CliException;
import io.homeostat.cli.ExitCodes;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads durations as people type them ({@code 90s}, {@code 15m}, {@code 2h}, {@code 3d}) or in ISO-8601 ({@code PT1H}). */
public final class Durations {

    private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*([smhd])");

    private Durations() {}

    /** The ISO-8601 form the API takes, or null for null. */
    public static String iso(String option, String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        Matcher m = SHORT.matcher(v);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            Duration d = switch (m.group(2)) {
                case "s" -> Duration.ofSeconds(n);
                case "m" -> Duration.ofMinutes(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofDays(n);
            };
            return d.toString();
        }
        try {
            return Duration.parse(value.trim().toUpperCase(Locale.ROOT)).toString();
        } catch (DateTimeParseException e) {
            throw new CliException(ExitCodes.USAGE, option + " '" + value + "' is not a duration (e.g. 90s, 15m, 2h, 3d or PT1H)");
        }
    }
}
