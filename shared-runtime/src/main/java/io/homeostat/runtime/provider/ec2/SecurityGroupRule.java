package io.homeostat.runtime.provider.ec2;

import io.homeostat.runtime.provider.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.ec2.model.IpPermission;
import software.amazon.awssdk.services.ec2.model.IpRange;
import software.amazon.awssdk.services.ec2.model.Ipv6Range;
import software.amazon.awssdk.services.ec2.model.PrefixListId;
import software.amazon.awssdk.services.ec2.model.UserIdGroupPair;

/**
 * One normalised security-group rule: protocol, port range, one source. AWS groups several sources under one
 * {@code IpPermission}; here every (protocol, ports, source) is its own rule, so rule lists compare as sets.
 *
 * <p>Canonical form ({@link #key()}, used in plan parameters): {@code protocol:from:to:source}, e.g.
 * {@code tcp:443:443:0.0.0.0/0}, {@code all:-1:-1:::/0}, {@code icmp:8:-1:10.0.0.0/8}, {@code tcp:80:80:sg-0123abcd}.
 * Protocol is {@code tcp}, {@code udp}, {@code icmp}, {@code icmpv6}, {@code all} or another IANA number
 * (0-255); ports are {@code -1} where AWS has none (all protocols, other numbers). The source is an IPv4 CIDR, an IPv6
 * CIDR (RFC 5952 form), a security group id or a prefix-list id. The description is not part of the identity.
 *
 * @param description the rule description. Desired: {@code null} = not declared (not compared), {@code ""} = must have
 *     none. Actual: never null, {@code ""} = none.
 */
public record SecurityGroupRule(String protocol, int fromPort, int toPort, String source, String description) {

    /** Keys a rule may have in a phase file. */
    public static final Set<String> KEYS = Set.of("protocol", "port", "fromPort", "toPort", "cidr", "cidr6", "group",
            "prefixList", "description");

    /** AWS's default egress rule of a new VPC security group. */
    public static final SecurityGroupRule DEFAULT_EGRESS = new SecurityGroupRule("all", -1, -1, "0.0.0.0/0", null);

    private static final Pattern V4 = Pattern.compile("(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})\\.(0|[1-9]\\d{0,2})/(0|[1-9]\\d?)");
    private static final Pattern V6_CHARS = Pattern.compile("[0-9A-Fa-f:]{2,39}/(0|[1-9]\\d{0,2})");
    private static final Pattern GROUP_ID = Pattern.compile("sg-([0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern PREFIX_LIST_ID = Pattern.compile("pl-([0-9a-f]{8}|[0-9a-f]{17})");
    private static final Pattern NUMBER = Pattern.compile("-?\\d{1,5}");
    /** Characters AWS allows in group names, group descriptions and rule descriptions. */
    static final Pattern TEXT = Pattern.compile("[A-Za-z0-9 ._\\-:/()#,@\\[\\]+=&;{}!$*]{0,255}");

    /** Canonical string without the description: {@code tcp:443:443:0.0.0.0/0}. */
    public String key() {
        return protocol + ":" + fromPort + ":" + toPort + ":" + source;
    }

    /** The key as shown in diff paths: {@code tcp:443-443:0.0.0.0/0}. */
    public String pathKey() {
        return protocol + ":" + fromPort + "-" + toPort + ":" + source;
    }

    public SecurityGroupRule withDescription(String d) {
        return new SecurityGroupRule(protocol, fromPort, toPort, source, d);
    }

    // ---------------------------------------------------------------- parsing

    /**
     * Parses a canonical key strictly (as produced by {@link #key()}); anything else is rejected, so a plan cannot
     * smuggle in a non-canonical or out-of-range rule.
     */
    public static SecurityGroupRule parseKey(String key, String description) {
        if (key == null) {
            throw new IllegalArgumentException("rule is missing");
        }
        String[] parts = key.split(":", 4);
        if (parts.length != 4) {
            throw new IllegalArgumentException("rule '" + key + "' is not protocol:from:to:source");
        }
        if (!NUMBER.matcher(parts[1]).matches() || !NUMBER.matcher(parts[2]).matches()) {
            throw new IllegalArgumentException("rule '" + key + "' has non-numeric ports");
        }
        SecurityGroupRule rule = of(parts[0], Integer.parseInt(parts[1]), Integer.parseInt(parts[2]), source(parts[3]), description);
        if (!rule.key().equals(key)) {
            throw new IllegalArgumentException("rule '" + key + "' is not canonical (expected '" + rule.key() + "')");
        }
        return rule;
    }

    /**
     * A rule from a phase file: {@code {protocol, port | fromPort/toPort, cidr | cidr6 | group | prefixList,
     * description?}}. Lenient about spelling (443 = "443", -1 = all, upper-case IPv6), strict about meaning.
     */
    public static SecurityGroupRule fromDesired(Object declared) {
        if (!(declared instanceof Map<?, ?> map)) {
            throw new IllegalArgumentException("a rule must be a map like {protocol: tcp, port: 443, cidr: 0.0.0.0/0}, got: " + declared);
        }
        Set<String> unknown = new TreeSet<>();
        map.keySet().forEach(k -> {
            if (!KEYS.contains(String.valueOf(k))) {
                unknown.add(String.valueOf(k));
            }
        });
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("rule " + map + " has unknown key(s) " + unknown + "; allowed: " + new TreeSet<>(KEYS));
        }
        String rawProtocol = scalar(map, "protocol");
        String protocol = protocol(rawProtocol);
        if (protocol == null) {
            throw new IllegalArgumentException("rule " + map + (rawProtocol == null ? " needs a protocol" : ": protocol '" + rawProtocol
                    + "' is not valid") + " (tcp, udp, icmp, icmpv6, all, -1 or an IANA number 0-255)");
        }
        String port = scalar(map, "port");
        String from = scalar(map, "fromPort");
        String to = scalar(map, "toPort");
        if (port != null && (from != null || to != null)) {
            throw new IllegalArgumentException("rule " + map + ": declare either port or fromPort/toPort, not both");
        }
        if (port != null) {
            from = port;
            to = port;
        }
        if ((from == null) != (to == null)) {
            throw new IllegalArgumentException("rule " + map + ": fromPort and toPort go together");
        }
        int fromPort;
        int toPort;
        if (from == null) {
            if (protocol.equals("tcp") || protocol.equals("udp")) {
                throw new IllegalArgumentException("rule " + map + ": a " + protocol + " rule needs port or fromPort/toPort");
            }
            fromPort = -1;
            toPort = -1;
        } else {
            fromPort = integer(from, map);
            toPort = integer(to, map);
        }
        List<String> sources = new ArrayList<>();
        for (String k : List.of("cidr", "cidr6", "group", "prefixList")) {
            String v = scalar(map, k);
            if (v != null) {
                sources.add(k);
            }
        }
        if (sources.size() != 1) {
            throw new IllegalArgumentException("rule " + map + " needs exactly one of cidr, cidr6, group, prefixList");
        }
        String kind = sources.get(0);
        String raw = scalar(map, kind);
        String source = switch (kind) {
            case "cidr" -> cidr4(raw);
            case "cidr6" -> cidr6(raw);
            case "group" -> matching(GROUP_ID, raw, "security group id");
            default -> matching(PREFIX_LIST_ID, raw, "prefix list id");
        };
        if (source == null) {
            throw new IllegalArgumentException("rule " + map + ": '" + raw + "' is not a valid " + kind);
        }
        String description = scalar(map, "description");
        if (description != null && !TEXT.matcher(description).matches()) {
            throw new IllegalArgumentException("rule " + map + ": description must be up to 255 of a-z A-Z 0-9 space ._-:/()#,@[]+=&;{}!$*");
        }
        // "description: ''" declares "no description"; not declaring it means "not compared".
        return of(protocol, fromPort, toPort, source, description);
    }

    /** The rules AWS holds in one permission: one per source. Values AWS returns are taken as they are, normalised. */
    public static List<SecurityGroupRule> fromPermission(IpPermission p) {
        String protocol = protocol(p.ipProtocol());
        if (protocol == null) {
            protocol = p.ipProtocol(); // unknown to us: keep it visible rather than dropping the rule
        }
        int from = p.fromPort() == null || !hasPorts(protocol) ? -1 : p.fromPort();
        int to = p.toPort() == null || !hasPorts(protocol) ? -1 : p.toPort();
        List<SecurityGroupRule> rules = new ArrayList<>();
        for (IpRange r : p.ipRanges()) {
            rules.add(new SecurityGroupRule(protocol, from, to, orRaw(cidr4(r.cidrIp()), r.cidrIp()), none(r.description())));
        }
        for (Ipv6Range r : p.ipv6Ranges()) {
            rules.add(new SecurityGroupRule(protocol, from, to, orRaw(cidr6(r.cidrIpv6()), r.cidrIpv6()), none(r.description())));
        }
        for (UserIdGroupPair g : p.userIdGroupPairs()) {
            rules.add(new SecurityGroupRule(protocol, from, to, g.groupId(), none(g.description())));
        }
        for (PrefixListId pl : p.prefixListIds()) {
            rules.add(new SecurityGroupRule(protocol, from, to, pl.prefixListId(), none(pl.description())));
        }
        return rules;
    }

    /**
     * This rule as an AWS permission. {@code withDescription} sends the description: non-empty ones always, an empty
     * one only when {@code sendEmpty} (UpdateSecurityGroupRuleDescriptions*, to clear it).
     */
    public IpPermission toPermission(boolean withDescription, boolean sendEmpty) {
        IpPermission.Builder b = IpPermission.builder().ipProtocol(protocol.equals("all") ? "-1" : protocol);
        if (hasPorts(protocol)) {
            b.fromPort(fromPort).toPort(toPort);
        }
        String d = !withDescription || description == null || (description.isEmpty() && !sendEmpty) ? null : description;
        if (source.startsWith("sg-")) {
            b.userIdGroupPairs(UserIdGroupPair.builder().groupId(source).description(d).build());
        } else if (source.startsWith("pl-")) {
            b.prefixListIds(PrefixListId.builder().prefixListId(source).description(d).build());
        } else if (source.contains(":")) {
            b.ipv6Ranges(Ipv6Range.builder().cidrIpv6(source).description(d).build());
        } else {
            b.ipRanges(IpRange.builder().cidrIp(source).description(d).build());
        }
        return b.build();
    }

    // ---------------------------------------------------------------- normalisation

    /** Canonical protocol name for tcp/udp/icmp/icmpv6/all (and their numbers, -1), other numbers 0-255 as digits. */
    public static String protocol(String raw) {
        if (raw == null) {
            return null;
        }
        String p = raw.trim().toLowerCase(Locale.ROOT);
        switch (p) {
            case "tcp", "6": return "tcp";
            case "udp", "17": return "udp";
            case "icmp", "1": return "icmp";
            case "icmpv6", "58": return "icmpv6";
            case "all", "-1": return "all";
            default:
                if (p.matches("0|[1-9]\\d{0,2}") && Integer.parseInt(p) <= 255) {
                    return p;
                }
                return null;
        }
    }

    private static boolean hasPorts(String protocol) {
        return protocol.equals("tcp") || protocol.equals("udp") || protocol.equals("icmp") || protocol.equals("icmpv6");
    }

    /** Validates protocol and ports together and builds the rule. */
    private static SecurityGroupRule of(String rawProtocol, int from, int to, String source, String description) {
        String protocol = protocol(rawProtocol);
        if (protocol == null) {
            throw new IllegalArgumentException("protocol '" + rawProtocol + "' is not one of tcp, udp, icmp, icmpv6, all, -1 or 0-255");
        }
        if (source == null) {
            throw new IllegalArgumentException("source is not an IPv4/IPv6 CIDR, sg-… or pl-… id");
        }
        switch (protocol) {
            case "tcp", "udp" -> {
                if (from < 0 || to > 65535 || from > to) {
                    throw new IllegalArgumentException(protocol + " ports " + from + "-" + to + " must satisfy 0 <= fromPort <= toPort <= 65535");
                }
            }
            case "icmp", "icmpv6" -> {
                if (from < -1 || from > 255 || to < -1 || to > 255 || (from == -1 && to != -1)) {
                    throw new IllegalArgumentException(protocol + " type/code " + from + "/" + to
                            + " must be -1..255 each, and code -1 when type is -1");
                }
            }
            default -> {
                if (from != -1 || to != -1) {
                    throw new IllegalArgumentException("protocol " + protocol + " takes no ports (use -1 or leave them out), got "
                            + from + "-" + to);
                }
            }
        }
        return new SecurityGroupRule(protocol, from, to, source, description);
    }

    /** Canonical source for a key's source part: a CIDR (v4 or v6) or an sg-/pl- id; null when none. */
    static String source(String raw) {
        if (raw == null) {
            return null;
        }
        if (raw.startsWith("sg-")) {
            return matching(GROUP_ID, raw, "group");
        }
        if (raw.startsWith("pl-")) {
            return matching(PREFIX_LIST_ID, raw, "prefix list");
        }
        return raw.contains(":") ? cidr6(raw) : cidr4(raw);
    }

    private static String matching(Pattern p, String raw, String what) {
        return raw != null && p.matcher(raw).matches() ? raw : null;
    }

    /** a.b.c.d/n with octets 0-255 (no leading zeros) and n 0-32; null when not. */
    public static String cidr4(String raw) {
        if (raw == null) {
            return null;
        }
        Matcher m = V4.matcher(raw.trim());
        if (!m.matches()) {
            return null;
        }
        for (int i = 1; i <= 4; i++) {
            if (Integer.parseInt(m.group(i)) > 255) {
                return null;
            }
        }
        return Integer.parseInt(m.group(5)) > 32 ? null : raw.trim();
    }

    /** An IPv6 CIDR in RFC 5952 form (lower case, longest zero run compressed); null when not valid. */
    public static String cidr6(String raw) {
        if (raw == null || !V6_CHARS.matcher(raw.trim()).matches()) {
            return null;
        }
        String s = raw.trim().toLowerCase(Locale.ROOT);
        int slash = s.indexOf('/');
        int prefix = Integer.parseInt(s.substring(slash + 1));
        if (prefix > 128) {
            return null;
        }
        String addr = s.substring(0, slash);
        int dbl = addr.indexOf("::");
        if (dbl >= 0 && addr.indexOf("::", dbl + 1) >= 0) {
            return null;
        }
        List<String> head = groups(dbl >= 0 ? addr.substring(0, dbl) : addr);
        List<String> tail = dbl >= 0 ? groups(addr.substring(dbl + 2)) : List.of();
        if (head == null || tail == null) {
            return null;
        }
        int missing = 8 - head.size() - tail.size();
        if (dbl < 0 ? missing != 0 : missing < 1) {
            return null;
        }
        int[] g = new int[8];
        for (int i = 0; i < head.size(); i++) {
            g[i] = Integer.parseInt(head.get(i), 16);
        }
        for (int i = 0; i < tail.size(); i++) {
            g[8 - tail.size() + i] = Integer.parseInt(tail.get(i), 16);
        }
        // RFC 5952: compress the longest run (>= 2) of zero groups, the first one on a tie.
        int bestStart = -1;
        int bestLen = 0;
        for (int i = 0; i < 8; ) {
            if (g[i] == 0) {
                int j = i;
                while (j < 8 && g[j] == 0) {
                    j++;
                }
                if (j - i > bestLen) {
                    bestStart = i;
                    bestLen = j - i;
                }
                i = j;
            } else {
                i++;
            }
        }
        if (bestLen < 2) {
            bestStart = -1;
        }
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLen - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') {
                out.append(':');
            }
            out.append(Integer.toHexString(g[i]));
        }
        return out.append('/').append(prefix).toString();
    }

    private static List<String> groups(String part) {
        if (part.isEmpty()) {
            return List.of();
        }
        String[] split = part.split(":", -1);
        List<String> groups = new ArrayList<>();
        for (String s : split) {
            if (s.isEmpty() || s.length() > 4) {
                return null;
            }
            groups.add(s);
        }
        return groups;
    }

    private static String none(String description) {
        return description == null ? "" : description;
    }

    private static String orRaw(String normalised, String raw) {
        return normalised != null ? normalised : raw;
    }

    private static String scalar(Map<?, ?> map, String key) {
        Object v = map.get(key);
        if (v == null) {
            return null;
        }
        if (v instanceof Map<?, ?> || v instanceof java.util.Collection<?>) {
            throw new IllegalArgumentException("rule key '" + key + "' must be a single value, got: " + v);
        }
        return v instanceof Number ? Values.normalize(v) : v.toString().trim();
    }

    private static int integer(String s, Map<?, ?> map) {
        if (!NUMBER.matcher(s).matches()) {
            throw new IllegalArgumentException("rule " + map + ": port '" + s + "' is not a whole number");
        }
        return Integer.parseInt(s);
    }
}
