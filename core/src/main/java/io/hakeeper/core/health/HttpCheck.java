package io.hakeeper.core.health;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.hakeeper.core.http.HttpCall;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;

/**
 * Healthy when a GET answers 2xx and, if a field is named, the JSON body has that field (a dotted path) equal to the
 * expected text. A 2xx with the wrong field, or any other status, is unhealthy; no answer is not responding.
 */
public final class HttpCheck implements HealthCheck {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI uri;
    private final String jsonField;
    private final String expected;

    public HttpCheck(URI uri, String jsonField, String expected) {
        this.uri = uri;
        this.jsonField = jsonField;
        this.expected = expected;
    }

    @Override
    public Result check(Duration timeout) {
        HttpCall.Response response;
        try {
            // on the connection the master's HA calls use too (HttpCall): this GET keeps it open and its path warm
            response = HttpCall.send("GET", uri, timeout);
        } catch (SocketTimeoutException e) {
            return Result.notResponding("GET " + uri + " gave no answer within " + timeout.toMillis() + " ms");
        } catch (ConnectException e) {
            return Result.notResponding("GET " + uri + ": connection refused");
        } catch (Exception e) {
            return Result.notResponding("GET " + uri + " failed (" + e.getClass().getSimpleName() + ": " + e.getMessage() + ")");
        }
        if (response.status() / 100 != 2) {
            return Result.unhealthy("GET " + uri + " answered " + response.status());
        }
        if (jsonField == null) {
            return Result.healthy();
        }
        try {
            JsonNode node = JSON.readTree(response.body());
            for (String part : jsonField.split("\\.")) {
                node = node == null ? null : node.get(part);
            }
            String actual = node == null ? null : node.asText();
            return expected.equals(actual) ? Result.healthy()
                    : Result.unhealthy("GET " + uri + ": " + jsonField + " is " + actual + ", not " + expected);
        } catch (Exception e) {
            return Result.unhealthy("GET " + uri + " did not answer JSON (" + e.getMessage() + ")");
        }
    }

    @Override
    public String describe() {
        return "http " + uri + (jsonField == null ? "" : " " + jsonField + "=" + expected);
    }
}
