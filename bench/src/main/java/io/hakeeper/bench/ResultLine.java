package io.hakeeper.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The one machine-readable line a scenario ends with: {@code RESULT <scenario> key=value ...} (docs/ARCHITECTURE.md). */
public final class ResultLine {
    private final String scenario;
    private final Map<String, String> fields = new LinkedHashMap<>();

    public ResultLine(String scenario) {
        this.scenario = scenario;
    }

    public ResultLine put(String key, double value) {
        fields.put(key, value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value)
                : String.format("%.3f", value));
        return this;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("RESULT ").append(scenario);
        fields.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
        return sb.toString();
    }

    public static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n == 0 ? Double.NaN : n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
