package io.homeostat.runtime.gitops;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.jgit.dircache.DirCache;
import org.eclipse.jgit.dircache.DirCacheBuilder;
import org.eclipse.jgit.dircache.DirCacheEntry;
import org.eclipse.jgit.lib.CommitBuilder;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.FileMode;
import org.eclipse.jgit.lib.ObjectId;
import org.eclipse.jgit.lib.ObjectInserter;
import org.eclipse.jgit.lib.PersonIdent;
import org.eclipse.jgit.lib.RefUpdate;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.revwalk.RevCommit;
import org.eclipse.jgit.revwalk.RevWalk;
import org.eclipse.jgit.storage.file.FileRepositoryBuilder;
import org.eclipse.jgit.treewalk.TreeWalk;
import org.eclipse.jgit.treewalk.filter.PathFilter;

/**
 * The git repository that holds the desired state, seen the way Homeostat may touch it: it reads any revision, and it
 * <em>proposes</em> changes as a commit on a new branch. It never changes the working tree, the index or the checked-out
 * branch, so a proposal can never become desired state by itself: a person merges it (GitOps).
 *
 * <p>Written once for every proposer: ADOPT plans, imports of unmanaged resources, assistant edits, rollbacks.
 */
public final class GitWorkspace {

    private final Path workTree;
    private final Path gitDir;

    private GitWorkspace(Path workTree, Path gitDir) {
        this.workTree = workTree;
        this.gitDir = gitDir;
    }

    /**
     * Finds the repository containing {@code path} (a phases folder, usually), searching upwards as git does.
     *
     * @throws GitProposalException naming the path when it is not inside a git work tree
     */
    public static GitWorkspace containing(Path path) {
        Path start = path.toAbsolutePath().normalize();
        FileRepositoryBuilder builder = new FileRepositoryBuilder();
        builder.findGitDir(start.toFile());
        if (builder.getGitDir() == null) {
            throw new GitProposalException(start + " is not inside a git repository; proposals (adopt, import,"
                    + " rollback) need the phases folder to be in one (git init && git add phases && git commit)");
        }
        // The work tree is where .git was found: in a linked work tree (git worktree add) .git is a file naming a
        // git directory under the main repository's .git/worktrees, whose parent is not this work tree.
        Path workTree = start;
        while (!Files.exists(workTree.resolve(Constants.DOT_GIT))) {
            workTree = workTree.getParent();
        }
        return new GitWorkspace(workTree, builder.getGitDir().toPath());
    }

    public Path workTree() {
        return workTree;
    }

    /** The path of {@code file} relative to the work tree, with {@code /} separators, as git names it. */
    public String repoPath(Path file) {
        Path relative = workTree.relativize(file.toAbsolutePath().normalize());
        if (relative.startsWith("..") || relative.toString().isEmpty()) {
            throw new GitProposalException(file + " is outside the repository at " + workTree);
        }
        return relative.toString().replace('\\', '/');
    }

    /** The commit id the current branch points at, or {@code null} before the first commit. */
    public String head() {
        try (Repository repo = open()) {
            ObjectId head = repo.resolve(Constants.HEAD);
            return head == null ? null : head.name();
        } catch (IOException e) {
            throw new GitProposalException("cannot read HEAD of " + workTree + ": " + e.getMessage(), e);
        }
    }

    /**
     * The files under {@code folder} (repository-relative, e.g. {@code phases}) at {@code revision} (any git revision
     * expression: a commit id, a tag, {@code main~2}), keyed by repository-relative path in path order.
     *
     * @throws GitProposalException when the revision does not resolve
     */
    public Map<String, String> filesAt(String revision, String folder) {
        try (Repository repo = open(); RevWalk walk = new RevWalk(repo)) {
            ObjectId id = resolve(repo, revision);
            RevCommit commit = walk.parseCommit(id);
            Map<String, String> files = new LinkedHashMap<>();
            try (TreeWalk tree = new TreeWalk(repo)) {
                tree.addTree(commit.getTree());
                tree.setRecursive(true);
                String prefix = trimSlashes(folder);
                if (!prefix.isEmpty()) {
                    tree.setFilter(PathFilter.create(prefix));
                }
                while (tree.next()) {
                    byte[] bytes = repo.open(tree.getObjectId(0), Constants.OBJ_BLOB).getBytes();
                    files.put(tree.getPathString(), new String(bytes, StandardCharsets.UTF_8));
                }
            }
            return files;
        } catch (IOException e) {
            throw new GitProposalException("cannot read '" + folder + "' at revision '" + revision + "' in "
                    + workTree + ": " + e.getMessage(), e);
        }
    }

    /** The full commit id {@code revision} names. */
    public String resolve(String revision) {
        try (Repository repo = open()) {
            return resolve(repo, revision).name();
        } catch (IOException e) {
            throw new GitProposalException("cannot resolve revision '" + revision + "': " + e.getMessage(), e);
        }
    }

    /**
     * Commits {@code changes} on a new branch that starts at the current HEAD, without touching the work tree.
     *
     * @param branch the new branch's short name; refused when it exists already or is not a valid name
     * @param changes repository-relative path → new content; a {@code null} content deletes the file
     * @param message the commit message (say why)
     * @param author who proposes it (Homeostat itself, or the person an assistant acts for)
     * @throws GitProposalException when the branch exists, a path escapes the repository, or nothing would change
     */
    public Proposal propose(String branch, Map<String, String> changes, String message, PersonIdent author) {
        String ref = Constants.R_HEADS + branch;
        if (branch == null || branch.isBlank() || !Repository.isValidRefName(ref)) {
            throw new GitProposalException("'" + branch + "' is not a valid branch name");
        }
        if (changes.isEmpty()) {
            throw new GitProposalException("a proposal needs at least one file change");
        }
        changes.keySet().forEach(GitWorkspace::checkRepoPath);
        try (Repository repo = open(); ObjectInserter inserter = repo.newObjectInserter();
                RevWalk walk = new RevWalk(repo)) {
            if (repo.exactRef(ref) != null) {
                throw new GitProposalException("branch '" + branch + "' exists already in " + workTree
                        + "; a proposal never overwrites one");
            }
            ObjectId head = repo.resolve(Constants.HEAD);
            RevCommit base = head == null ? null : walk.parseCommit(head);
            Map<String, DirCacheEntry> entries = base == null ? new TreeMap<>() : entriesOf(repo, base);
            for (Map.Entry<String, String> change : changes.entrySet()) {
                if (change.getValue() == null) {
                    entries.remove(change.getKey());
                } else {
                    DirCacheEntry entry = new DirCacheEntry(change.getKey());
                    entry.setFileMode(FileMode.REGULAR_FILE);
                    entry.setObjectId(inserter.insert(Constants.OBJ_BLOB,
                            change.getValue().getBytes(StandardCharsets.UTF_8)));
                    entries.put(change.getKey(), entry);
                }
            }
            DirCache index = DirCache.newInCore();
            DirCacheBuilder builder = index.builder();
            entries.values().forEach(builder::add);
            builder.finish();
            ObjectId tree = index.writeTree(inserter);
            if (base != null && tree.equals(base.getTree())) {
                throw new GitProposalException("the proposal for branch '" + branch + "' changes nothing: "
                        + String.join(", ", changes.keySet()) + " already read so at " + base.name());
            }
            CommitBuilder commit = new CommitBuilder();
            commit.setTreeId(tree);
            if (base != null) {
                commit.setParentId(base);
            }
            commit.setAuthor(author);
            commit.setCommitter(author);
            commit.setMessage(message.endsWith("\n") ? message : message + "\n");
            ObjectId commitId = inserter.insert(commit);
            inserter.flush();

            RefUpdate update = repo.updateRef(ref);
            update.setNewObjectId(commitId);
            update.setExpectedOldObjectId(ObjectId.zeroId());
            update.setRefLogMessage("homeostat: proposal", false);
            RefUpdate.Result result = update.update();
            if (result != RefUpdate.Result.NEW) {
                throw new GitProposalException("could not create branch '" + branch + "': " + result);
            }
            return new Proposal(branch, commitId.name(), base == null ? null : base.name(),
                    new ArrayList<>(changes.keySet()));
        } catch (IOException e) {
            throw new GitProposalException("cannot write proposal branch '" + branch + "' in " + workTree + ": "
                    + e.getMessage(), e);
        }
    }

    private Repository open() throws IOException {
        if (!Files.isDirectory(gitDir)) {
            throw new GitProposalException("git directory " + gitDir + " is gone");
        }
        return new FileRepositoryBuilder().setGitDir(gitDir.toFile()).setWorkTree(workTree.toFile()).setMustExist(true).build();
    }

    private static ObjectId resolve(Repository repo, String revision) throws IOException {
        ObjectId id = revision == null || revision.isBlank() ? null : repo.resolve(revision + "^{commit}");
        if (id == null) {
            throw new GitProposalException("revision '" + revision + "' does not name a commit in "
                    + repo.getWorkTree());
        }
        return id;
    }

    private static Map<String, DirCacheEntry> entriesOf(Repository repo, RevCommit base) throws IOException {
        Map<String, DirCacheEntry> entries = new TreeMap<>();
        try (TreeWalk tree = new TreeWalk(repo)) {
            tree.addTree(base.getTree());
            tree.setRecursive(true);
            while (tree.next()) {
                DirCacheEntry entry = new DirCacheEntry(tree.getPathString());
                entry.setFileMode(tree.getFileMode(0));
                entry.setObjectId(tree.getObjectId(0));
                entries.put(tree.getPathString(), entry);
            }
        }
        return entries;
    }

    private static void checkRepoPath(String path) {
        boolean escapes = path.startsWith("/") || path.contains("\\")
                || List.of(path.split("/")).stream().anyMatch(p -> p.isEmpty() || p.equals(".") || p.equals(".."))
                || path.startsWith(".git/") || path.equals(".git");
        if (escapes) {
            throw new GitProposalException("'" + path + "' is not a plain repository-relative file path");
        }
    }

    private static String trimSlashes(String folder) {
        String f = folder == null ? "" : folder.trim();
        while (f.startsWith("/")) {
            f = f.substring(1);
        }
        while (f.endsWith("/")) {
            f = f.substring(0, f.length() - 1);
        }
        return f;
    }
}
