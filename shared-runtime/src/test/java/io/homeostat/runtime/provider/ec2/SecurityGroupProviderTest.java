package io.homeostat.runtime.provider.ec2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.homeostat.model.events.FieldDiff;
import io.homeostat.model.events.PlannedAction;
import io.homeostat.runtime.desired.DesiredResource;
import io.homeostat.runtime.desired.DriftMode;
import io.homeostat.runtime.provider.CloudClients;
import io.homeostat.runtime.provider.InvalidActionException;
import io.homeostat.runtime.provider.Observation;
import io.homeostat.runtime.provider.TypedAction;
import io.homeostat.runtime.testing.LocalAws;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.Filter;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.SecurityGroup;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

/** observe → planRestore → bind → apply against moto's EC2, with drift made out-of-band as a person would. */
class SecurityGroupProviderTest {

    private static final String REGION = "us-east-1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private static CloudClients clients;
    private static SecurityGroupProvider provider;
    private static Ec2Client outsider;
    private static String prefix;
    private static String defaultVpc;

    @BeforeAll
    static void stack() {
        LocalAws aws = LocalAws.get();
        clients = new CloudClients(Optional.of(aws.endpoints().cloud()), Optional.of("k"), Optional.of("s"));
        provider = new SecurityGroupProvider(clients, REGION);
        outsider = Ec2Client.builder().endpointOverride(URI.create(aws.endpoints().cloud())).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("test", "test")))
                .httpClient(UrlConnectionHttpClient.create()).build();
        prefix = LocalAws.prefix("secgrp");
        defaultVpc = outsider.describeVpcs(b -> b.filters(Filter.builder().name("is-default").values("true").build())).vpcs().get(0).vpcId();
    }

    @AfterAll
    static void close() {
        clients.close();
        outsider.close();
    }

    private static Map<String, Object> rule(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }

    private static DesiredResource desired(String name, Map<String, Object> properties, Map<String, String> tags) {
        return new DesiredResource(name + "-sg", "network", SecurityGroupActions.TYPE, name, "123456789012", REGION,
                properties, tags, DriftMode.AUTO_HEAL);
    }

    /** A web group: YAML-ish values (numbers, strings, upper-case IPv6) that must compare by meaning. */
    private static DesiredResource web(String name, boolean withEgress) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("Description", "web tier");
        p.put("ingress", List.of(
                rule("protocol", "tcp", "port", 443, "cidr", "0.0.0.0/0", "description", "https"),
                rule("protocol", "tcp", "fromPort", "8080", "toPort", 8081.0, "cidr6", "2001:DB8::/32"),
                rule("protocol", "icmp", "cidr", "10.0.0.0/8")));
        if (withEgress) {
            p.put("egress", List.of(rule("protocol", "tcp", "port", 443, "cidr", "0.0.0.0/0")));
        }
        return desired(name, p, Map.of("team", "web", "env", "test"));
    }

    private static void applyAll(List<PlannedAction> plan) {
        for (PlannedAction a : plan) {
            TypedAction bound = provider.bind(a);
            assertEquals(a.action(), bound.name());
            provider.apply(bound);
        }
    }

    private static void create(DesiredResource want) {
        applyAll(provider.planRestore(want, provider.observe(want)));
        assertTrue(provider.observe(want).upToDate());
    }

    private static SecurityGroup live(String name, String vpcId) {
        return outsider.describeSecurityGroups(b -> b.filters(Filter.builder().name("group-name").values(name).build(),
                Filter.builder().name("vpc-id").values(vpcId).build())).securityGroups().get(0);
    }

    private static Map<String, String> paths(Observation o) {
        Map<String, String> byPath = new TreeMap<>();
        o.diff().forEach(d -> byPath.put(d.path(), d.desired() + " -> " + d.actual()));
        return byPath;
    }

    private static List<String> names(List<PlannedAction> plan) {
        return plan.stream().map(PlannedAction::action).toList();
    }

    private static IpPermission tcp(int port, String cidr, String description) {
        return IpPermission.builder().ipProtocol("tcp").fromPort(port).toPort(port)
                .ipRanges(IpRange.builder().cidrIp(cidr).description(description).build()).build();
    }

    // ------------------------------------------------------------------ lifecycle

    @Test
    void aMissingGroupIsCreatedWithRulesEgressAndTags() {
        DesiredResource want = web(prefix + "web", true);

        Observation missing = provider.observe(want);
        assertFalse(missing.exists());
        assertEquals(List.of(new FieldDiff(FieldDiff.EXISTS, "true", "false")), missing.diff());

        List<PlannedAction> plan = provider.planRestore(want, missing);
        assertEquals(List.of(SecurityGroupActions.CREATE_SECURITY_GROUP, SecurityGroupActions.REVOKE_EGRESS,
                SecurityGroupActions.AUTHORIZE_INGRESS, SecurityGroupActions.AUTHORIZE_EGRESS), names(plan));
        assertEquals(List.of(1, 2, 3, 4), plan.stream().map(PlannedAction::step).toList());
        SecurityGroupActions.CreateSecurityGroup create = assertInstanceOf(SecurityGroupActions.CreateSecurityGroup.class, provider.bind(plan.get(0)));
        assertEquals(new SecurityGroupActions.CreateSecurityGroup(REGION, want.name(), null, "web tier", Map.of("team", "web", "env", "test")), create);
        assertEquals("all:-1:-1:0.0.0.0/0", plan.get(1).parameters().get("rule.1"), "AWS's default egress goes: egress is declared");
        // Rules sorted by their path key, normalised: "8080"/8081.0 → ports, upper-case IPv6 → RFC 5952.
        assertEquals(Map.of("groupName", want.name(), "region", REGION, "rule.1", "icmp:-1:-1:10.0.0.0/8",
                "rule.2", "tcp:443:443:0.0.0.0/0", "ruleDescription.2", "https", "rule.3", "tcp:8080:8081:2001:db8::/32"),
                plan.get(2).parameters());
        assertEquals("tcp:443:443:0.0.0.0/0", plan.get(3).parameters().get("rule.1"));

        applyAll(plan);

        Observation after = provider.observe(want);
        assertTrue(after.exists());
        assertTrue(after.upToDate(), () -> "diff: " + after.diff());
        assertEquals(List.of(), provider.planRestore(want, after));
        assertEquals("present", after.actual().get("ingress[tcp:443-443:0.0.0.0/0]"));
        assertEquals("https", after.actual().get("ingress[tcp:443-443:0.0.0.0/0].description"));
        assertEquals("present", after.actual().get("ingress[tcp:8080-8081:2001:db8::/32]"));
        assertEquals("present", after.actual().get("egress[tcp:443-443:0.0.0.0/0]"));
        assertNull(after.actual().get("egress[all:-1--1:0.0.0.0/0]"));
        assertEquals("web tier", after.actual().get("properties.Description"));
        assertEquals(defaultVpc, after.actual().get("properties.VpcId"));
        assertEquals("web", after.actual().get("tags.team"));
        SecurityGroup g = live(want.name(), defaultVpc);
        assertEquals(g.groupId(), after.actual().get("properties.GroupId"));
        assertEquals("web tier", g.description());

        // The whole plan again (group exists, rules present, default egress gone): harmless, still in sync.
        applyAll(plan);
        assertTrue(provider.observe(want).upToDate());
        assertEquals(1, outsider.describeSecurityGroups(b -> b.filters(Filter.builder().name("group-name").values(want.name()).build()))
                .securityGroups().size(), "no second group");
    }

    @Test
    void aMissingGroupWithoutDeclaredEgressKeepsAwsDefaultEgressAndGetsTheDefaultDescription() {
        DesiredResource want = desired(prefix + "plain", Map.of("ingress", List.of(rule("protocol", "udp", "port", 53, "cidr", "10.0.0.0/8"))), Map.of());
        List<PlannedAction> plan = provider.planRestore(want, provider.observe(want));
        assertEquals(List.of(SecurityGroupActions.CREATE_SECURITY_GROUP, SecurityGroupActions.AUTHORIZE_INGRESS), names(plan));
        assertEquals(SecurityGroupProvider.DEFAULT_DESCRIPTION, plan.get(0).parameters().get("description"));
        applyAll(plan);
        Observation after = provider.observe(want);
        assertTrue(after.upToDate(), () -> "diff: " + after.diff());
        assertEquals("present", after.actual().get("egress[all:-1--1:0.0.0.0/0]"));
    }

    @Test
    void outOfBandIngressChangesAreRevokedAndRestored() {
        DesiredResource want = web(prefix + "api", false);
        create(want);
        String id = live(want.name(), defaultVpc).groupId();

        outsider.authorizeSecurityGroupIngress(b -> b.groupId(id).ipPermissions(tcp(22, "0.0.0.0/0", "ssh for me")));
        outsider.revokeSecurityGroupIngress(b -> b.groupId(id).ipPermissions(tcp(443, "0.0.0.0/0", null)));

        Observation drifted = provider.observe(want);
        assertEquals(Map.of("ingress[tcp:22-22:0.0.0.0/0]", "null -> present", "ingress[tcp:443-443:0.0.0.0/0]", "present -> null"),
                paths(drifted));

        List<PlannedAction> plan = provider.planRestore(want, drifted);
        assertEquals(List.of(SecurityGroupActions.REVOKE_INGRESS, SecurityGroupActions.AUTHORIZE_INGRESS), names(plan));
        assertEquals("tcp:22:22:0.0.0.0/0", plan.get(0).parameters().get("rule.1"));
        assertEquals(Map.of("groupName", want.name(), "region", REGION, "vpcId", defaultVpc, "rule.1", "tcp:443:443:0.0.0.0/0",
                "ruleDescription.1", "https"), plan.get(1).parameters(), "only what drifted is restored");

        applyAll(plan);
        Observation after = provider.observe(want);
        assertTrue(after.upToDate(), () -> "diff: " + after.diff());
        assertEquals("https", after.actual().get("ingress[tcp:443-443:0.0.0.0/0].description"));

        // Replaying the plan: the revoke finds nothing to revoke, the authorize finds the rule there. Both are success.
        applyAll(plan);
        assertTrue(provider.observe(want).upToDate());
    }

    @Test
    void undeclaredEgressIsLeftAloneButDeclaredEgressIsAuthoritative() {
        DesiredResource loose = web(prefix + "loose", false);
        create(loose);
        String looseId = live(loose.name(), defaultVpc).groupId();
        outsider.authorizeSecurityGroupEgress(b -> b.groupId(looseId).ipPermissions(tcp(25, "0.0.0.0/0", null)));
        Observation untouched = provider.observe(loose);
        assertTrue(untouched.upToDate(), () -> "egress is not declared, so not compared: " + untouched.diff());
        assertEquals("present", untouched.actual().get("egress[tcp:25-25:0.0.0.0/0]"));

        DesiredResource strict = web(prefix + "strict", true);
        create(strict);
        String strictId = live(strict.name(), defaultVpc).groupId();
        outsider.authorizeSecurityGroupEgress(b -> b.groupId(strictId).ipPermissions(IpPermission.builder().ipProtocol("-1")
                .ipRanges(IpRange.builder().cidrIp("0.0.0.0/0").build()).build()));
        outsider.revokeSecurityGroupEgress(b -> b.groupId(strictId).ipPermissions(tcp(443, "0.0.0.0/0", null)));

        Observation drifted = provider.observe(strict);
        assertEquals(Map.of("egress[all:-1--1:0.0.0.0/0]", "null -> present", "egress[tcp:443-443:0.0.0.0/0]", "present -> null"),
                paths(drifted));
        List<PlannedAction> plan = provider.planRestore(strict, drifted);
        assertEquals(List.of(SecurityGroupActions.REVOKE_EGRESS, SecurityGroupActions.AUTHORIZE_EGRESS), names(plan));
        applyAll(plan);
        assertTrue(provider.observe(strict).upToDate());
        assertEquals(List.of("tcp"), live(strict.name(), defaultVpc).ipPermissionsEgress().stream().map(IpPermission::ipProtocol).toList());
    }

    @Test
    void ruleOrderIsIgnoredAndOnePermissionWithSeveralRangesIsSeveralRules() {
        String name = prefix + "grouped";
        String id = outsider.createSecurityGroup(b -> b.groupName(name).description("grouped")).groupId();
        outsider.authorizeSecurityGroupIngress(b -> b.groupId(id).ipPermissions(IpPermission.builder().ipProtocol("tcp")
                .fromPort(80).toPort(80)
                .ipRanges(IpRange.builder().cidrIp("10.0.0.0/8").build(), IpRange.builder().cidrIp("192.168.0.0/16").build())
                .ipv6Ranges(Ipv6Range.builder().cidrIpv6("2001:0DB8:0000::/48").build()).build()));

        // Declared one rule per source, in another order, with other spellings of the same ports and protocol.
        DesiredResource want = desired(name, Map.of("ingress", List.of(
                rule("protocol", "6", "fromPort", 80, "toPort", "80", "cidr6", "2001:db8::/48"),
                rule("protocol", "TCP", "port", "80", "cidr", "192.168.0.0/16"),
                rule("protocol", "tcp", "port", 80.0, "cidr", "10.0.0.0/8"))), Map.of());
        Observation o = provider.observe(want);
        assertTrue(o.upToDate(), () -> "diff: " + o.diff());
        assertEquals(Set.of("ingress[tcp:80-80:10.0.0.0/8]", "ingress[tcp:80-80:192.168.0.0/16]", "ingress[tcp:80-80:2001:db8::/48]"),
                new java.util.TreeSet<>(o.actual().keySet().stream().filter(k -> k.startsWith("ingress[")).toList()));

        // Dropping one source from desired revokes exactly that one range out of the shared permission.
        DesiredResource fewer = desired(name, Map.of("ingress", List.of(
                rule("protocol", "tcp", "port", 80, "cidr", "10.0.0.0/8"),
                rule("protocol", "tcp", "port", 80, "cidr6", "2001:db8::/48"))), Map.of());
        Observation drifted = provider.observe(fewer);
        assertEquals(Map.of("ingress[tcp:80-80:192.168.0.0/16]", "null -> present"), paths(drifted));
        applyAll(provider.planRestore(fewer, drifted));
        assertTrue(provider.observe(fewer).upToDate());
        assertEquals(List.of("10.0.0.0/8"), live(name, defaultVpc).ipPermissions().get(0).ipRanges().stream().map(IpRange::cidrIp).toList());
    }

    @Test
    void aChangedRuleDescriptionIsReDescribedWithoutTouchingTheRule() {
        DesiredResource want = web(prefix + "described", false);
        create(want);
        String id = live(want.name(), defaultVpc).groupId();
        outsider.updateSecurityGroupRuleDescriptionsIngress(b -> b.groupId(id).ipPermissions(
                tcp(443, "0.0.0.0/0", "hacked"),
                IpPermission.builder().ipProtocol("icmp").fromPort(-1).toPort(-1)
                        .ipRanges(IpRange.builder().cidrIp("10.0.0.0/8").description("not declared, not compared").build()).build()));

        Observation drifted = provider.observe(want);
        assertEquals(Map.of("ingress[tcp:443-443:0.0.0.0/0].description", "https -> hacked"), paths(drifted));

        List<PlannedAction> plan = provider.planRestore(want, drifted);
        assertEquals(List.of(SecurityGroupActions.UPDATE_INGRESS_DESCRIPTIONS), names(plan));
        assertEquals("https", plan.get(0).parameters().get("ruleDescription.1"));
        applyAll(plan);
        assertTrue(provider.observe(want).upToDate());
        assertEquals("https", live(want.name(), defaultVpc).ipPermissions().stream().filter(p -> "tcp".equals(p.ipProtocol()))
                .filter(p -> p.fromPort() == 443).findFirst().orElseThrow().ipRanges().get(0).description());
    }

    @Test
    void tagsAreAuthoritative() {
        DesiredResource want = web(prefix + "tagged", false);
        create(want);
        String id = live(want.name(), defaultVpc).groupId();
        outsider.createTags(b -> b.resources(id).tags(Tag.builder().key("owner").value("mallory").build(),
                Tag.builder().key("team").value("growth").build()));
        outsider.deleteTags(b -> b.resources(id).tags(Tag.builder().key("env").build()));

        Observation drifted = provider.observe(want);
        assertEquals(Map.of("tags.env", "test -> null", "tags.owner", "null -> mallory", "tags.team", "web -> growth"), paths(drifted));
        List<PlannedAction> plan = provider.planRestore(want, drifted);
        assertEquals(List.of(SecurityGroupActions.CREATE_TAGS, SecurityGroupActions.DELETE_TAGS), names(plan));
        assertEquals(new SecurityGroupActions.CreateTags(REGION, want.name(), defaultVpc, Map.of("env", "test", "team", "web")),
                provider.bind(plan.get(0)));
        assertEquals(new SecurityGroupActions.DeleteTags(REGION, want.name(), defaultVpc, Set.of("owner")), provider.bind(plan.get(1)));
        applyAll(plan);
        applyAll(plan);
        assertTrue(provider.observe(want).upToDate());
        Map<String, String> tags = new TreeMap<>();
        live(want.name(), defaultVpc).tags().forEach(t -> tags.put(t.key(), t.value()));
        assertEquals(Map.of("team", "web", "env", "test"), tags);
    }

    @Test
    void aDifferentDescriptionIsReportedButNeverPlanned() {
        String name = prefix + "olddesc";
        outsider.createSecurityGroup(b -> b.groupName(name).description("old words"));
        DesiredResource want = desired(name, Map.of("Description", "new words"), Map.of());

        Observation o = provider.observe(want);
        assertTrue(o.exists());
        assertEquals(List.of(new FieldDiff("properties.Description", "new words", "old words")), o.diff());
        assertEquals(List.of(), provider.planRestore(want, o), "a description can only change by re-creating the group");
    }

    @Test
    void vpcIdChoosesWhichGroupOfThatNameIsManaged() {
        String name = prefix + "pervpc";
        String vpc = outsider.createVpc(b -> b.cidrBlock("10.77.0.0/16")).vpc().vpcId();
        String inDefault = outsider.createSecurityGroup(b -> b.groupName(name).description("default vpc one")).groupId();
        DesiredResource want = desired(name, Map.of("VpcId", vpc, "Description", "in my vpc",
                "ingress", List.of(rule("protocol", "tcp", "port", 5432, "cidr", "10.77.0.0/16"))), Map.of("team", "db"));

        Observation missing = provider.observe(want);
        assertFalse(missing.exists(), "the default VPC's group of the same name is not ours");
        List<PlannedAction> plan = provider.planRestore(want, missing);
        assertEquals(vpc, plan.get(0).parameters().get("vpcId"));
        applyAll(plan);

        Observation after = provider.observe(want);
        assertTrue(after.upToDate(), () -> "diff: " + after.diff());
        assertEquals(vpc, after.actual().get("properties.VpcId"));
        assertEquals(live(name, vpc).groupId(), after.actual().get("properties.GroupId"));
        SecurityGroup other = live(name, defaultVpc);
        assertEquals(inDefault, other.groupId());
        assertEquals(List.of(), other.ipPermissions(), "the default VPC's group was not touched");
        assertTrue(other.tags().isEmpty());
    }

    @Test
    void groupReferencesCanBeDeclaredAndUndeclaredOnesAreRevoked() {
        String appTier = outsider.createSecurityGroup(b -> b.groupName(prefix + "clients").description("clients")).groupId();
        DesiredResource want = desired(prefix + "db", Map.of("ingress", List.of(rule("protocol", "tcp", "port", 5432, "group", appTier))), Map.of());
        create(want);
        String id = live(want.name(), defaultVpc).groupId();
        assertEquals("present", provider.observe(want).actual().get("ingress[tcp:5432-5432:" + appTier + "]"));

        outsider.authorizeSecurityGroupIngress(b -> b.groupId(id).ipPermissions(IpPermission.builder().ipProtocol("tcp")
                .fromPort(6379).toPort(6379).userIdGroupPairs(UserIdGroupPair.builder().groupId(appTier).description("cache").build()).build()));
        Observation drifted = provider.observe(want);
        assertEquals(Map.of("ingress[tcp:6379-6379:" + appTier + "]", "null -> present"), paths(drifted));
        List<PlannedAction> plan = provider.planRestore(want, drifted);
        assertEquals(List.of(SecurityGroupActions.REVOKE_INGRESS), names(plan));
        assertEquals("cache", plan.get(0).parameters().get("ruleDescription.1"), "the live description is sent along to match the rule");
        applyAll(plan);
        assertTrue(provider.observe(want).upToDate());
    }

    @Test
    void prefixListRulesAreCreatedAndCompared() {
        String pl = outsider.createManagedPrefixList(b -> b.prefixListName(prefix + "office").maxEntries(5).addressFamily("IPv4")
                .entries(e -> e.cidr("203.0.113.0/24"))).prefixList().prefixListId();
        DesiredResource want = desired(prefix + "office", Map.of("ingress", List.of(rule("protocol", "tcp", "port", 22, "prefixList", pl))),
                Map.of());
        create(want);
        assertEquals("present", provider.observe(want).actual().get("ingress[tcp:22-22:" + pl + "]"));
        String id = live(want.name(), defaultVpc).groupId();
        outsider.revokeSecurityGroupIngress(b -> b.groupId(id).ipPermissions(IpPermission.builder().ipProtocol("tcp").fromPort(22).toPort(22)
                .prefixListIds(x -> x.prefixListId(pl)).build()));
        assertEquals(Map.of("ingress[tcp:22-22:" + pl + "]", "present -> null"), paths(provider.observe(want)));
        applyAll(provider.planRestore(want, provider.observe(want)));
        assertTrue(provider.observe(want).upToDate());
    }

    @Test
    void anEmptyDeclaredIngressRevokesEverything() {
        DesiredResource open = web(prefix + "closing", false);
        create(open);
        DesiredResource closed = desired(open.name(), Map.of("Description", "web tier", "ingress", List.of()), open.tags());
        Observation drifted = provider.observe(closed);
        assertEquals(3, drifted.diff().size());
        applyAll(provider.planRestore(closed, drifted));
        assertTrue(provider.observe(closed).upToDate());
        assertEquals(List.of(), live(open.name(), defaultVpc).ipPermissions());
    }

    @Test
    void aGroupIdFromCloudTrailResolvesToItsName() {
        DesiredResource want = web(prefix + "resolve", false);
        create(want);
        String id = live(want.name(), defaultVpc).groupId();
        assertEquals(Optional.of(want.name()), provider.groupNameOf(REGION, id));
        assertEquals(Optional.empty(), provider.groupNameOf(REGION, "sg-0123456789abcdef0"));
        assertEquals(Optional.empty(), provider.groupNameOf(REGION, "i-0123456789abcdef0"));

        // A group observed once still resolves after it is deleted (DeleteSecurityGroup events carry only the id)...
        outsider.deleteSecurityGroup(b -> b.groupId(id));
        assertFalse(provider.observe(want).exists());
        assertEquals(Optional.of(want.name()), provider.groupNameOf(REGION, id));
        // ...while a fresh provider, which never saw it, cannot know it any more.
        assertEquals(Optional.empty(), new SecurityGroupProvider(clients, REGION).groupNameOf(REGION, id));
        // And one it never observed but that exists is looked up.
        String other = outsider.createSecurityGroup(b -> b.groupName(prefix + "unseen").description("x")).groupId();
        assertEquals(Optional.of(prefix + "unseen"), new SecurityGroupProvider(clients, REGION).groupNameOf(REGION, other));
    }

    @Test
    void resolveNameTurnsAGroupIdFromAnEventIntoTheGroupName() {
        String name = prefix + "resolve-hook";
        String id = outsider.createSecurityGroup(b -> b.groupName(name).description("x")).groupId();
        SecurityGroupProvider fresh = new SecurityGroupProvider(clients, REGION);

        assertEquals(Optional.of(name), fresh.resolveName(REGION, id), "a real id is looked up");
        assertEquals(Optional.of(name), fresh.resolveName(null, id), "no region in the event: the provider's default");
        assertEquals(Optional.empty(), fresh.resolveName(REGION, "sg-0123456789abcdef0"), "an unknown id is unresolved");
        assertEquals(Optional.empty(), fresh.resolveName(REGION, "sg-nothex"), "a malformed id is unresolved");
        assertEquals(Optional.of("web"), fresh.resolveName(REGION, "web"), "a group name is already the name");
        assertEquals(Optional.of(name), fresh.resolveName(REGION, name));
    }

    // ------------------------------------------------------------------ desired validation

    static Stream<Arguments> badDesired() {
        return Stream.of(
                Arguments.of("unknown property", Map.of("GroupName", "x"), "unknown property [GroupName]"),
                Arguments.of("ingress not a list", Map.of("ingress", "tcp:443"), "ingress must be a list of rules"),
                Arguments.of("tcp without a port", Map.of("ingress", List.of(rule("protocol", "tcp", "cidr", "0.0.0.0/0"))),
                        "a tcp rule needs port or fromPort/toPort"),
                Arguments.of("fromPort above toPort", Map.of("ingress", List.of(rule("protocol", "tcp", "fromPort", 443, "toPort", 80,
                        "cidr", "0.0.0.0/0"))), "must satisfy 0 <= fromPort <= toPort <= 65535"),
                Arguments.of("port out of range", Map.of("egress", List.of(rule("protocol", "udp", "port", 70000, "cidr", "0.0.0.0/0"))),
                        "udp ports 70000-70000 must satisfy"),
                Arguments.of("port and fromPort", Map.of("ingress", List.of(rule("protocol", "tcp", "port", 1, "fromPort", 1, "toPort", 2,
                        "cidr", "0.0.0.0/0"))), "either port or fromPort/toPort"),
                Arguments.of("bad IPv4 CIDR", Map.of("ingress", List.of(rule("protocol", "tcp", "port", 1, "cidr", "10.0.0.256/8"))),
                        "'10.0.0.256/8' is not a valid cidr"),
                Arguments.of("IPv6 in cidr", Map.of("ingress", List.of(rule("protocol", "tcp", "port", 1, "cidr", "::/0"))),
                        "'::/0' is not a valid cidr"),
                Arguments.of("bad IPv6 CIDR", Map.of("ingress", List.of(rule("protocol", "tcp", "port", 1, "cidr6", "2001:db8:::1/64"))),
                        "is not a valid cidr6"),
                Arguments.of("two sources", Map.of("ingress", List.of(rule("protocol", "tcp", "port", 1, "cidr", "0.0.0.0/0",
                        "cidr6", "::/0"))), "exactly one of cidr, cidr6, group, prefixList"),
                Arguments.of("unknown rule key", Map.of("ingress", List.of(rule("protocol", "tcp", "port", 1, "cidr", "0.0.0.0/0",
                        "action", "deny"))), "unknown key(s) [action]"),
                Arguments.of("unknown protocol", Map.of("ingress", List.of(rule("protocol", "gre", "cidr", "0.0.0.0/0"))),
                        "protocol 'gre' is not valid"),
                Arguments.of("ports on all", Map.of("ingress", List.of(rule("protocol", "all", "port", 80, "cidr", "0.0.0.0/0"))),
                        "protocol all takes no ports"),
                Arguments.of("same rule, two descriptions", Map.of("ingress", List.of(
                        rule("protocol", "tcp", "port", 1, "cidr", "0.0.0.0/0", "description", "a"),
                        rule("protocol", "tcp", "port", 1, "cidr", "0.0.0.0/0", "description", "b"))), "declared twice"),
                Arguments.of("description with a forbidden character", Map.of("ingress", List.of(
                        rule("protocol", "tcp", "port", 1, "cidr", "0.0.0.0/0", "description", "<b>"))), "description must be"),
                Arguments.of("bad VpcId", Map.of("VpcId", "default"), "VpcId 'default' is not a vpc-… id"),
                Arguments.of("empty Description", Map.of("Description", ""), "Description must be 1-255"));
    }

    @ParameterizedTest(name = "observe rejects desired with {0}")
    @MethodSource("badDesired")
    void observeRejectsDesiredItCannotCompare(String name, Map<String, Object> properties, String messageContains) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> provider.observe(desired(prefix + "bad", properties, Map.of())));
        assertTrue(e.getMessage().contains(messageContains), () -> "message was: " + e.getMessage());
    }

    @Test
    void validateJudgesAPhaseWithoutCallingTheCloud() {
        // Nothing listens on port 9: any cloud call would fail, so passing means no call was made.
        CloudClients nowhere = new CloudClients(Optional.of("http://127.0.0.1:9"), Optional.of("k"), Optional.of("s"));
        SecurityGroupProvider offline = new SecurityGroupProvider(nowhere, REGION);
        offline.validate(web("anything", true));
        IllegalArgumentException tag = assertThrows(IllegalArgumentException.class,
                () -> offline.validate(desired("web", Map.of(), Map.of("aws:owner", "me"))));
        assertTrue(tag.getMessage().contains("tag 'aws:owner'"), tag.getMessage());
        IllegalArgumentException rule = assertThrows(IllegalArgumentException.class, () -> offline.validate(desired("web",
                Map.of("egress", List.of(rule("protocol", "tcp", "port", 443))), Map.of())));
        assertTrue(rule.getMessage().contains("egress: rule") && rule.getMessage().contains("needs exactly one of cidr"), rule.getMessage());
        nowhere.close();
    }

    @Test
    void aGroupNameAwsWouldRejectIsRefusedBeforeAnyCall() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> provider.observe(desired("sg-123", Map.of(), Map.of())));
        assertTrue(e.getMessage().contains("invalid group name 'sg-123'"), e.getMessage());
    }

    // ------------------------------------------------------------------ normalisation

    @Test
    void rulesFromDesiredNormaliseSpellingsOfTheSameRule() {
        SecurityGroupRule canonical = SecurityGroupRule.fromDesired(rule("protocol", "tcp", "port", 443, "cidr", "0.0.0.0/0"));
        assertEquals("tcp:443:443:0.0.0.0/0", canonical.key());
        assertEquals("tcp:443-443:0.0.0.0/0", canonical.pathKey());
        assertNull(canonical.description(), "undeclared description is not compared");
        for (Map<String, Object> same : List.of(
                rule("protocol", "TCP", "port", "443", "cidr", "0.0.0.0/0"),
                rule("protocol", "6", "fromPort", 443, "toPort", 443.0, "cidr", " 0.0.0.0/0 "),
                rule("protocol", 6, "port", 443, "cidr", "0.0.0.0/0"))) {
            assertEquals(canonical.key(), SecurityGroupRule.fromDesired(same).key(), same::toString);
        }
        assertEquals("all:-1:-1:10.0.0.0/8", SecurityGroupRule.fromDesired(rule("protocol", -1, "cidr", "10.0.0.0/8")).key());
        assertEquals("all:-1:-1:10.0.0.0/8", SecurityGroupRule.fromDesired(rule("protocol", "all", "cidr", "10.0.0.0/8")).key());
        assertEquals("icmp:8:-1:10.0.0.0/8", SecurityGroupRule.fromDesired(rule("protocol", "icmp", "fromPort", 8, "toPort", -1,
                "cidr", "10.0.0.0/8")).key());
        assertEquals("50:-1:-1:10.0.0.0/8", SecurityGroupRule.fromDesired(rule("protocol", 50, "cidr", "10.0.0.0/8")).key());
        assertEquals("", SecurityGroupRule.fromDesired(rule("protocol", "udp", "port", 53, "cidr", "10.0.0.0/8", "description", "")).description(),
                "an empty description is declared: 'must have none'");
    }

    @Test
    void ipv6CidrsAreWrittenTheRfc5952Way() {
        assertEquals("::/0", SecurityGroupRule.cidr6("::/0"));
        assertEquals("2001:db8::1/128", SecurityGroupRule.cidr6("2001:0DB8:0000:0000:0000:0000:0000:0001/128"));
        assertEquals("fe80:0:0:1::1/64", SecurityGroupRule.cidr6("fe80:0:0:1:0:0:0:1/64"), "the longest zero run is compressed");
        assertEquals("1::1:0:0:1:1/128", SecurityGroupRule.cidr6("1:0:0:1:0:0:1:1/128"), "on a tie, the first");
        assertEquals("1:0:1:1:1:1:1:1/128", SecurityGroupRule.cidr6("1::1:1:1:1:1:1/128"), "a single zero group is not compressed");
        assertNull(SecurityGroupRule.cidr6("2001:db8::/129"));
        assertNull(SecurityGroupRule.cidr6("1:2:3:4:5:6:7:8:9/64"));
        assertNull(SecurityGroupRule.cidr6("1::2::3/64"));
        assertNull(SecurityGroupRule.cidr6("12345::/16"));
        assertNull(SecurityGroupRule.cidr6("::ffff:1.2.3.4/128"));
        assertNull(SecurityGroupRule.cidr4("010.0.0.0/8"), "leading zeros are ambiguous (octal?)");
        assertNull(SecurityGroupRule.cidr4("10.0.0.0"));
        assertEquals("10.0.0.1/8", SecurityGroupRule.cidr4("10.0.0.1/8"), "host bits are AWS's business, kept as written");
    }

    @Test
    void aPermissionWithSeveralSourcesIsOneRulePerSource() {
        List<SecurityGroupRule> rules = SecurityGroupRule.fromPermission(IpPermission.builder().ipProtocol("-1")
                .ipRanges(IpRange.builder().cidrIp("10.0.0.0/8").description("a").build(), IpRange.builder().cidrIp("0.0.0.0/0").build())
                .ipv6Ranges(Ipv6Range.builder().cidrIpv6("::/0").build())
                .userIdGroupPairs(UserIdGroupPair.builder().groupId("sg-0123456789abcdef0").userId("123456789012").build())
                .build());
        assertEquals(List.of(
                new SecurityGroupRule("all", -1, -1, "10.0.0.0/8", "a"),
                new SecurityGroupRule("all", -1, -1, "0.0.0.0/0", ""),
                new SecurityGroupRule("all", -1, -1, "::/0", ""),
                new SecurityGroupRule("all", -1, -1, "sg-0123456789abcdef0", "")), rules);
        IpPermission back = rules.get(0).toPermission(true, false);
        assertEquals("-1", back.ipProtocol());
        assertNull(back.fromPort(), "no ports for all protocols");
        assertEquals("a", back.ipRanges().get(0).description());
    }

    @Test
    void ruleDiffComparesSetsAndDeclaredDescriptionsOnly() {
        SecurityGroupRule https = new SecurityGroupRule("tcp", 443, 443, "0.0.0.0/0", null);
        SecurityGroupRule ssh = new SecurityGroupRule("tcp", 22, 22, "10.0.0.0/8", "admin");
        List<FieldDiff> diff = SecurityGroupProvider.ruleDiff("ingress", List.of(https, ssh),
                List.of(ssh.withDescription("changed"), https.withDescription("anything"), new SecurityGroupRule("udp", 53, 53, "0.0.0.0/0", "")));
        assertEquals(List.of(new FieldDiff("ingress[tcp:22-22:10.0.0.0/8].description", "admin", "changed"),
                new FieldDiff("ingress[udp:53-53:0.0.0.0/0]", null, "present")), diff);
    }

    // ------------------------------------------------------------------ bind

    private static PlannedAction action(String name, Map<String, String> parameters) {
        return new PlannedAction(1, name, parameters, "test");
    }

    private static Map<String, String> with(Object... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("groupName", "web");
        for (int i = 0; i < kv.length; i += 2) {
            if (kv[i + 1] == null) {
                m.remove((String) kv[i]);
            } else {
                m.put((String) kv[i], (String) kv[i + 1]);
            }
        }
        return m;
    }

    static Stream<Arguments> rejected() {
        String authorize = SecurityGroupActions.AUTHORIZE_INGRESS;
        return Stream.of(
                Arguments.of("an action outside the catalogue", action(SecurityGroupActions.TYPE + "/DeleteSecurityGroup", with()), "is not in the catalogue"),
                Arguments.of("another type's action", action("aws.sqs.queue/TagQueue", with("tag.a", "b")), "is not in the catalogue"),
                Arguments.of("missing group name", action(authorize, with("groupName", null, "rule.1", "tcp:443:443:0.0.0.0/0")),
                        "invalid or missing groupName 'null'"),
                Arguments.of("group name that is an id", action(authorize, with("groupName", "sg-12345678", "rule.1", "tcp:443:443:0.0.0.0/0")),
                        "invalid or missing groupName"),
                Arguments.of("group name with markup", action(authorize, with("groupName", "web<script>", "rule.1", "tcp:443:443:0.0.0.0/0")),
                        "invalid or missing groupName"),
                Arguments.of("group name too long", action(authorize, with("groupName", "g".repeat(256), "rule.1", "tcp:443:443:0.0.0.0/0")),
                        "invalid or missing groupName"),
                Arguments.of("invalid region", action(authorize, with("region", "mars", "rule.1", "tcp:443:443:0.0.0.0/0")), "invalid region 'mars'"),
                Arguments.of("invalid vpc id", action(authorize, with("vpcId", "vpc-XYZ", "rule.1", "tcp:443:443:0.0.0.0/0")), "invalid vpcId"),
                Arguments.of("unknown protocol", action(authorize, with("rule.1", "gre:-1:-1:0.0.0.0/0")), "rule.1: protocol 'gre'"),
                Arguments.of("port above 65535", action(authorize, with("rule.1", "tcp:443:65536:0.0.0.0/0")), "must satisfy 0 <= fromPort"),
                Arguments.of("negative tcp port", action(authorize, with("rule.1", "tcp:-1:-1:0.0.0.0/0")), "must satisfy 0 <= fromPort"),
                Arguments.of("fromPort above toPort", action(authorize, with("rule.1", "tcp:443:80:0.0.0.0/0")), "must satisfy 0 <= fromPort"),
                Arguments.of("icmp code without type", action(authorize, with("rule.1", "icmp:-1:3:0.0.0.0/0")), "code -1 when type is -1"),
                Arguments.of("ports on all protocols", action(authorize, with("rule.1", "all:0:65535:0.0.0.0/0")), "takes no ports"),
                Arguments.of("octet above 255", action(authorize, with("rule.1", "tcp:443:443:256.0.0.0/8")), "source is not"),
                Arguments.of("prefix above 32", action(authorize, with("rule.1", "tcp:443:443:10.0.0.0/33")), "source is not"),
                Arguments.of("a host name as source", action(authorize, with("rule.1", "tcp:443:443:example.com")), "source is not"),
                Arguments.of("a CIDR without prefix", action(authorize, with("rule.1", "tcp:443:443:10.0.0.1")), "source is not"),
                Arguments.of("numeric protocol for tcp", action(authorize, with("rule.1", "6:443:443:0.0.0.0/0")), "is not canonical"),
                Arguments.of("-1 instead of all", action(authorize, with("rule.1", "-1:-1:-1:0.0.0.0/0")), "is not canonical"),
                Arguments.of("upper-case IPv6", action(authorize, with("rule.1", "tcp:443:443:2001:DB8::/32")), "is not canonical"),
                Arguments.of("zero-padded port", action(authorize, with("rule.1", "tcp:0443:0443:0.0.0.0/0")), "is not canonical"),
                Arguments.of("too few fields", action(authorize, with("rule.1", "tcp:443:0.0.0.0/0")), "is not protocol:from:to:source"),
                Arguments.of("rule index 0", action(authorize, with("rule.0", "tcp:443:443:0.0.0.0/0")), "parameter 'rule.0' is not allowed"),
                Arguments.of("rule index not a number", action(authorize, with("rule.x", "tcp:443:443:0.0.0.0/0")), "parameter 'rule.x' is not allowed"),
                Arguments.of("the same rule twice", action(authorize, with("rule.1", "tcp:443:443:0.0.0.0/0", "rule.2", "tcp:443:443:0.0.0.0/0")),
                        "appears twice"),
                Arguments.of("a description without its rule", action(authorize, with("rule.1", "tcp:443:443:0.0.0.0/0", "ruleDescription.2", "x")),
                        "ruleDescription.2 has no rule.2"),
                Arguments.of("a description with markup", action(authorize, with("rule.1", "tcp:443:443:0.0.0.0/0", "ruleDescription.1", "<b>")),
                        "parameter ruleDescription.1 must be"),
                Arguments.of("re-describing without a description", action(SecurityGroupActions.UPDATE_INGRESS_DESCRIPTIONS,
                        with("rule.1", "tcp:443:443:0.0.0.0/0")), "rule.1 needs a ruleDescription.1"),
                Arguments.of("authorize without rules", action(authorize, with()), "parameters do not fit the action"),
                Arguments.of("tags on authorize", action(authorize, with("rule.1", "tcp:443:443:0.0.0.0/0", "tag.a", "b")),
                        "parameters do not fit the action"),
                Arguments.of("create without description", action(SecurityGroupActions.CREATE_SECURITY_GROUP, with()),
                        "parameters do not fit the action"),
                Arguments.of("create with rules", action(SecurityGroupActions.CREATE_SECURITY_GROUP, with("description", "d",
                        "rule.1", "tcp:443:443:0.0.0.0/0")), "parameters do not fit the action"),
                Arguments.of("create with an empty description", action(SecurityGroupActions.CREATE_SECURITY_GROUP, with("description", "")),
                        "description must be 1-255"),
                Arguments.of("description on CreateTags", action(SecurityGroupActions.CREATE_TAGS, with("description", "d", "tag.a", "b")),
                        "parameters do not fit the action"),
                Arguments.of("an aws: tag", action(SecurityGroupActions.CREATE_TAGS, with("tag.aws:cloudformation:stack-name", "x")),
                        "parameter 'tag.aws:cloudformation:stack-name' is not allowed"),
                Arguments.of("a tag value over 256 characters", action(SecurityGroupActions.CREATE_TAGS, with("tag.a", "v".repeat(257))),
                        "parameter 'tag.a' is not allowed"),
                Arguments.of("untag on CreateTags", action(SecurityGroupActions.CREATE_TAGS, with("tag.a", "b", "untag.c", "")),
                        "parameters do not fit the action"),
                Arguments.of("DeleteTags without keys", action(SecurityGroupActions.DELETE_TAGS, with()), "parameters do not fit the action"),
                Arguments.of("a free-form parameter", action(authorize, with("rule.1", "tcp:443:443:0.0.0.0/0", "IpPermissions", "[]")),
                        "parameter 'IpPermissions' is not allowed"));
    }

    @ParameterizedTest(name = "bind rejects {0}")
    @MethodSource("rejected")
    void bindRejectsAnythingOutsideTheCatalogue(String name, PlannedAction action, String messageContains) {
        InvalidActionException e = assertThrows(InvalidActionException.class, () -> provider.bind(action));
        assertTrue(e.getMessage().contains(messageContains), () -> "message was: " + e.getMessage());
    }

    static Stream<Arguments> accepted() {
        SecurityGroupRule https = new SecurityGroupRule("tcp", 443, 443, "0.0.0.0/0", null);
        return Stream.of(
                Arguments.of("create in a VPC with tags", action(SecurityGroupActions.CREATE_SECURITY_GROUP,
                                with("vpcId", "vpc-0123456789abcdef0", "description", "web tier (prod) #1", "tag.team", "web")),
                        new SecurityGroupActions.CreateSecurityGroup(REGION, "web", "vpc-0123456789abcdef0", "web tier (prod) #1", Map.of("team", "web"))),
                Arguments.of("authorize with a description, default region", action(SecurityGroupActions.AUTHORIZE_INGRESS,
                                with("rule.1", "tcp:443:443:0.0.0.0/0", "ruleDescription.1", "https", "rule.2", "icmpv6:-1:-1:::/0")),
                        new SecurityGroupActions.AuthorizeIngress(REGION, "web", null, List.of(https.withDescription("https"),
                                new SecurityGroupRule("icmpv6", -1, -1, "::/0", null)))),
                Arguments.of("revoke in another region", action(SecurityGroupActions.REVOKE_EGRESS,
                                with("region", "eu-west-1", "rule.1", "all:-1:-1:0.0.0.0/0")),
                        new SecurityGroupActions.RevokeEgress("eu-west-1", "web", null, List.of(new SecurityGroupRule("all", -1, -1, "0.0.0.0/0", null)))),
                Arguments.of("revoke a group and a prefix-list reference", action(SecurityGroupActions.REVOKE_INGRESS,
                                with("rule.1", "tcp:80:80:sg-0123456789abcdef0", "rule.2", "udp:53:53:pl-12345678")),
                        new SecurityGroupActions.RevokeIngress(REGION, "web", null, List.of(
                                new SecurityGroupRule("tcp", 80, 80, "sg-0123456789abcdef0", null),
                                new SecurityGroupRule("udp", 53, 53, "pl-12345678", null)))),
                Arguments.of("authorize egress for a numeric protocol", action(SecurityGroupActions.AUTHORIZE_EGRESS, with("rule.1", "50:-1:-1:10.0.0.0/8")),
                        new SecurityGroupActions.AuthorizeEgress(REGION, "web", null, List.of(new SecurityGroupRule("50", -1, -1, "10.0.0.0/8", null)))),
                Arguments.of("clear a description", action(SecurityGroupActions.UPDATE_EGRESS_DESCRIPTIONS,
                                with("rule.1", "tcp:443:443:0.0.0.0/0", "ruleDescription.1", "")),
                        new SecurityGroupActions.UpdateEgressDescriptions(REGION, "web", null, List.of(https.withDescription("")))),
                Arguments.of("re-describe ingress", action(SecurityGroupActions.UPDATE_INGRESS_DESCRIPTIONS,
                                with("rule.1", "tcp:443:443:0.0.0.0/0", "ruleDescription.1", "https")),
                        new SecurityGroupActions.UpdateIngressDescriptions(REGION, "web", null, List.of(https.withDescription("https")))),
                Arguments.of("delete tags", action(SecurityGroupActions.DELETE_TAGS, with("untag.a", "", "untag.b", "")),
                        new SecurityGroupActions.DeleteTags(REGION, "web", null, Set.of("a", "b"))));
    }

    @ParameterizedTest(name = "bind accepts {0}")
    @MethodSource("accepted")
    void bindBuildsTheTypedAction(String name, PlannedAction action, TypedAction expected) {
        assertEquals(expected, provider.bind(action));
    }

    // ------------------------------------------------------------------ CloudTrail

    static Stream<Arguments> cloudTrail() {
        return Stream.of(
                // shapes as in panther-analysis and flatironhealth test events (see /work/shared/testdata/cloudtrail)
                Arguments.of("CreateSecurityGroup", "{\"groupName\": \"prod-webapp-webserver-security\", \"groupDescription\": \"prod SG\", "
                        + "\"vpcId\": \"vpc-a1a044c7\"}", "prod-webapp-webserver-security"),
                Arguments.of("AuthorizeSecurityGroupIngress", "{\"groupId\": \"sg-0d921df5d84f7270a\", \"ipPermissions\": {\"items\": [{\"ipProtocol\": "
                        + "\"tcp\", \"fromPort\": 22, \"toPort\": 22, \"groups\": {}, \"ipRanges\": {\"items\": [{\"cidrIp\": \"0.0.0.0/0\"}]}}]}}",
                        "sg-0d921df5d84f7270a"),
                Arguments.of("AuthorizeSecurityGroupEgress", "{\"groupId\": \"sg-03eee825d6bb78f54\", \"ipPermissions\": {\"items\": "
                        + "[{\"ipProtocol\": \"-1\", \"ipRanges\": {\"items\": [{\"cidrIp\": \"0.0.0.0/0\"}]}}]}}", "sg-03eee825d6bb78f54"),
                Arguments.of("RevokeSecurityGroupIngress", "{\"groupName\": \"web\", \"ipPermissions\": {\"items\": []}}", "web"),
                Arguments.of("RevokeSecurityGroupEgress", "{\"groupId\": \"sg-abcd1234\", \"ipPermissions\": {}}", "sg-abcd1234"),
                Arguments.of("DeleteSecurityGroup", "{\"groupId\": \"sg-abcd1234\"}", "sg-abcd1234"),
                Arguments.of("UpdateSecurityGroupRuleDescriptionsIngress", "{\"groupId\": \"sg-abcd1234\", \"ipPermissions\": {}}", "sg-abcd1234"),
                Arguments.of("ModifySecurityGroupRules", "{\"ModifySecurityGroupRulesRequest\": {\"GroupId\": \"sg-0a1b2c3d4e5f60718\", "
                        + "\"SecurityGroupRule\": {\"SecurityGroupRuleId\": \"sgr-0123\", \"tag\": 1}}}", "sg-0a1b2c3d4e5f60718"),
                Arguments.of("CreateTags", "{\"resourcesSet\": {\"items\": [{\"resourceId\": \"i-0123\"}, {\"resourceId\": \"sg-0abc1234\"}]}, "
                        + "\"tagSet\": {\"items\": [{\"key\": \"team\", \"value\": \"x\"}]}}", "sg-0abc1234"),
                // tag calls name every group they touch, in order, once each; other resources are skipped
                Arguments.of("CreateTags", "{\"resourcesSet\": {\"items\": [{\"resourceId\": \"sg-0abc1234\"}, {\"resourceId\": \"i-0123\"}, "
                        + "{\"resourceId\": \"sg-0def5678\"}, {\"resourceId\": \"sg-0abc1234\"}, {\"resourceId\": 7}, {}, null, "
                        + "{\"resourceId\": \"sg-0fff0000\"}]}, \"tagSet\": {}}", List.of("sg-0abc1234", "sg-0def5678", "sg-0fff0000")),
                Arguments.of("DeleteTags", "{\"resourcesSet\": [{\"resourceId\": \"sg-0abc1234\"}, {\"resourceId\": \"sg-0def5678\"}]}",
                        List.of("sg-0abc1234", "sg-0def5678")),
                Arguments.of("DeleteTags", "{\"resourcesSet\": {\"items\": [{\"resourceId\": \"sg-0abc1234\"}]}, \"tagSet\": {\"items\": [{\"key\": \"team\"}]}}",
                        "sg-0abc1234"),
                // not ours: tags on an instance, a redacted id, a read, missing names
                Arguments.of("CreateTags", "{\"resourcesSet\": {\"items\": [{\"resourceId\": \"i-0123\"}]}, \"tagSet\": {}}", null),
                Arguments.of("AuthorizeSecurityGroupIngress", "{\"groupId\": \"...\", \"ipPermissions\": {}}", null),
                Arguments.of("DescribeSecurityGroups", "{\"securityGroupIdSet\": {\"items\": [{\"groupId\": \"sg-01e29ae063f5f63a0\"}]}}", null),
                Arguments.of("RunInstances", "{\"groupSet\": {\"items\": [{\"groupId\": \"sg-6c7fa917\"}]}}", null),
                Arguments.of("AuthorizeSecurityGroupIngress", "{\"ipPermissions\": {}}", null),
                Arguments.of("CreateSecurityGroup", "{\"groupName\": \"\"}", null),
                Arguments.of("CreateTags", "{\"resourcesSet\": \"sg-0abc1234\"}", null));
    }

    /** @param expected the one name or id, the ids (a list), or null for none */
    @ParameterizedTest(name = "{0} {1} names {2}")
    @MethodSource("cloudTrail")
    void cloudTrailCallsMapToTheGroupsTheyTouch(String eventName, String params, Object expected) throws Exception {
        JsonNode node = JSON.readTree(params);
        List<?> names = expected == null ? List.of() : expected instanceof List<?> l ? l : List.of(expected);
        assertEquals(names, SecurityGroupProvider.CLOUDTRAIL.resourceNames("ec2.amazonaws.com", eventName, node));
        assertEquals(names.stream().findFirst(), SecurityGroupProvider.CLOUDTRAIL.resourceName("ec2.amazonaws.com", eventName, node),
                "resourceName is the first of them");
    }

    @Test
    void cloudTrailIgnoresOtherServicesAndMissingParameters() throws Exception {
        JsonNode params = JSON.readTree("{\"groupName\": \"web\"}");
        assertEquals(Optional.empty(), SecurityGroupProvider.CLOUDTRAIL.resourceName("sqs.amazonaws.com", "CreateSecurityGroup", params));
        assertEquals(Optional.empty(), SecurityGroupProvider.CLOUDTRAIL.resourceName("ec2.amazonaws.com", "CreateSecurityGroup", null));
        assertEquals(Optional.empty(), SecurityGroupProvider.CLOUDTRAIL.resourceName("ec2.amazonaws.com", "CreateSecurityGroup",
                JSON.readTree("null")));
        assertEquals(Optional.of(SecurityGroupProvider.CLOUDTRAIL), provider.cloudTrail());
    }

    @Test
    void typeInfoDeclaresTheCatalogueAndPermissions() {
        assertEquals(SecurityGroupActions.TYPE, provider.typeInfo().type());
        assertEquals("ec2", provider.typeInfo().service());
        assertEquals(9, provider.typeInfo().actions().size());
        for (String action : provider.typeInfo().actions()) {
            String call = action.substring(action.indexOf('/') + 1);
            assertTrue(provider.typeInfo().permissions().contains("ec2:" + call), () -> "missing permission for " + call);
        }
        assertTrue(provider.typeInfo().permissions().containsAll(List.of("ec2:DescribeSecurityGroups", "ec2:DescribeVpcs")));
    }
}
