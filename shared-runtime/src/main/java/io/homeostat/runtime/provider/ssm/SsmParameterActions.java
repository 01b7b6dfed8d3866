package io.homeostat.runtime.provider.ssm;

import io.homeostat.runtime.provider.TypedAction;
import java.util.Map;
import java.util.Set;

/** The fixed catalogue of actions the SSM parameter provider can run. There is no delete. */
public final class SsmParameterActions {

    public static final String TYPE = "aws.ssm.parameter";
    public static final String PUT_PARAMETER = TYPE + "/PutParameter";
    public static final String ADD_TAGS = TYPE + "/AddTagsToResource";
    public static final String REMOVE_TAGS = TYPE + "/RemoveTagsFromResource";

    /**
     * Parameter keys: {@code name}, {@code region}, {@code type}, {@code value}, {@code description},
     * {@code dataType}, {@code tag.<Key>}, {@code untag.<Key>}.
     */
    public static final String NAME = "name";
    public static final String REGION = "region";
    public static final String PARAMETER_TYPE = "type";
    public static final String VALUE = "value";
    public static final String DESCRIPTION = "description";
    public static final String DATA_TYPE = "dataType";
    public static final String TAG = "tag.";
    public static final String UNTAG = "untag.";

    private SsmParameterActions() {}

    /**
     * PutParameter with {@code Overwrite=true}: creates or replaces the value (a new version each time).
     *
     * @param description {@code null} = leave the current description alone
     * @param dataType {@code null} = AWS's default ({@code text}) on create, unchanged on overwrite
     */
    public record PutParameter(String region, String parameterName, String parameterType, String value, String description,
                               String dataType) implements TypedAction {
        public String name() {
            return PUT_PARAMETER;
        }

        /** Never prints the value: a SecureString's plaintext must not reach logs. */
        @Override
        public String toString() {
            return "PutParameter[region=" + region + ", parameterName=" + parameterName + ", parameterType=" + parameterType
                    + ", value=(" + (value == null ? 0 : value.length()) + " chars withheld), description=" + description
                    + ", dataType=" + dataType + "]";
        }
    }

    public record AddTagsToResource(String region, String parameterName, Map<String, String> tags) implements TypedAction {
        public AddTagsToResource {
            tags = Map.copyOf(tags);
        }

        public String name() {
            return ADD_TAGS;
        }
    }

    public record RemoveTagsFromResource(String region, String parameterName, Set<String> tagKeys) implements TypedAction {
        public RemoveTagsFromResource {
            tagKeys = Set.copyOf(tagKeys);
        }

        public String name() {
            return REMOVE_TAGS;
        }
    }
}
