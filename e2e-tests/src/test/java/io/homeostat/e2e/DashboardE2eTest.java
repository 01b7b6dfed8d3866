package io.homeostat.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The dashboard as a person uses it, in headless Chromium: the five services and the dashboard run as processes on
 * the local stack; the test signs in on the page, tampers with queues and watches the page (never the API) for the
 * incident, its timeline picture, the plan waiting for approval and the DLQ depth, clicking Approve and Replay.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardE2eTest {

    /** Generous: six JVMs and a browser share 2 cores with other work; a heal is normally seconds. */
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String HEALED = "dash-heal";
    private static final String HELD = "dash-paused";
    private static final String UNWATCHED = "dash-markup";
    private static final String MARKUP = "<img id=injected src=x onerror=document.title='owned'>";
    private static final Path SCREENSHOTS = Pipeline.ROOT.resolve("e2e-tests/target");

    private static HeadlessChromium chromium;
    private static Pipeline pipeline;
    private static ServiceProcess dashboard;
    private static Tampering tampering;
    private static Probe probe;

    /** A failing test leaves a picture of the page in e2e-tests/target/ (the browser is still open here). */
    @RegisterExtension
    static final TestWatcher SCREENSHOT_ON_FAILURE = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (chromium != null) {
                chromium.screenshot(SCREENSHOTS.resolve("dashboard-" + context.getRequiredTestMethod().getName() + ".png"));
            }
        }
    };

    @BeforeAll
    static void startEverything() throws Exception {
        // The browser first: without it nothing here can pass, so say how to install it before starting six JVMs.
        chromium = HeadlessChromium.start(Pipeline.LOG_DIR.resolve("dashboard"));
        pipeline = Pipeline.start("dashboard", Pipeline.phasesWithQueues("phases-dashboard", List.of(HEALED, HELD, UNWATCHED)));
        pipeline.startAll(Map.of(), Map.of("homeostat.detector.scan-interval", "1s", "homeostat.detector.provision-on-start", "true"));
        dashboard = ServiceProcess.start("dashboard", Pipeline.ROOT.resolve("dashboard/target/quarkus-app/quarkus-run.jar"), Map.of(
                "homeostat.dashboard.detector-url", "http://127.0.0.1:" + pipeline.service("detector").port,
                "homeostat.dashboard.planner-url", "http://127.0.0.1:" + pipeline.service("planner").port),
                Pipeline.LOG_DIR.resolve("dashboard"));
        dashboard.awaitReady(Pipeline.READY_TIMEOUT);
        tampering = new Tampering(pipeline);
        probe = new Probe(pipeline);
    }

    @AfterAll
    static void stopEverything() {
        if (chromium != null) {
            chromium.close();
        }
        if (tampering != null) {
            tampering.close();
        }
        if (dashboard != null) {
            dashboard.close();
        }
        if (pipeline != null) {
            pipeline.close();
        }
    }

    @Test
    @Order(1)
    void aWrongTokenShowsTheSignInError() {
        browser().get(page());
        signIn("not-the-token");
        WebElement error = browser().findElement(By.id("signin-error"));
        waitUntil(ExpectedConditions.textToBePresentInElement(error, "refused"));
        assertFalse(browser().findElement(By.id("app")).isDisplayed(), "nothing is shown without a valid token");
    }

    @Test
    @Order(2)
    void signedInATamperedQueueAppearsAsAnIncidentAndResolvesOnThePage() {
        browser().get(page());
        signIn(Pipeline.API_TOKEN);
        waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("incidents")));
        // Resources by phase, with their drift status (GET /api/status through the dashboard).
        waitUntil(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#status [data-phase='e2e'] tr[data-resource='" + HEALED + "'][data-drift='IN_SYNC']")));

        tampering.tamperAndReport(HEALED);
        waitUntil(ExpectedConditions.presenceOfElementLocated(incidentRow(HEALED, null)));
        WebElement resolved = waitUntil(ExpectedConditions.presenceOfElementLocated(incidentRow(HEALED, "RESOLVED")));
        assertTrue(resolved.getText().contains("TAMPERING") || resolved.getText().contains("DRIFT"), resolved.getText());
        assertEquals("30", tampering.visibilityTimeout(HEALED), "the page shows RESOLVED because the queue was healed");

        resolved.click();
        waitUntil(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#timeline g.step[data-state='RESOLVED']")));
        assertEquals(List.of("DETECTED", "ANALYZED", "PLANNED", "EXECUTING", "EXECUTED", "RESOLVED"), timelineSteps(),
                "the timeline picture, detection to verification");
        assertTrue(browser().findElement(By.id("timeline")).getText().contains("verifier"), "each step names its service");
        assertTrue(browser().findElement(By.id("detail-summary")).getText().contains("attributes.VisibilityTimeout was 99"),
                browser().findElement(By.id("detail-summary")).getText());
    }

    @Test
    @Order(3)
    void aPlanHeldByAPausedFlagIsApprovedByClickingAndResolves() {
        flag(HELD, "PAUSED");
        tampering.tamperAndReport(HELD);

        By waiting = By.cssSelector("#plans li[data-resource='" + HELD + "']");
        WebElement plan = waitUntil(ExpectedConditions.visibilityOfElementLocated(waiting));
        assertTrue(plan.getText().contains("drift flag PAUSED"), "the page says why it waits: " + plan.getText());
        waitUntil(ExpectedConditions.presenceOfElementLocated(incidentRow(HELD, "AWAITING_APPROVAL")));
        assertEquals("99", tampering.visibilityTimeout(HELD), "nothing runs before the approval");

        plan.findElement(By.cssSelector("input")).sendKeys("checked on the dashboard");
        plan.findElement(By.cssSelector("button.approve")).click();
        waitUntil(ExpectedConditions.invisibilityOfElementLocated(waiting));
        waitUntil(ExpectedConditions.presenceOfElementLocated(incidentRow(HELD, "RESOLVED")));
        assertEquals("30", tampering.visibilityTimeout(HELD), "the approved plan ran");

        JsonNode incident = probe.incidentsFor(HELD).stream().filter(i -> "RESOLVED".equals(i.path("state").asText()))
                .findFirst().orElseThrow();
        assertEquals("e2e", incident.path("approval").path("decidedBy").asText(), "decided as the user behind the token");
        assertEquals("checked on the dashboard", incident.path("approval").path("comment").asText());
    }

    @Test
    @Order(4)
    void aDeadLetterShowsAsDepthAndIsReplayedByClicking() {
        // A CloudTrail event left on the detector's DLQ (its cause since fixed): the page shows the depth, Replay sends
        // it back to the detector, which handles it (the queue is in sync: nothing to do) and the depth returns to 0.
        try (SqsClient control = Clients.sqs(pipeline.endpoints().controlSqs(), "operator");
             SqsClient cloud = Clients.sqs(pipeline.endpoints().cloud(), "mallory")) {
            String dlq = control.getQueueUrl(b -> b.queueName("homeostat-detector-dlq")).queueUrl();
            String queueUrl = cloud.getQueueUrl(b -> b.queueName(HEALED)).queueUrl();
            String event = CloudTrailEvents.sqsCall("SetQueueAttributes", queueUrl, CloudTrailEvents.MALLORY_ARN, "AKIAMALLORY");
            control.sendMessage(b -> b.queueUrl(dlq).messageBody(event));
        }
        WebElement replay = waitUntil(ExpectedConditions.elementToBeClickable(
                By.cssSelector("#dlq tr[data-queue='detector'][data-depth='1'] button.replay")));
        replay.click();
        waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("dlq-result"), "detector: replayed 1 of 1"));
        waitUntil(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#dlq tr[data-queue='detector'][data-depth='0']")));
    }

    @Test
    @Order(5)
    void untrustedValuesFromTheCloudAreShownAsTextNeverAsMarkup() {
        // Not watched (DISABLED), so the drift stays for the page to show instead of being healed at once.
        flag(UNWATCHED, "DISABLED");
        try (SqsClient cloud = Clients.sqs(pipeline.endpoints().cloud(), "mallory")) {
            String url = cloud.getQueueUrl(b -> b.queueName(UNWATCHED)).queueUrl();
            cloud.tagQueue(b -> b.queueUrl(url).tags(Map.of("env", MARKUP)));
        }
        WebElement row = waitUntil(ExpectedConditions.presenceOfElementLocated(
                By.cssSelector("#status tr[data-resource='" + UNWATCHED + "'][data-drift='DRIFTED']")));
        assertTrue(row.getText().contains(MARKUP), "the tag value is shown as typed: " + row.getText());
        assertTrue(row.getText().contains("DISABLED"), row.getText());
        assertTrue(browser().findElements(By.id("injected")).isEmpty(), "the markup never became an element");
    }

    @Test
    @Order(6)
    void aTokenRefusedMidSessionSendsThePageBackToSignIn() {
        // As if the token were revoked while the tab stayed open: the next poll's 401 clears it and asks again.
        ((org.openqa.selenium.JavascriptExecutor) browser()).executeScript("sessionStorage.setItem('homeostat.token', 'revoked')");
        waitUntil(ExpectedConditions.textToBePresentInElementLocated(By.id("signin-error"), "sign in again"));
        assertFalse(browser().findElement(By.id("app")).isDisplayed(), "the data is hidden again");
        assertEquals(null, ((org.openqa.selenium.JavascriptExecutor) browser()).executeScript(
                "return sessionStorage.getItem('homeostat.token')"), "the refused token is not kept");
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    /** A drift flag set over the detector's API (flags are not on the page); retried while a fresh JVM warms up. */
    private static void flag(String resource, String mode) {
        Await.until("flag " + mode + " on " + resource, Duration.ofSeconds(60), () -> pipeline.service("detector").send("PUT",
                "/api/flags/resource/" + resource, "{\"mode\":\"" + mode + "\",\"reason\":\"dashboard e2e\"}",
                Pipeline.API_TOKEN).filter(r -> r.statusCode() == 200));
    }

    private static WebDriver browser() {
        return chromium.driver;
    }

    private static String page() {
        return "http://127.0.0.1:" + dashboard.port + "/";
    }

    private static void signIn(String token) {
        WebElement field = waitUntil(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
        field.clear();
        field.sendKeys(token);
        browser().findElement(By.id("signin-button")).click();
    }

    private static By incidentRow(String resource, String state) {
        return By.cssSelector("#incidents tr[data-resource='" + resource + "']" + (state == null ? "" : "[data-state='" + state + "']"));
    }

    private static List<String> timelineSteps() {
        return browser().findElements(By.cssSelector("#timeline g.step")).stream().map(g -> g.getAttribute("data-state")).toList();
    }

    private static <T> T waitUntil(java.util.function.Function<? super WebDriver, T> condition) {
        return new WebDriverWait(browser(), TIMEOUT, Duration.ofMillis(250)).until(condition);
    }
}
