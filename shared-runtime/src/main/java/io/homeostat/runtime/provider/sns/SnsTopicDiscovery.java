package io.homeostat.runtime.provider.sns;

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
import java.util.TreeMap;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.ListTopicsResponse;

/** Lists topics with ListTopics (100 a page; SNS has no prefix filter) and imports the declarable attributes. */
final class SnsTopicDiscovery implements ResourceDiscovery {

    private final SnsTopicProvider provider;
    private final CloudClients clients;

    SnsTopicDiscovery(SnsTopicProvider provider, CloudClients clients) {
        this.provider = provider;
        this.clients = clients;
    }

    @Override
    public List<String> list(String region, String namePrefix, Runnable beforeCall) {
        SnsClient sns = clients.sns(region);
        return PagedNames.collect("list " + SnsTopicActions.TYPE + " in " + region, beforeCall, token -> {
            ListTopicsResponse page = sns.listTopics(b -> b.nextToken(token));
            return new PagedNames.Page(page.topics().stream().flatMap(t -> SnsTopicProvider.topicName(t.topicArn()).stream())
                    .filter(n -> n.startsWith(namePrefix)).toList(), page.nextToken());
        });
    }

    @Override
    public Discovered describe(String region, String name) {
        Observation o = provider.observe(ImportValues.bare(SnsTopicActions.TYPE, name, region));
        if (!o.exists()) {
            return Discovered.gone(name);
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        new TreeMap<>(ImportValues.withPrefix(o.actual(), "attributes.", false)).forEach((attribute, value) -> {
            if (SnsTopicProvider.PROPERTIES.contains(attribute) && value != null && !value.isEmpty()) {
                // SignatureVersion is "1" or "2" as text in the schema; JSON policies read better as maps.
                properties.put(attribute, value.startsWith("{") ? ImportValues.json(value) : value);
            }
        });
        return Discovered.of(name, properties, ImportValues.tags(o.actual()));
    }
}
