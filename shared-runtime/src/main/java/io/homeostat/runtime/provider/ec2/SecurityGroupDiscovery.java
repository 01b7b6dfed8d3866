package io.homeostat.runtime.provider.ec2;

import io.homeostat.runtime.provider.CloudCallException;
import io.homeostat.runtime.provider.CloudClients;
import io.homeostat.runtime.provider.Discovered;
import io.homeostat.runtime.provider.PagedNames;
import io.homeostat.runtime.provider.ResourceDiscovery;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.DescribeSecurityGroupsResponse;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;

/**
 * Lists security groups with DescribeSecurityGroups (paged) and imports description, VPC, rules and tags. A name
 * shared by groups in several VPCs is skipped: a phase names a group by name and VPC, and one import file cannot
 * tell them apart by logical id safely enough to guess.
 */
final class SecurityGroupDiscovery implements ResourceDiscovery {

    private final CloudClients clients;

    SecurityGroupDiscovery(CloudClients clients) {
        this.clients = clients;
    }

    @Override
    public List<String> list(String region, String namePrefix, Runnable beforeCall) {
        Ec2Client ec2 = clients.ec2(region);
        // A name can repeat across VPCs; it is listed once and describe decides.
        return new ArrayList<>(new TreeSet<>(PagedNames.collect("list " + SecurityGroupActions.TYPE + " in " + region, beforeCall, token -> {
            DescribeSecurityGroupsResponse page = ec2.describeSecurityGroups(b -> b.maxResults(1000).nextToken(token));
            return new PagedNames.Page(page.securityGroups().stream().map(SecurityGroup::groupName)
                    .filter(n -> n.startsWith(namePrefix)).toList(), page.nextToken());
        })));
    }

    @Override
    public Discovered describe(String region, String name) {
        List<SecurityGroup> groups;
        try {
            groups = clients.ec2(region).describeSecurityGroups(b -> b.filters(Filter.builder().name("group-name").values(name).build()))
                    .securityGroups().stream().filter(g -> name.equals(g.groupName())).toList();
        } catch (RuntimeException e) {
            throw CloudCallException.wrap("describe " + SecurityGroupActions.TYPE + " " + name, e);
        }
        if (groups.isEmpty()) {
            return Discovered.gone(name);
        }
        if (groups.size() > 1) {
            return Discovered.skipped(name, "the name is used in " + groups.size() + " VPCs; declare each by hand with its VpcId");
        }
        SecurityGroup g = groups.get(0);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("Description", g.description());
        if (g.vpcId() != null) {
            properties.put("VpcId", g.vpcId());
        }
        properties.put("ingress", rules(g.ipPermissions()));
        properties.put("egress", rules(g.ipPermissionsEgress()));
        Map<String, String> tags = new TreeMap<>();
        g.tags().stream().filter(t -> !t.key().startsWith("aws:")).forEach(t -> tags.put(t.key(), t.value()));
        return Discovered.of(name, properties, tags);
    }

    /** Rules as a phase writes them, sorted by their canonical key so the file is stable between imports. */
    private static List<Map<String, Object>> rules(List<IpPermission> permissions) {
        List<SecurityGroupRule> rules = new ArrayList<>();
        permissions.forEach(p -> rules.addAll(SecurityGroupRule.fromPermission(p)));
        rules.sort(Comparator.comparing(SecurityGroupRule::key));
        return rules.stream().map(SecurityGroupDiscovery::declared).toList();
    }

    static Map<String, Object> declared(SecurityGroupRule r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("protocol", r.protocol());
        if (r.fromPort() != -1 || r.toPort() != -1) {
            if (r.fromPort() == r.toPort()) {
                m.put("port", r.fromPort());
            } else {
                m.put("fromPort", r.fromPort());
                m.put("toPort", r.toPort());
            }
        }
        String source = r.source();
        String kind = source.startsWith("sg-") ? "group" : source.startsWith("pl-") ? "prefixList" : source.contains(":") ? "cidr6" : "cidr";
        m.put(kind, source);
        if (r.description() != null && !r.description().isEmpty()) {
            m.put("description", r.description());
        }
        return m;
    }
}
