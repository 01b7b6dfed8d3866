package io.homeostat.mcp.change;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PhaseEditsTest {

    private static final String FILE = """
            phase: messaging
            resources:
              orders:
                type: aws.sqs.queue
                name: orders
                properties: {VisibilityTimeout: 30}
                tags: {team: payments, env: prod}
            """;

    private static JsonNode tree(String yaml) throws Exception {
        return new YAMLMapper().readTree(yaml);
    }

    @Test
    void setsValuesReadAsYamlCreatingMapsAndRemovesKeys() throws Exception {
        String edited = PhaseEdits.apply(FILE, List.of(
                "resources.orders.properties.VisibilityTimeout=60",
                "resources.orders.properties.RedrivePolicy={maxReceiveCount: 5, deadLetterTargetArn: arn}",
                "resources.orders.tags.owner=\"007\"",
                "-resources.orders.tags.env",
                "resources.refunds.type=aws.sqs.queue",
                "resources.refunds.name=refunds"));
        JsonNode t = tree(edited);
        assertEquals(60, t.at("/resources/orders/properties/VisibilityTimeout").asInt());
        assertTrue(t.at("/resources/orders/properties/VisibilityTimeout").isInt(), "60 is a number");
        assertEquals(5, t.at("/resources/orders/properties/RedrivePolicy/maxReceiveCount").asInt());
        assertTrue(t.at("/resources/orders/tags/owner").isTextual(), "a quoted value stays a string");
        assertEquals("007", t.at("/resources/orders/tags/owner").asText());
        assertTrue(t.at("/resources/orders/tags/env").isMissingNode());
        assertEquals("payments", t.at("/resources/orders/tags/team").asText());
        assertEquals("refunds", t.at("/resources/refunds/name").asText());
        assertEquals("messaging", t.at("/phase").asText());
    }

    @Test
    void aNewFileStartsEmpty() throws Exception {
        JsonNode t = tree(PhaseEdits.apply(null, List.of("phase=params", "resources.flag.type=aws.ssm.parameter")));
        assertEquals("aws.ssm.parameter", t.at("/resources/flag/type").asText());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
            "resources.orders.properties.VisibilityTimeout    | write path=value to set",
            "=60                                              | write path=value to set",
            "resources..orders=1                              | the path has an empty key",
            "-resources.orders.tags.nothing                   | there is no such key to remove",
            "resources.orders.name.first=x                    | 'name' holds a value, not a mapping",
            "resources.orders.tags.x={unclosed                | the value is not valid YAML"})
    void aWrongEditIsNamedWithWhatIsWrong(String edit, String expected) {
        PhaseChangeException e = assertThrows(PhaseChangeException.class, () -> PhaseEdits.apply(FILE, List.of("phase=x", edit)));
        assertTrue(e.getMessage().startsWith("edit 2 '" + edit + "'"), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void aFileThatIsNotAMappingCannotBeEditedKeyByKey() {
        PhaseChangeException e = assertThrows(PhaseChangeException.class, () -> PhaseEdits.apply("- a\n- b\n", List.of("x=1")));
        assertTrue(e.getMessage().contains("give its complete new content instead"), e.getMessage());
        assertThrows(PhaseChangeException.class, () -> PhaseEdits.apply(FILE, List.of()));
    }
}
