package io.homeostat.mcp.change;

import io.homeostat.runtime.gitops.Proposal;

/**
 * A validated phase change committed on a branch of its own.
 *
 * @param file the phase file's path in the repository
 * @param newFile whether the file did not exist at the base revision
 * @param plan what the change would do to the desired state once merged
 */
public record ChangeProposal(Proposal proposal, String file, boolean newFile, DesiredStateDiff plan) {}
