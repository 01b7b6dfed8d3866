package io.homeostat.runtime.provider.ssm;

import io.homeostat.runtime.provider.CloudCallException;
import io.homeostat.runtime.provider.CloudClients;
import io.homeostat.runtime.provider.Discovered;
import io.homeostat.runtime.provider.PagedNames;
import io.homeostat.runtime.provider.ResourceDiscovery;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.DescribeParametersResponse;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;
import software.amazon.awssdk.services.ssm.model.ParameterNotFoundException;
import software.amazon.awssdk.services.ssm.model.ParameterStringFilter;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;

/**
 * Lists parameters with DescribeParameters (50 a page, prefix pushed down as a {@code BeginsWith} filter) and imports
 * type, value, description, data type and tags. A SecureString is skipped: its value would land in git in clear text.
 */
final class SsmParameterDiscovery implements ResourceDiscovery {

    private final CloudClients clients;

    SsmParameterDiscovery(CloudClients clients) {
        this.clients = clients;
    }

    @Override
    public List<String> list(String region, String namePrefix, Runnable beforeCall) {
        SsmClient ssm = clients.ssm(region);
        return PagedNames.collect("list " + SsmParameterActions.TYPE + " in " + region, beforeCall, token -> {
            DescribeParametersResponse page = ssm.describeParameters(b -> {
                b.maxResults(50).nextToken(token);
                if (!namePrefix.isEmpty()) {
                    b.parameterFilters(ParameterStringFilter.builder().key("Name").option("BeginsWith").values(namePrefix).build());
                }
            });
            return new PagedNames.Page(page.parameters().stream().map(ParameterMetadata::name).filter(n -> n.startsWith(namePrefix)).toList(),
                    page.nextToken());
        });
    }

    @Override
    public Discovered describe(String region, String name) {
        SsmClient ssm = clients.ssm(region);
        try {
            ParameterMetadata meta = ssm.describeParameters(b -> b.parameterFilters(
                            ParameterStringFilter.builder().key("Name").option("Equals").values(name).build()))
                    .parameters().stream().filter(m -> name.equals(m.name())).findFirst().orElse(null);
            if (meta == null) {
                return Discovered.gone(name);
            }
            if ("SecureString".equals(meta.typeAsString())) {
                return Discovered.skipped(name, "SecureString: its value is never written to git; declare it by hand");
            }
            Parameter p = ssm.getParameter(b -> b.name(name).withDecryption(false)).parameter();
            Map<String, Object> properties = new LinkedHashMap<>();
            properties.put("Type", p.typeAsString());
            properties.put("Value", p.value());
            if (meta.description() != null && !meta.description().isEmpty()) {
                properties.put("Description", meta.description());
            }
            properties.put("DataType", p.dataType() == null ? "text" : p.dataType());
            Map<String, String> tags = new TreeMap<>();
            ssm.listTagsForResource(b -> b.resourceType(ResourceTypeForTagging.PARAMETER).resourceId(name)).tagList().stream()
                    .filter(t -> !t.key().startsWith("aws:")).forEach(t -> tags.put(t.key(), t.value()));
            return Discovered.of(name, properties, tags);
        } catch (ParameterNotFoundException gone) {
            return Discovered.gone(name);
        } catch (RuntimeException e) {
            throw CloudCallException.wrap("describe " + SsmParameterActions.TYPE + " " + name, e);
        }
    }
}
