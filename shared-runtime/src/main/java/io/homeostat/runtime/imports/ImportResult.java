package io.homeostat.runtime.imports;

import java.util.List;

/**
 * What an import found and wrote.
 *
 * @param listed live resources listed (in the filter's types, regions and name prefix)
 * @param unmanaged of those, how many no phase declares
 * @param resources every unmanaged resource matching the tag filter: imported, or skipped with the reason
 * @param phaseYaml the generated phase file; {@code null} when nothing was imported
 * @param seconds how long the run took
 */
public record ImportResult(int listed, int unmanaged, List<ImportedResource> resources, String phaseYaml, double seconds) {

    public ImportResult {
        resources = List.copyOf(resources);
    }

    public long imported() {
        return resources.stream().filter(ImportedResource::imported).count();
    }

    public long skipped() {
        return resources.size() - imported();
    }
}
