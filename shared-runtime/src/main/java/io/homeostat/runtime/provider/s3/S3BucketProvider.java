package io.homeostat.runtime.provider.s3;

import io.homeostat.runtime.provider.TagDiff;
import io.homeostat.runtime.provider.TagRules;
import io.homeostat.runtime.provider.Compensations;
import static io.homeostat.runtime.provider.s3.S3BucketActions.ALGORITHM;
import static io.homeostat.runtime.provider.s3.S3BucketActions.BLOCK_PUBLIC_ACLS;
import static io.homeostat.runtime.provider.s3.S3BucketActions.BLOCK_PUBLIC_POLICY;
import static io.homeostat.runtime.provider.s3.S3BucketActions.BUCKET_NAME;
import static io.homeostat.runtime.provider.s3.S3BucketActions.IGNORE_PUBLIC_ACLS;
import static io.homeostat.runtime.provider.s3.S3BucketActions.KMS_KEY_ID;
import static io.homeostat.runtime.provider.s3.S3BucketActions.REGION;
import static io.homeostat.runtime.provider.s3.S3BucketActions.RESTRICT_PUBLIC_BUCKETS;
import static io.homeostat.runtime.provider.s3.S3BucketActions.STATUS;
import static io.homeostat.runtime.provider.s3.S3BucketActions.TAG;

import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.PlannedAction;
import io.homeostat.runtime.config.HomeostatConfig;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.provider.CloudCallException;
import io.homeostat.runtime.provider.AbstractResourceProvider;
import io.homeostat.runtime.provider.CloudClients;
import io.homeostat.runtime.provider.CloudTrailMapping;
import io.homeostat.runtime.provider.InvalidActionException;
import io.homeostat.runtime.provider.Observation;
import io.homeostat.runtime.provider.ResourceProvider;
import io.homeostat.runtime.provider.TypeInfo;
import io.homeostat.runtime.provider.TypedAction;
import io.homeostat.runtime.provider.Values;
import io.homeostat.runtime.provider.s3.S3BucketActions.CreateBucket;
import io.homeostat.runtime.provider.s3.S3BucketActions.PutBucketEncryption;
import io.homeostat.runtime.provider.s3.S3BucketActions.PutBucketTagging;
import io.homeostat.runtime.provider.s3.S3BucketActions.PutBucketVersioning;
import io.homeostat.runtime.provider.s3.S3BucketActions.PutPublicAccessBlock;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketVersioningStatus;
import software.amazon.awssdk.services.s3.model.PublicAccessBlockConfiguration;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionByDefault;
import software.amazon.awssdk.services.s3.model.ServerSideEncryptionRule;
import software.amazon.awssdk.services.s3.model.Tag;

/**
 * {@code aws.s3.bucket}: versioning, default encryption, the bucket's public access block, and tags.
 *
 * <pre>
 * audit-logs:
 *   type: aws.s3.bucket
 *   name: acme-audit-logs
 *   properties:
 *     Versioning: Enabled
 *     Encryption: {Algorithm: aws:kms, KmsKeyId: alias/audit}
 *     PublicAccessBlock: {BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true}
 *   tags: {team: security}
 * </pre>
 *
 * Only declared properties are compared; a declared {@code PublicAccessBlock} is compared whole (a flag left out means
 * {@code false}, as in the S3 API). Tags are authoritative ({@code aws:} tags excepted) and restored by replacing the
 * whole tag set, which is how S3 tagging works.
 */
@Singleton
public final class S3BucketProvider extends AbstractResourceProvider {

    public static final String VERSIONING = "Versioning";
    public static final String ENCRYPTION = "Encryption";
    public static final String PUBLIC_ACCESS_BLOCK = "PublicAccessBlock";
    /** Properties a phase may declare. */
    public static final Set<String> PROPERTIES = Set.of(VERSIONING, ENCRYPTION, PUBLIC_ACCESS_BLOCK);

    public static final String ENC_ALGORITHM = "Algorithm";
    public static final String ENC_KMS_KEY_ID = "KmsKeyId";
    public static final Set<String> ALGORITHMS = Set.of("AES256", "aws:kms");
    public static final Set<String> VERSIONING_STATUSES = Set.of("Enabled", "Suspended");
    /** The four public-access-block flags, in the API's order, with their action parameter keys. */
    public static final Map<String, String> PAB_FLAGS = orderedFlags();

    private static final Pattern REGION_PATTERN = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");
    private static final Pattern BUCKET_PATTERN = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
    private static final Pattern IP_ADDRESS = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
    private static final List<String> RESERVED_PREFIXES = List.of("xn--", "sthree-", "amzn-s3-demo-");
    private static final List<String> RESERVED_SUFFIXES = List.of("-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3");
    /** A key id, a multi-region key id, an alias, or the ARN of a key or alias. */
    private static final Pattern KMS_KEY = Pattern.compile(
            "[A-Za-z0-9-]{1,128}|alias/[A-Za-z0-9/_-]{1,250}|arn:aws[a-z-]*:kms:[a-z0-9-]+:\\d{12}:(key/[A-Za-z0-9-]{1,128}|alias/[A-Za-z0-9/_-]{1,250})");
    private static final int MAX_TAGS = 50;

    private static final TypeInfo INFO = new TypeInfo(S3BucketActions.TYPE, "s3",
            List.of("s3:ListAllMyBuckets", "s3:GetBucketLocation", "s3:GetBucketVersioning", "s3:GetBucketTagging", "s3:GetEncryptionConfiguration",
                    "s3:GetBucketPublicAccessBlock", "s3:CreateBucket", "s3:PutBucketPublicAccessBlock",
                    "s3:PutEncryptionConfiguration", "s3:PutBucketVersioning", "s3:PutBucketTagging"),
            List.of(S3BucketActions.CREATE_BUCKET, S3BucketActions.PUT_PUBLIC_ACCESS_BLOCK, S3BucketActions.PUT_BUCKET_ENCRYPTION,
                    S3BucketActions.PUT_BUCKET_VERSIONING, S3BucketActions.PUT_BUCKET_TAGGING));

    /** Bucket write calls that change what observe compares; the name is {@code requestParameters.bucketName}. */
    public static final CloudTrailMapping CLOUDTRAIL = new CloudTrailMapping("s3.amazonaws.com",
            Set.of("CreateBucket", "DeleteBucket", "PutBucketVersioning", "PutBucketTagging", "DeleteBucketTagging",
                    "PutBucketEncryption", "DeleteBucketEncryption", "PutBucketPublicAccessBlock", "DeleteBucketPublicAccessBlock"),
            (eventName, params) -> CloudTrailMapping.text(params, "bucketName", "BucketName"));


    public S3BucketProvider(CloudClients clients, String defaultRegion) {
        super(clients, defaultRegion, INFO, CLOUDTRAIL);
    }

    @Inject
    public S3BucketProvider(CloudClients clients, HomeostatConfig config) {
        this(clients, config.cloud().region());
    }

    /** What desired declares, validated. {@code null} fields are not declared. */
    private record Spec(String versioning, Encryption encryption, Map<String, Boolean> publicAccessBlock) {}

    private record Encryption(String algorithm, String kmsKeyId) {}

    /**
     * Checks what desired declares without any cloud call: the bucket name, the region, property names and values,
     * and tags. Throws an {@link IllegalArgumentException} naming the problem. (Overrides
     * {@code ResourceProvider.validate} where the contract has it; observe and planRestore check the same.)
     */
    public void validate(DesiredResource desired) {
        spec(desired);
    }

    @Override
    public java.util.Optional<io.homeostat.runtime.provider.ResourceDiscovery> discovery() {
        return java.util.Optional.of(new S3BucketDiscovery(this, clients));
    }

    @Override
    public Observation observe(DesiredResource desired) {
        Spec spec = spec(desired);
        String region = region(desired.region());
        String name = desired.name();
        S3Client s3 = clients.s3(region);
        try {
            String location = bucketRegion(s3.getBucketLocation(b -> b.bucket(name)).locationConstraintAsString());
            if (!location.equals(region)) {
                throw new CloudCallException("observe " + S3BucketActions.TYPE + " " + name + " failed: the bucket is in "
                        + location + " but desired declares region " + region + "; a bucket cannot move between regions", false, null);
            }
            String versioning = s3.getBucketVersioning(b -> b.bucket(name)).statusAsString();
            Map<String, String> tags = readTags(s3, name);
            Encryption encryption = readEncryption(s3, name);
            Map<String, Boolean> pab = readPublicAccessBlock(s3, name);

            Map<String, String> actual = new TreeMap<>();
            actual.put("region", location);
            if (versioning != null && !versioning.isEmpty()) {
                actual.put("properties." + VERSIONING, versioning);
            }
            if (encryption.algorithm() != null) {
                actual.put("properties." + ENCRYPTION + "." + ENC_ALGORITHM, encryption.algorithm());
            }
            if (encryption.kmsKeyId() != null) {
                actual.put("properties." + ENCRYPTION + "." + ENC_KMS_KEY_ID, encryption.kmsKeyId());
            }
            pab.forEach((flag, on) -> actual.put("properties." + PUBLIC_ACCESS_BLOCK + "." + flag, on.toString()));
            tags.forEach((k, v) -> actual.put("tags." + k, v));

            List<FieldDiff> diff = new ArrayList<>();
            if (spec.publicAccessBlock() != null) {
                spec.publicAccessBlock().forEach((flag, want) -> compare(diff, "properties." + PUBLIC_ACCESS_BLOCK + "." + flag,
                        want.toString(), pab.get(flag).toString()));
            }
            if (spec.encryption() != null) {
                compare(diff, "properties." + ENCRYPTION + "." + ENC_ALGORITHM, spec.encryption().algorithm(), encryption.algorithm());
                compare(diff, "properties." + ENCRYPTION + "." + ENC_KMS_KEY_ID, spec.encryption().kmsKeyId(), encryption.kmsKeyId());
            }
            if (spec.versioning() != null) {
                compare(diff, "properties." + VERSIONING, spec.versioning(), versioning == null || versioning.isEmpty() ? null : versioning);
            }
            TagDiff.append(diff, desired.tags(), tags);
            return new Observation(true, diff, actual);
        } catch (RuntimeException e) {
            if (hasCode(e, "NoSuchBucket")) {
                return Observation.missing();
            }
            throw CloudCallException.wrap("observe " + S3BucketActions.TYPE + " " + name, e);
        }
    }

    @Override
    public List<PlannedAction> planRestore(DesiredResource desired, Observation observed) {
        if (observed.upToDate()) {
            return List.of();
        }
        Spec spec = spec(desired);
        String region = region(desired.region());
        boolean create = !observed.exists();
        Set<String> differs = new TreeSet<>();
        for (FieldDiff d : observed.diff()) {
            String path = d.path();
            if (path.startsWith("properties.")) {
                String rest = path.substring("properties.".length());
                int dot = rest.indexOf('.');
                differs.add(dot < 0 ? rest : rest.substring(0, dot));
            } else if (path.startsWith("tags.")) {
                differs.add("tags");
            }
        }
        List<PlannedAction> actions = new ArrayList<>();
        if (create) {
            actions.add(new PlannedAction(1, S3BucketActions.CREATE_BUCKET, base(desired.name(), region),
                    "re-create bucket " + desired.name() + " in " + region));
        }
        if (spec.publicAccessBlock() != null && (create || differs.contains(PUBLIC_ACCESS_BLOCK))) {
            Map<String, String> p = base(desired.name(), region);
            PAB_FLAGS.forEach((flag, key) -> p.put(key, spec.publicAccessBlock().get(flag).toString()));
            actions.add(new PlannedAction(actions.size() + 1, S3BucketActions.PUT_PUBLIC_ACCESS_BLOCK, p,
                    "restore the public access block " + spec.publicAccessBlock()));
        }
        if (spec.encryption() != null && (create || differs.contains(ENCRYPTION))) {
            Map<String, String> p = base(desired.name(), region);
            p.put(ALGORITHM, spec.encryption().algorithm());
            if (spec.encryption().kmsKeyId() != null) {
                p.put(KMS_KEY_ID, spec.encryption().kmsKeyId());
            }
            actions.add(new PlannedAction(actions.size() + 1, S3BucketActions.PUT_BUCKET_ENCRYPTION, p,
                    "restore default encryption " + spec.encryption().algorithm()
                            + (spec.encryption().kmsKeyId() == null ? "" : " with key " + spec.encryption().kmsKeyId())));
        }
        if (spec.versioning() != null && (create || differs.contains(VERSIONING))) {
            Map<String, String> p = base(desired.name(), region);
            p.put(STATUS, spec.versioning());
            actions.add(new PlannedAction(actions.size() + 1, S3BucketActions.PUT_BUCKET_VERSIONING, p,
                    "restore versioning " + spec.versioning()));
        }
        if (create ? !desired.tags().isEmpty() : differs.contains("tags")) {
            Map<String, String> p = base(desired.name(), region);
            new TreeMap<>(desired.tags()).forEach((k, v) -> p.put(TAG + k, v));
            actions.add(new PlannedAction(actions.size() + 1, S3BucketActions.PUT_BUCKET_TAGGING, p,
                    desired.tags().isEmpty() ? "remove every tag (none declared)" : "restore the tag set " + new TreeSet<>(desired.tags().keySet())));
        }
        return actions;
    }

    /**
     * Tagging is put back to the whole tag set observed before (S3 replaces all tags at once); a bucket that had none is
     * left alone. Access blocks, encryption and versioning are not undone: weakening them again is never the safe way
     * back. A re-created bucket is never deleted.
     */
    @Override
    public PlannedAction compensation(DesiredResource desired, Observation observed, PlannedAction action) {
        if (!action.action().equals(S3BucketActions.PUT_BUCKET_TAGGING)) {
            return null;
        }
        Map<String, String> p = new java.util.LinkedHashMap<>();
        action.parameters().forEach((k, v) -> {
            if (!k.startsWith(TAG)) {
                p.put(k, v);
            }
        });
        observed.actual().forEach((k, v) -> {
            if (k.startsWith("tags.")) {
                p.put(TAG + k.substring("tags.".length()), v);
            }
        });
        return p.size() == action.parameters().keySet().stream().filter(k -> !k.startsWith(TAG)).count() ? null
                : Compensations.undo(action, S3BucketActions.PUT_BUCKET_TAGGING, p, "put back the tag set observed before the repair");
    }

    @Override
    public TypedAction bind(PlannedAction action) {
        Map<String, String> p = action.parameters();
        String bucket = p.get(BUCKET_NAME);
        String problem = bucketNameProblem(bucket);
        if (problem != null) {
            throw new InvalidActionException(action.action() + ": invalid or missing bucketName '" + bucket + "': " + problem);
        }
        String region = p.getOrDefault(REGION, defaultRegion);
        if (region == null || !REGION_PATTERN.matcher(region).matches()) {
            throw new InvalidActionException(action.action() + ": invalid region '" + region + "'");
        }
        Set<String> allowed = new TreeSet<>(Set.of(BUCKET_NAME, REGION));
        TypedAction bound;
        switch (action.action()) {
            case S3BucketActions.CREATE_BUCKET -> {
                only(action, allowed, false);
                bound = new CreateBucket(region, bucket);
            }
            case S3BucketActions.PUT_PUBLIC_ACCESS_BLOCK -> {
                allowed.addAll(PAB_FLAGS.values());
                only(action, allowed, false);
                Map<String, Boolean> flags = new LinkedHashMap<>();
                for (String key : PAB_FLAGS.values()) {
                    String v = p.get(key);
                    if (!"true".equals(v) && !"false".equals(v)) {
                        throw new InvalidActionException(action.action() + ": parameter " + key + " must be true or false, was '" + v + "'");
                    }
                    flags.put(key, Boolean.parseBoolean(v));
                }
                bound = new PutPublicAccessBlock(region, bucket, flags.get(BLOCK_PUBLIC_ACLS), flags.get(IGNORE_PUBLIC_ACLS),
                        flags.get(BLOCK_PUBLIC_POLICY), flags.get(RESTRICT_PUBLIC_BUCKETS));
            }
            case S3BucketActions.PUT_BUCKET_ENCRYPTION -> {
                allowed.addAll(Set.of(ALGORITHM, KMS_KEY_ID));
                only(action, allowed, false);
                String algorithm = p.get(ALGORITHM);
                String key = p.get(KMS_KEY_ID);
                String why = encryptionProblem(algorithm, key);
                if (why != null) {
                    throw new InvalidActionException(action.action() + ": " + why);
                }
                bound = new PutBucketEncryption(region, bucket, algorithm, key);
            }
            case S3BucketActions.PUT_BUCKET_VERSIONING -> {
                allowed.add(STATUS);
                only(action, allowed, false);
                String status = p.get(STATUS);
                if (status == null || !VERSIONING_STATUSES.contains(status)) {
                    throw new InvalidActionException(action.action() + ": parameter status must be one of "
                            + new TreeSet<>(VERSIONING_STATUSES) + ", was '" + status + "'");
                }
                bound = new PutBucketVersioning(region, bucket, status);
            }
            case S3BucketActions.PUT_BUCKET_TAGGING -> {
                only(action, allowed, true);
                Map<String, String> tags = new TreeMap<>();
                p.forEach((k, v) -> {
                    if (k.startsWith(TAG)) {
                        String key = k.substring(TAG.length());
                        String why = TagRules.problem(key, v);
                        if (why != null) {
                            throw new InvalidActionException(action.action() + ": parameter '" + k + "' is not allowed: " + why);
                        }
                        tags.put(key, v);
                    }
                });
                if (tags.size() > MAX_TAGS) {
                    throw new InvalidActionException(action.action() + ": " + tags.size() + " tags; a bucket holds at most " + MAX_TAGS);
                }
                bound = new PutBucketTagging(region, bucket, tags);
            }
            default -> throw new InvalidActionException("action '" + action.action() + "' is not in the catalogue of "
                    + S3BucketActions.TYPE + ": " + INFO.actions());
        }
        return bound;
    }

    @Override
    public String apply(TypedAction action) {
        try {
            if (action instanceof CreateBucket c) {
                S3Client s3 = clients.s3(c.region());
                try {
                    s3.createBucket(b -> {
                        b.bucket(c.bucketName());
                        if (!"us-east-1".equals(c.region())) {
                            b.createBucketConfiguration(cfg -> cfg.locationConstraint(c.region()));
                        }
                    });
                    return "bucket " + c.bucketName() + " created in " + c.region();
                } catch (AwsServiceException e) {
                    if (!hasCode(e, "BucketAlreadyOwnedByYou")) {
                        throw e;
                    }
                    String location = bucketRegion(s3.getBucketLocation(b -> b.bucket(c.bucketName())).locationConstraintAsString());
                    if (!location.equals(c.region())) {
                        throw new CloudCallException(action.name() + " failed: bucket " + c.bucketName() + " already exists in "
                                + location + ", not " + c.region(), false, e);
                    }
                    return "bucket " + c.bucketName() + " already present in " + c.region();
                }
            } else if (action instanceof PutPublicAccessBlock b) {
                clients.s3(b.region()).putPublicAccessBlock(r -> r.bucket(b.bucketName()).publicAccessBlockConfiguration(
                        PublicAccessBlockConfiguration.builder().blockPublicAcls(b.blockPublicAcls()).ignorePublicAcls(b.ignorePublicAcls())
                                .blockPublicPolicy(b.blockPublicPolicy()).restrictPublicBuckets(b.restrictPublicBuckets()).build()));
                return "public access block of " + b.bucketName() + " set to BlockPublicAcls=" + b.blockPublicAcls()
                        + " IgnorePublicAcls=" + b.ignorePublicAcls() + " BlockPublicPolicy=" + b.blockPublicPolicy()
                        + " RestrictPublicBuckets=" + b.restrictPublicBuckets();
            } else if (action instanceof PutBucketEncryption e) {
                ServerSideEncryptionByDefault.Builder byDefault = ServerSideEncryptionByDefault.builder().sseAlgorithm(e.algorithm());
                if (e.kmsKeyId() != null) {
                    byDefault.kmsMasterKeyID(e.kmsKeyId());
                }
                clients.s3(e.region()).putBucketEncryption(r -> r.bucket(e.bucketName()).serverSideEncryptionConfiguration(cfg -> cfg
                        .rules(ServerSideEncryptionRule.builder().applyServerSideEncryptionByDefault(byDefault.build()).build())));
                return "default encryption of " + e.bucketName() + " set to " + e.algorithm()
                        + (e.kmsKeyId() == null ? "" : " with key " + e.kmsKeyId());
            } else if (action instanceof PutBucketVersioning v) {
                clients.s3(v.region()).putBucketVersioning(r -> r.bucket(v.bucketName())
                        .versioningConfiguration(cfg -> cfg.status(BucketVersioningStatus.fromValue(v.status()))));
                return "versioning of " + v.bucketName() + " set to " + v.status();
            } else if (action instanceof PutBucketTagging t) {
                S3Client s3 = clients.s3(t.region());
                if (t.tags().isEmpty()) {
                    s3.deleteBucketTagging(r -> r.bucket(t.bucketName()));
                    return "removed every tag from " + t.bucketName();
                }
                List<Tag> tagSet = new TreeMap<>(t.tags()).entrySet().stream()
                        .map(e -> Tag.builder().key(e.getKey()).value(e.getValue()).build()).toList();
                s3.putBucketTagging(r -> r.bucket(t.bucketName()).tagging(tg -> tg.tagSet(tagSet)));
                return "tag set of " + t.bucketName() + " replaced with " + new TreeSet<>(t.tags().keySet());
            }
            throw new InvalidActionException("not an " + S3BucketActions.TYPE + " action: " + action.name());
        } catch (InvalidActionException | CloudCallException e) {
            throw e;
        } catch (RuntimeException e) {
            throw failure(action.name(), e);
        }
    }

    /**
     * An apply failure: a bucket deleted between plan and apply is not retryable (the verifier sees it and a new
     * incident re-creates it); a conflicting operation in progress on the bucket ({@code OperationAborted}, e.g. a
     * CreateBucket right after a DeleteBucket) is, like throttling, 5xx and transport errors.
     */
    static CloudCallException failure(String doing, RuntimeException e) {
        if (hasCode(e, "NoSuchBucket")) {
            return new CloudCallException(doing + " failed: bucket does not exist", false, e);
        }
        if (hasCode(e, "OperationAborted")) {
            return new CloudCallException(doing + " failed: another operation on the bucket is in progress: " + e.getMessage(), true, e);
        }
        return CloudCallException.wrap(doing, e);
    }

    // ---- desired state ----

    /** Validates desired; anything this provider cannot manage is an {@link IllegalArgumentException}. */
    private Spec spec(DesiredResource desired) {
        String where = S3BucketActions.TYPE + " " + desired.name();
        String nameProblem = bucketNameProblem(desired.name());
        if (nameProblem != null) {
            throw new IllegalArgumentException(where + ": invalid bucket name: " + nameProblem);
        }
        String region = region(desired.region());
        if (region == null || !REGION_PATTERN.matcher(region).matches()) {
            throw new IllegalArgumentException(where + ": invalid region '" + region + "'");
        }
        for (String property : new TreeSet<>(desired.properties().keySet())) {
            if (!PROPERTIES.contains(property)) {
                throw new IllegalArgumentException(where + ": unknown property '" + property + "'; allowed: " + new TreeSet<>(PROPERTIES));
            }
        }
        String versioning = null;
        Object v = desired.properties().get(VERSIONING);
        if (v != null) {
            versioning = v.toString().trim();
            if (!VERSIONING_STATUSES.contains(versioning)) {
                throw new IllegalArgumentException(where + ": " + VERSIONING + " must be one of " + new TreeSet<>(VERSIONING_STATUSES)
                        + ", was '" + v + "'");
            }
        }
        Encryption encryption = null;
        Object e = desired.properties().get(ENCRYPTION);
        if (e != null) {
            Map<?, ?> m = map(where, ENCRYPTION, e, Set.of(ENC_ALGORITHM, ENC_KMS_KEY_ID));
            String algorithm = m.get(ENC_ALGORITHM) == null ? null : m.get(ENC_ALGORITHM).toString().trim();
            String key = m.get(ENC_KMS_KEY_ID) == null || m.get(ENC_KMS_KEY_ID).toString().isBlank()
                    ? null : m.get(ENC_KMS_KEY_ID).toString().trim();
            String why = encryptionProblem(algorithm, key);
            if (why != null) {
                throw new IllegalArgumentException(where + ": " + ENCRYPTION + ": " + why);
            }
            encryption = new Encryption(algorithm, key);
        }
        Map<String, Boolean> pab = null;
        Object b = desired.properties().get(PUBLIC_ACCESS_BLOCK);
        if (b != null) {
            Map<?, ?> m = map(where, PUBLIC_ACCESS_BLOCK, b, PAB_FLAGS.keySet());
            pab = new LinkedHashMap<>();
            for (String flag : PAB_FLAGS.keySet()) {
                Object value = m.get(flag);
                String text = value == null ? "false" : Values.normalize(value).toLowerCase();
                if (!text.equals("true") && !text.equals("false")) {
                    throw new IllegalArgumentException(where + ": " + PUBLIC_ACCESS_BLOCK + "." + flag + " must be true or false, was '" + value + "'");
                }
                pab.put(flag, Boolean.parseBoolean(text));
            }
        }
        if (desired.tags().size() > MAX_TAGS) {
            throw new IllegalArgumentException(where + ": " + desired.tags().size() + " tags; a bucket holds at most " + MAX_TAGS);
        }
        desired.tags().forEach((k, val) -> {
            String why = TagRules.problem(k, val);
            if (why != null) {
                throw new IllegalArgumentException(where + ": tag '" + k + "': " + why);
            }
        });
        return new Spec(versioning, encryption, pab);
    }

    private static Map<?, ?> map(String where, String property, Object value, Set<String> keys) {
        if (!(value instanceof Map<?, ?> m)) {
            throw new IllegalArgumentException(where + ": " + property + " must be a map with keys " + new TreeSet<>(keys) + ", was '" + value + "'");
        }
        for (Object k : m.keySet()) {
            if (!keys.contains(String.valueOf(k))) {
                throw new IllegalArgumentException(where + ": unknown key '" + k + "' in " + property + "; allowed: " + new TreeSet<>(keys));
            }
        }
        return m;
    }

    // ---- validation shared by desired and bind ----

    /** Why {@code name} is not a valid general-purpose bucket name, or {@code null} when it is. */
    static String bucketNameProblem(String name) {
        if (name == null) {
            return "missing";
        }
        if (name.length() < 3 || name.length() > 63) {
            return "must be 3 to 63 characters long";
        }
        if (!BUCKET_PATTERN.matcher(name).matches()) {
            return "only lowercase letters, digits, '.' and '-', beginning and ending with a letter or digit";
        }
        if (name.contains("..") || name.contains(".-") || name.contains("-.")) {
            return "must not contain '..', '.-' or '-.'";
        }
        if (IP_ADDRESS.matcher(name).matches()) {
            return "must not be formatted as an IP address";
        }
        for (String prefix : RESERVED_PREFIXES) {
            if (name.startsWith(prefix)) {
                return "must not start with the reserved prefix '" + prefix + "'";
            }
        }
        for (String suffix : RESERVED_SUFFIXES) {
            if (name.endsWith(suffix)) {
                return "must not end with the reserved suffix '" + suffix + "'";
            }
        }
        return null;
    }

    private static String encryptionProblem(String algorithm, String kmsKeyId) {
        if (algorithm == null || !ALGORITHMS.contains(algorithm)) {
            return "algorithm must be one of " + new TreeSet<>(ALGORITHMS) + ", was '" + algorithm + "'";
        }
        if (kmsKeyId != null) {
            if (!algorithm.equals("aws:kms")) {
                return "a KMS key applies only to aws:kms, not " + algorithm;
            }
            if (!KMS_KEY.matcher(kmsKeyId).matches()) {
                return "invalid KMS key '" + kmsKeyId + "' (a key id, alias/<name>, or a key or alias ARN)";
            }
        }
        return null;
    }

    /** Rejects parameters outside {@code allowed} (plus {@code tag.<Key>} when {@code tags}) and oversized values. */
    private static void only(PlannedAction action, Set<String> allowed, boolean tags) {
        for (Map.Entry<String, String> e : action.parameters().entrySet()) {
            String key = e.getKey();
            if (e.getValue() != null && e.getValue().length() > 2048) {
                throw new InvalidActionException(action.action() + ": parameter " + key + " is too long");
            }
            if (!allowed.contains(key) && !(tags && key.startsWith(TAG))) {
                throw new InvalidActionException(action.action() + ": parameter '" + key + "' is not allowed; allowed: "
                        + allowed + (tags ? " and tag.<Key>" : ""));
            }
        }
    }

    // ---- live state ----

    private static Map<String, String> readTags(S3Client s3, String bucket) {
        try {
            Map<String, String> tags = new TreeMap<>();
            s3.getBucketTagging(b -> b.bucket(bucket)).tagSet().forEach(t -> tags.put(t.key(), t.value()));
            return tags;
        } catch (AwsServiceException e) {
            if (hasCode(e, "NoSuchTagSet")) {
                return Map.of();
            }
            throw e;
        }
    }

    private static Encryption readEncryption(S3Client s3, String bucket) {
        try {
            for (ServerSideEncryptionRule rule : s3.getBucketEncryption(b -> b.bucket(bucket)).serverSideEncryptionConfiguration().rules()) {
                ServerSideEncryptionByDefault d = rule.applyServerSideEncryptionByDefault();
                if (d != null) {
                    String key = d.kmsMasterKeyID();
                    return new Encryption(d.sseAlgorithmAsString(), key == null || key.isEmpty() ? null : key);
                }
            }
            return new Encryption(null, null);
        } catch (AwsServiceException e) {
            if (hasCode(e, "ServerSideEncryptionConfigurationNotFoundError")) {
                return new Encryption(null, null);
            }
            throw e;
        }
    }

    /** All four flags; no configuration blocks nothing, so every flag is false. */
    private static Map<String, Boolean> readPublicAccessBlock(S3Client s3, String bucket) {
        Map<String, Boolean> flags = new LinkedHashMap<>();
        PAB_FLAGS.keySet().forEach(f -> flags.put(f, false));
        try {
            PublicAccessBlockConfiguration c = s3.getPublicAccessBlock(b -> b.bucket(bucket)).publicAccessBlockConfiguration();
            flags.put("BlockPublicAcls", Boolean.TRUE.equals(c.blockPublicAcls()));
            flags.put("IgnorePublicAcls", Boolean.TRUE.equals(c.ignorePublicAcls()));
            flags.put("BlockPublicPolicy", Boolean.TRUE.equals(c.blockPublicPolicy()));
            flags.put("RestrictPublicBuckets", Boolean.TRUE.equals(c.restrictPublicBuckets()));
            return flags;
        } catch (AwsServiceException e) {
            if (hasCode(e, "NoSuchPublicAccessBlockConfiguration")) {
                return flags;
            }
            throw e;
        }
    }

    /** GetBucketLocation's answer as a region: none means us-east-1, the legacy {@code EU} means eu-west-1. */
    static String bucketRegion(String locationConstraint) {
        if (locationConstraint == null || locationConstraint.isEmpty() || locationConstraint.equals("null")) {
            return "us-east-1";
        }
        return locationConstraint.equals("EU") ? "eu-west-1" : locationConstraint;
    }

    private static boolean hasCode(RuntimeException e, String code) {
        return e instanceof AwsServiceException s && s.awsErrorDetails() != null && code.equals(s.awsErrorDetails().errorCode());
    }

    private static void compare(List<FieldDiff> diff, String path, String want, String have) {
        if (want == null ? have != null : !want.equals(have)) {
            diff.add(new FieldDiff(path, want, have));
        }
    }

    private static Map<String, String> base(String bucket, String region) {
        Map<String, String> p = new LinkedHashMap<>();
        p.put(BUCKET_NAME, bucket);
        p.put(REGION, region);
        return p;
    }

    private static Map<String, String> orderedFlags() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("BlockPublicAcls", BLOCK_PUBLIC_ACLS);
        m.put("IgnorePublicAcls", IGNORE_PUBLIC_ACLS);
        m.put("BlockPublicPolicy", BLOCK_PUBLIC_POLICY);
        m.put("RestrictPublicBuckets", RESTRICT_PUBLIC_BUCKETS);
        return java.util.Collections.unmodifiableMap(m);
    }

}
