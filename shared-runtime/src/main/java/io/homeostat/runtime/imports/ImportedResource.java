package io.homeostat.runtime.imports;

import io.homeostat.runtime.desired.DesiredResource;

/** One resource an import wrote, or skipped with the reason ({@code resource} is then {@code null}). */
public record ImportedResource(String type, String region, String name, DesiredResource resource, String skipReason) {

    public boolean imported() {
        return skipReason == null;
    }
}
