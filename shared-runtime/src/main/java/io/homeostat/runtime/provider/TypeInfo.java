package io.homeostat.runtime.provider;

import java.util.List;

/**
 * What a provider declares about its type, like Cloud Custodian's {@code resource_type}: the AWS service it talks
 * to, the IAM permissions it needs, and the actions in its catalogue.
 */
public record TypeInfo(String type, String service, List<String> permissions, List<String> actions) {}
