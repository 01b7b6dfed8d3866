package io.homeostat.runtime.gitops;

import java.util.List;

/**
 * A proposed desired-state change, committed on a branch of its own for people to review and merge.
 *
 * @param branch the new branch, e.g. {@code homeostat/adopt/inc-123}
 * @param commitId the proposal's commit
 * @param baseCommitId the commit it branches from ({@code null} in a repository without commits)
 * @param files the repository-relative paths it writes or deletes
 */
public record Proposal(String branch, String commitId, String baseCommitId, List<String> files) {

    public Proposal {
        files = List.copyOf(files);
    }
}
