package io.homeostat.planner.adopt;

import io.homeostat.model.events.FieldDiff;
import io.homeostat.planner.approval.DecisionRefusedException;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.desired.DesiredState;
import io.homeostat.runtime.desired.PhaseLoader;
import io.homeostat.runtime.desired.PhaseValidationException;
import io.homeostat.runtime.gitops.GitProposalException;
import io.homeostat.runtime.gitops.GitWorkspace;
import io.homeostat.runtime.gitops.Proposal;
import io.homeostat.runtime.provider.Observation;
import io.homeostat.runtime.provider.ProviderRegistry;
import io.homeostat.runtime.store.Incident;
import io.homeostat.runtime.untrusted.UntrustedText;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.eclipse.jgit.lib.PersonIdent;

/**
 * ADOPT: desired = actual, proposed as a commit on branch {@code homeostat/adopt/<incidentId>} and never applied. The
 * resource is observed afresh, its differing properties and tags are written into its phase file (see
 * {@link PhaseYamlEditor}), the edited phase set is loaded and validated as a whole before anything is committed, and
 * the commit goes through {@link GitWorkspace#propose}, which leaves the work tree and the checked-out branch alone.
 */
public final class AdoptProposer {

    public static final String BRANCH_PREFIX = "homeostat/adopt/";

    private final Supplier<DesiredState> desired;
    private final Path phasesDir;
    private final ProviderRegistry providers;
    private final PersonIdent author;

    public AdoptProposer(Supplier<DesiredState> desired, Path phasesDir, ProviderRegistry providers, String authorName,
                         String authorEmail) {
        this.desired = desired;
        this.phasesDir = phasesDir;
        this.providers = providers;
        this.author = new PersonIdent(authorName, authorEmail);
    }

    /** @throws DecisionRefusedException when there is nothing safe to adopt, saying why */
    public Proposal propose(Incident incident, String user, String comment) {
        String logicalId = incident.resource().logicalId();
        DesiredResource resource = desired.get().find(logicalId)
                .orElseThrow(() -> new DecisionRefusedException("cannot adopt: " + logicalId + " is no longer declared"));
        Observation now = providers.get(resource.type()).observe(resource);
        if (!now.exists()) {
            throw new DecisionRefusedException("cannot adopt: " + resource.type() + " " + resource.name()
                    + " does not exist; there is no actual state to adopt (reject, or approve the re-creation)");
        }
        if (now.upToDate()) {
            throw new DecisionRefusedException("cannot adopt: " + resource.name() + " matches desired again; nothing to adopt");
        }
        PhaseYamlEditor.Changes changes = changes(resource, now);
        Path file = fileDeclaring(logicalId);
        String edited;
        try {
            edited = PhaseYamlEditor.edit(Files.readString(file), logicalId, changes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        } catch (IllegalArgumentException e) {
            throw new DecisionRefusedException("cannot adopt into " + file.getFileName() + ": " + e.getMessage());
        }
        validate(file, edited);
        GitWorkspace git;
        try {
            git = GitWorkspace.containing(phasesDir);
        } catch (GitProposalException e) {
            throw new DecisionRefusedException("cannot adopt: " + e.getMessage());
        }
        String branch = BRANCH_PREFIX + incident.incidentId();
        String message = "Adopt the live " + resource.type() + " " + resource.name() + " as desired (incident "
                + incident.incidentId() + ")\n\nChosen by " + user + (comment == null || comment.isBlank() ? "" : ": "
                + UntrustedText.quote(comment)) + "\nChanged: " + now.diff().stream().map(FieldDiff::path).toList()
                + "\n\nProposed by Homeostat; nothing was applied. Merge to make it desired.";
        try {
            return git.propose(branch, Map.of(git.repoPath(file), edited), message, author);
        } catch (GitProposalException e) {
            // A retry after a crash between the commit and the incident write: the branch is ours, reuse it.
            try {
                String commit = git.resolve("refs/heads/" + branch);
                return new Proposal(branch, commit, null, List.of(git.repoPath(file)));
            } catch (GitProposalException missing) {
                throw new DecisionRefusedException("cannot adopt: " + e.getMessage());
            }
        }
    }

    /** Properties and tags to write: only top-level scalars a person could have declared; anything else is refused. */
    static PhaseYamlEditor.Changes changes(DesiredResource resource, Observation now) {
        Map<String, Optional<String>> properties = new LinkedHashMap<>();
        Map<String, Optional<String>> tags = new LinkedHashMap<>();
        for (FieldDiff d : now.diff()) {
            if (d.actual() != null && d.actual().equals(d.desired())) {
                throw new DecisionRefusedException("cannot adopt " + d.path() + ": its live value cannot be read (a secret)");
            }
            if (d.path().startsWith("tags.")) {
                tags.put(d.path().substring("tags.".length()), Optional.ofNullable(d.actual()));
                continue;
            }
            String name = d.path().contains(".") ? d.path().substring(d.path().indexOf('.') + 1) : d.path();
            if (!resource.properties().containsKey(name) || name.contains(".")
                    || resource.properties().get(name) instanceof Map<?, ?> || resource.properties().get(name) instanceof List<?>) {
                throw new DecisionRefusedException("cannot adopt " + d.path() + ": only declared single-value properties and"
                        + " tags can be adopted; change the phase file by hand");
            }
            properties.put(name, Optional.ofNullable(d.actual()));
        }
        return new PhaseYamlEditor.Changes(properties, tags);
    }

    private Path fileDeclaring(String logicalId) {
        for (String f : desired.get().files()) {
            Path file = Path.of(f);
            if (declares(file, logicalId)) {
                return file;
            }
        }
        throw new DecisionRefusedException("cannot adopt: no phase file declares " + logicalId);
    }

    private static boolean declares(Path file, String logicalId) {
        try {
            String text = Files.readString(file);
            PhaseYamlEditor.edit(text, logicalId, new PhaseYamlEditor.Changes(Map.of(), Map.of()));
            return true;
        } catch (IOException | IllegalArgumentException | org.yaml.snakeyaml.error.YAMLException e) {
            return false;
        }
    }

    /** Loads the whole phase set with the edited file in place: a proposal that would not load is never made. */
    private void validate(Path file, String edited) {
        try {
            new PhaseLoader(providers).loadEdited(phasesDir, file.getFileName().toString(), edited);
        } catch (PhaseValidationException e) {
            throw new DecisionRefusedException("cannot adopt: the edited " + file.getFileName() + " would not load: " + e.getMessage());
        }
    }
}
