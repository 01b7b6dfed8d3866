package io.homeostat.verifier.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * POSTs a Slack-compatible incoming-webhook body: {@code {"text": …, "blocks": [header, section]}}. Slack's control
 * sequences ({@code <!channel>}, {@code <url|label>}) start with {@code <}, so {@code & < >} are escaped everywhere:
 * nothing quoted from an event can mention people or forge a link.
 */
public final class WebhookChannel implements NotificationChannel {

    /** Slack limits a section's text to 3000 characters. */
    private static final int SECTION_MAX = 2900;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI url;
    private final ObjectMapper json;

    public WebhookChannel(URI url, ObjectMapper json) {
        this.url = url;
        this.json = json;
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public void send(Notification n) {
        HttpResponse<String> response;
        try {
            response = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(10))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body(n))).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException("webhook " + url.getHost() + " unreachable: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while calling the webhook", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw new IllegalStateException("webhook " + url.getHost() + " answered HTTP " + response.statusCode());
        }
    }

    String body(Notification n) {
        String text = escape(n.text());
        String section = text.length() <= SECTION_MAX ? text : text.substring(0, SECTION_MAX) + "\n… (cut)";
        Map<String, Object> body = Map.of(
                "text", escape(n.subject()) + "\n" + text,
                "blocks", List.of(
                        Map.of("type", "header", "text", Map.of("type", "plain_text", "text", n.subject())),
                        Map.of("type", "section", "text", Map.of("type", "mrkdwn", "text", "```" + section + "```"))));
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
