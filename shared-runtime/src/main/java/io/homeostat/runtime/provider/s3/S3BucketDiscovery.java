package io.homeostat.runtime.provider.s3;

import io.homeostat.runtime.provider.CloudCallException;
import io.homeostat.runtime.provider.CloudClients;
import io.homeostat.runtime.provider.Discovered;
import io.homeostat.runtime.provider.ImportValues;
import io.homeostat.runtime.provider.Observation;
import io.homeostat.runtime.provider.PagedNames;
import io.homeostat.runtime.provider.ResourceDiscovery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;

/**
 * Lists buckets with ListBuckets (paged, prefix pushed down); the call is global, so each bucket's location is read
 * to keep only those in the region asked for. Imports versioning, default encryption and the public access block.
 */
final class S3BucketDiscovery implements ResourceDiscovery {

    private final S3BucketProvider provider;
    private final CloudClients clients;

    S3BucketDiscovery(S3BucketProvider provider, CloudClients clients) {
        this.provider = provider;
        this.clients = clients;
    }

    @Override
    public List<String> list(String region, String namePrefix, Runnable beforeCall) {
        S3Client s3 = clients.s3(region);
        return PagedNames.collect("list " + S3BucketActions.TYPE + " in " + region, beforeCall, token -> {
            ListBucketsResponse page = s3.listBuckets(b -> b.continuationToken(token).maxBuckets(1000)
                    .prefix(namePrefix.isEmpty() ? null : namePrefix));
            List<String> inRegion = new ArrayList<>();
            for (Bucket bucket : page.buckets()) {
                if (bucket.name().startsWith(namePrefix)) {
                    beforeCall.run();
                    String location = S3BucketProvider.bucketRegion(
                            s3.getBucketLocation(b -> b.bucket(bucket.name())).locationConstraintAsString());
                    if (location.equals(region)) {
                        inRegion.add(bucket.name());
                    }
                }
            }
            return new PagedNames.Page(inRegion, page.continuationToken());
        });
    }

    @Override
    public Discovered describe(String region, String name) {
        Observation o = provider.observe(ImportValues.bare(S3BucketActions.TYPE, name, region));
        if (!o.exists()) {
            return Discovered.gone(name);
        }
        Map<String, String> live = ImportValues.withPrefix(o.actual(), "properties.", false);
        Map<String, Object> properties = new LinkedHashMap<>();
        if (live.containsKey(S3BucketProvider.VERSIONING)) {
            properties.put(S3BucketProvider.VERSIONING, live.get(S3BucketProvider.VERSIONING));
        }
        Map<String, Object> encryption = new LinkedHashMap<>();
        ImportValues.withPrefix(live, S3BucketProvider.ENCRYPTION + ".", false).forEach(encryption::put);
        if (!encryption.isEmpty()) {
            properties.put(S3BucketProvider.ENCRYPTION, encryption);
        }
        Map<String, Object> block = new LinkedHashMap<>();
        Map<String, String> flags = ImportValues.withPrefix(live, S3BucketProvider.PUBLIC_ACCESS_BLOCK + ".", false);
        S3BucketProvider.PAB_FLAGS.keySet().forEach(flag -> {
            if (flags.containsKey(flag)) {
                block.put(flag, Boolean.parseBoolean(flags.get(flag)));
            }
        });
        if (!block.isEmpty()) {
            properties.put(S3BucketProvider.PUBLIC_ACCESS_BLOCK, block);
        }
        return Discovered.of(name, properties, ImportValues.tags(o.actual()));
    }
}
