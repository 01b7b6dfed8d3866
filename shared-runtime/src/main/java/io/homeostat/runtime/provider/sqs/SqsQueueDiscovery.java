package io.homeostat.runtime.provider.sqs;

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
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.ListQueuesResponse;

/** Lists queues with ListQueues (1000 a page, prefix pushed down) and imports every declarable attribute. */
final class SqsQueueDiscovery implements ResourceDiscovery {

    private final SqsQueueProvider provider;
    private final CloudClients clients;

    SqsQueueDiscovery(SqsQueueProvider provider, CloudClients clients) {
        this.provider = provider;
        this.clients = clients;
    }

    @Override
    public List<String> list(String region, String namePrefix, Runnable beforeCall) {
        SqsClient sqs = clients.sqs(region);
        return PagedNames.collect("list " + SqsQueueActions.TYPE + " in " + region, beforeCall, token -> {
            ListQueuesResponse page = sqs.listQueues(b -> b.maxResults(1000).nextToken(token)
                    .queueNamePrefix(namePrefix.isEmpty() ? null : namePrefix));
            return new PagedNames.Page(page.queueUrls().stream().map(url -> url.substring(url.lastIndexOf('/') + 1)).toList(),
                    page.nextToken());
        });
    }

    @Override
    public Discovered describe(String region, String name) {
        Observation o = provider.observe(ImportValues.bare(SqsQueueActions.TYPE, name, region));
        if (!o.exists()) {
            return Discovered.gone(name);
        }
        Map<String, Object> properties = new LinkedHashMap<>();
        new TreeMap<>(ImportValues.withPrefix(o.actual(), "attributes.", false)).forEach((attribute, value) -> {
            if (SqsQueueProvider.ATTRIBUTES.contains(attribute) && value != null && !value.isEmpty()) {
                properties.put(attribute, value.startsWith("{") ? ImportValues.json(value) : ImportValues.scalar(value));
            }
        });
        return Discovered.of(name, properties, ImportValues.tags(o.actual()));
    }
}
