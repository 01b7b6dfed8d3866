package io.homeostat.runtime.provider.s3;

import io.homeostat.runtime.provider.TypedAction;
import java.util.Map;

/** The fixed catalogue of actions the S3 bucket provider can run. Nothing else can be executed against a bucket. */
public final class S3BucketActions {

    public static final String TYPE = "aws.s3.bucket";
    public static final String CREATE_BUCKET = TYPE + "/CreateBucket";
    public static final String PUT_PUBLIC_ACCESS_BLOCK = TYPE + "/PutPublicAccessBlock";
    public static final String PUT_BUCKET_ENCRYPTION = TYPE + "/PutBucketEncryption";
    public static final String PUT_BUCKET_VERSIONING = TYPE + "/PutBucketVersioning";
    public static final String PUT_BUCKET_TAGGING = TYPE + "/PutBucketTagging";

    /** Parameter keys. */
    public static final String BUCKET_NAME = "bucketName";
    public static final String REGION = "region";
    /** PutBucketVersioning: {@code Enabled} or {@code Suspended}. */
    public static final String STATUS = "status";
    /** PutBucketEncryption: {@code AES256} or {@code aws:kms}, and for {@code aws:kms} optionally a key. */
    public static final String ALGORITHM = "algorithm";
    public static final String KMS_KEY_ID = "kmsKeyId";
    /** PutPublicAccessBlock: all four flags, {@code true} or {@code false}. */
    public static final String BLOCK_PUBLIC_ACLS = "blockPublicAcls";
    public static final String IGNORE_PUBLIC_ACLS = "ignorePublicAcls";
    public static final String BLOCK_PUBLIC_POLICY = "blockPublicPolicy";
    public static final String RESTRICT_PUBLIC_BUCKETS = "restrictPublicBuckets";
    /** PutBucketTagging: {@code tag.<Key>} = value, the whole tag set (none = remove every tag). */
    public static final String TAG = "tag.";

    private S3BucketActions() {}

    /** Creates the bucket in {@code region} (no LocationConstraint for us-east-1). Owning it already is success. */
    public record CreateBucket(String region, String bucketName) implements TypedAction {
        public String name() {
            return CREATE_BUCKET;
        }
    }

    public record PutPublicAccessBlock(String region, String bucketName, boolean blockPublicAcls, boolean ignorePublicAcls,
            boolean blockPublicPolicy, boolean restrictPublicBuckets) implements TypedAction {
        public String name() {
            return PUT_PUBLIC_ACCESS_BLOCK;
        }
    }

    /** @param kmsKeyId {@code null} for AES256, or for aws:kms with the AWS-managed key */
    public record PutBucketEncryption(String region, String bucketName, String algorithm, String kmsKeyId) implements TypedAction {
        public String name() {
            return PUT_BUCKET_ENCRYPTION;
        }
    }

    public record PutBucketVersioning(String region, String bucketName, String status) implements TypedAction {
        public String name() {
            return PUT_BUCKET_VERSIONING;
        }
    }

    /** Replaces the bucket's whole tag set with {@code tags}; an empty map removes every tag (DeleteBucketTagging). */
    public record PutBucketTagging(String region, String bucketName, Map<String, String> tags) implements TypedAction {
        public PutBucketTagging {
            tags = Map.copyOf(tags);
        }

        public String name() {
            return PUT_BUCKET_TAGGING;
        }
    }
}
