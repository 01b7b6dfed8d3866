package io.homeostat.mcp.render;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class StatusTextTest {

    @Test
    void totalsThenResourcesByPhaseWithCloudValuesQuoted() throws Exception {
        String text = StatusText.render(new ObjectMapper().readTree("""
                {"at":"2026-11-23T07:00:00Z","counts":{"DRIFTED":1,"IN_SYNC":1},"watch":{"ENABLED":1,"PAUSED":1},
                 "resources":[
                  {"phase":"a","logicalId":"orders","type":"aws.sqs.queue","name":"orders","drift":"DRIFTED","watch":"PAUSED",
                   "mode":"AUTO_HEAL","openIncident":"inc-9","diff":[{"path":"tags.env","desired":"prod","actual":"x\\ny"}]},
                  {"phase":"b","logicalId":"alerts","type":"aws.sns.topic","name":"alerts","drift":"IN_SYNC","watch":"ENABLED",
                   "mode":"AUTO_HEAL","diff":[]}]}
                """));
        assertTrue(text.contains("drift: 1 DRIFTED, 1 IN_SYNC"), text);
        assertTrue(text.contains("watch: 1 ENABLED, 1 PAUSED"), text);
        assertTrue(text.contains("phase a:\n  orders (aws.sqs.queue orders): DRIFTED, watch PAUSED, mode AUTO_HEAL, open incident inc-9"), text);
        assertTrue(text.contains("tags.env: desired 'prod', actual 'x y'"), text);
        assertTrue(text.contains("phase b:\n  alerts (aws.sns.topic alerts): IN_SYNC, watch ENABLED, mode AUTO_HEAL\n"), text);
    }
}
