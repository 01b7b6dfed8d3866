package io.homeostat.runtime.provider;

import java.util.regex.Pattern;

/**
 * The tag rules S3 and SNS share (keys 1–128 and values 0–256 characters of letters, digits, spaces and
 * {@code _ . : / = + - @}; the {@code aws:} prefix reserved), checked before a tag reaches a call.
 */
public final class TagRules {

    /** The characters AWS allows in tag keys and values of the services that use the common tagging rules. */
    public static final Pattern TAG_TEXT = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

    private TagRules() {}

    /** Why {@code key}/{@code value} is not a valid tag, or {@code null} when it is. */
    public static String problem(String key, String value) {
        if (key.isEmpty() || key.length() > 128) {
            return "tag keys are 1 to 128 characters";
        }
        if (key.startsWith("aws:")) {
            return "the aws: prefix is reserved";
        }
        if (value == null || value.length() > 256) {
            return "tag values are 0 to 256 characters";
        }
        if (!TAG_TEXT.matcher(key).matches() || !TAG_TEXT.matcher(value).matches()) {
            return "tags hold letters, digits, spaces and _ . : / = + - @ only";
        }
        return null;
    }
}
