package io.homeostat.analyzer.bedrock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import io.homeostat.model.events.Classification.Kind;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The strict answer schema: what passes, and every way an answer is discarded, with its metric reason. */
class OpinionParserTest {

    private final OpinionParser parser = new OpinionParser();

    static Stream<Arguments> accepted() {
        return Stream.of(
                arguments("plain object", "{\"kind\":\"TAMPERING\",\"severity\":7,\"confidence\":0.6,\"rationale\":\"odd hour\"}",
                        new ModelOpinion(Kind.TAMPERING, 7, 0.6, "odd hour")),
                arguments("whitespace around", "\n  {\"kind\":\"DRIFT\",\"severity\":1,\"confidence\":0,\"rationale\":\"x\"}  \n",
                        new ModelOpinion(Kind.DRIFT, 1, 0.0, "x")),
                arguments("one Markdown json fence", "```json\n{\"kind\":\"ANOMALY\",\"severity\":10,\"confidence\":1,\"rationale\":\"y\"}\n```",
                        new ModelOpinion(Kind.ANOMALY, 10, 1.0, "y")),
                arguments("a bare fence", "```\n{\"kind\":\"NORMAL\",\"severity\":2,\"confidence\":0.5,\"rationale\":\"z\"}\n```",
                        new ModelOpinion(Kind.NORMAL, 2, 0.5, "z")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void accepted(String reason, String answer, ModelOpinion expected) {
        assertEquals(expected, parser.parse(answer), reason);
    }

    static Stream<Arguments> rejected() {
        return Stream.of(
                arguments("empty", "", "empty", "empty"),
                arguments("prose", "I think this is tampering.", "not_json", "not one JSON object"),
                arguments("prose before the object", "Sure! {\"kind\":\"DRIFT\",\"severity\":3,\"confidence\":0.9,\"rationale\":\"r\"}",
                        "not_json", "not one JSON object"),
                arguments("two objects", "{\"kind\":\"DRIFT\",\"severity\":3,\"confidence\":0.9,\"rationale\":\"r\"} {}", "not_json", ""),
                arguments("an array", "[{\"kind\":\"DRIFT\"}]", "not_json", "not a JSON object"),
                arguments("truncated", "{\"kind\":\"DRIFT\",\"severity\":3,", "not_json", ""),
                arguments("an actions field", "{\"kind\":\"NORMAL\",\"severity\":1,\"confidence\":1,\"rationale\":\"r\","
                        + "\"actions\":[{\"type\":\"aws.sqs.queue/DeleteQueue\"}]}", "unknown_field", "[actions]"),
                arguments("a command field", "{\"kind\":\"DRIFT\",\"severity\":3,\"confidence\":0.9,\"rationale\":\"r\",\"command\":\"rm -rf /\"}",
                        "unknown_field", "[command]"),
                arguments("duplicate key (a second, milder kind)", "{\"kind\":\"TAMPERING\",\"kind\":\"NORMAL\",\"severity\":3,"
                        + "\"confidence\":0.9,\"rationale\":\"r\"}", "not_json", "Duplicate"),
                arguments("missing rationale", "{\"kind\":\"DRIFT\",\"severity\":3,\"confidence\":0.9}", "missing_field", "'rationale'"),
                arguments("null kind", "{\"kind\":null,\"severity\":3,\"confidence\":0.9,\"rationale\":\"r\"}", "missing_field", "'kind'"),
                arguments("unknown kind", "{\"kind\":\"BENIGN\",\"severity\":3,\"confidence\":0.9,\"rationale\":\"r\"}", "out_of_range", "'kind'"),
                arguments("lower-case kind", "{\"kind\":\"drift\",\"severity\":3,\"confidence\":0.9,\"rationale\":\"r\"}", "out_of_range", "'kind'"),
                arguments("kind as number", "{\"kind\":3,\"severity\":3,\"confidence\":0.9,\"rationale\":\"r\"}", "wrong_type", "'kind'"),
                arguments("severity as string", "{\"kind\":\"DRIFT\",\"severity\":\"3\",\"confidence\":0.9,\"rationale\":\"r\"}",
                        "wrong_type", "'severity'"),
                arguments("severity fractional", "{\"kind\":\"DRIFT\",\"severity\":3.5,\"confidence\":0.9,\"rationale\":\"r\"}",
                        "wrong_type", "'severity'"),
                arguments("severity 0", "{\"kind\":\"DRIFT\",\"severity\":0,\"confidence\":0.9,\"rationale\":\"r\"}", "out_of_range", "1..10"),
                arguments("severity 11", "{\"kind\":\"DRIFT\",\"severity\":11,\"confidence\":0.9,\"rationale\":\"r\"}", "out_of_range", "1..10"),
                arguments("severity huge", "{\"kind\":\"DRIFT\",\"severity\":99999999999,\"confidence\":0.9,\"rationale\":\"r\"}",
                        "out_of_range", "1..10"),
                arguments("confidence as string", "{\"kind\":\"DRIFT\",\"severity\":3,\"confidence\":\"high\",\"rationale\":\"r\"}",
                        "wrong_type", "'confidence'"),
                arguments("confidence above 1", "{\"kind\":\"DRIFT\",\"severity\":3,\"confidence\":1.01,\"rationale\":\"r\"}",
                        "out_of_range", "0..1"),
                arguments("confidence negative", "{\"kind\":\"DRIFT\",\"severity\":3,\"confidence\":-0.1,\"rationale\":\"r\"}",
                        "out_of_range", "0..1"),
                arguments("rationale as object", "{\"kind\":\"DRIFT\",\"severity\":3,\"confidence\":0.9,\"rationale\":{\"a\":1}}",
                        "wrong_type", "'rationale'"),
                arguments("blank rationale", "{\"kind\":\"DRIFT\",\"severity\":3,\"confidence\":0.9,\"rationale\":\"  \"}",
                        "out_of_range", "'rationale'"),
                arguments("rationale too long", "{\"kind\":\"DRIFT\",\"severity\":3,\"confidence\":0.9,\"rationale\":\"" + "x".repeat(1001) + "\"}",
                        "out_of_range", "'rationale'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void rejected(String reason, String answer, String metricReason, String messageHas) {
        RejectedAnswer e = assertThrows(RejectedAnswer.class, () -> parser.parse(answer), reason);
        assertEquals(metricReason, e.reason(), reason + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(messageHas), reason + ": " + e.getMessage());
    }
}
