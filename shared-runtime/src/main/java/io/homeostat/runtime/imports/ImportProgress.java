package io.homeostat.runtime.imports;

/** Told after each resource an import has looked at, so a long run shows where it is. */
@FunctionalInterface
public interface ImportProgress {

    /**
     * @param done resources described so far
     * @param total resources to describe in this run
     * @param perSecond average rate since the run started
     */
    void progress(int done, int total, double perSecond);

    ImportProgress NONE = (done, total, perSecond) -> {};
}
