package io.homeostat.model.events;

/**
 * One difference between desired and actual, values normalised to strings ({@code null} = absent). The path names
 * what differs: {@code exists}, {@code attributes.VisibilityTimeout}, {@code tags.team}.
 */
public record FieldDiff(String path, String desired, String actual) {

    public static final String EXISTS = "exists";

    public FieldDiff {
        Required.field(path, "diff.path");
    }
}
