package io.hakeeper.core.config;

import io.hakeeper.core.error.HakeeperException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Hadoop's {@code ${var}} expansion in configuration values, with Hadoop's rules: a Java system property of that
 * name wins, then another configuration key; {@code ${env.NAME}} reads the environment, with {@code :-default}
 * (unset or empty) and {@code -default} (unset) fallbacks; expansion stops at the first reference that resolves to
 * nothing, leaving it as written; a value that refers to itself stays as written; more than 20 rounds is an error.
 */
public final class VariableExpansion {
    static final int MAX_ROUNDS = 20;
    private static final Pattern VAR = Pattern.compile("\\$\\{[^}$\\u0020]+}");

    private VariableExpansion() {
    }

    public static Map<String, String> expand(Map<String, String> conf) {
        return expand(conf, System::getProperty, System::getenv);
    }

    static Map<String, String> expand(Map<String, String> conf, Function<String, String> sysProps,
            Function<String, String> env) {
        Map<String, String> out = new LinkedHashMap<>();
        conf.forEach((k, v) -> out.put(k, expandOne(k, v, conf, sysProps, env)));
        return out;
    }

    private static String expandOne(String key, String value, Map<String, String> conf,
            Function<String, String> sysProps, Function<String, String> env) {
        String current = value;
        for (int round = 0; round < MAX_ROUNDS; round++) {
            Matcher m = VAR.matcher(current);
            if (!m.find()) {
                return current;
            }
            String reference = m.group();
            String resolved = resolve(reference.substring(2, reference.length() - 1), conf, sysProps, env);
            if (resolved == null) {
                return current; // Hadoop stops at the first reference it cannot resolve and keeps the rest as written
            }
            if (resolved.contains(reference)) {
                return value; // a value that refers to itself: Hadoop gives back the original text
            }
            current = current.substring(0, m.start()) + resolved + current.substring(m.end());
        }
        throw HakeeperException.config("the value of " + key + " still holds ${...} after " + MAX_ROUNDS
                + " expansions (" + current + "): variables refer to each other in a cycle; break it");
    }

    private static String resolve(String name, Map<String, String> conf, Function<String, String> sysProps,
            Function<String, String> env) {
        String v = null;
        if (name.startsWith("env.") && name.length() > 4) {
            String spec = name.substring(4);
            int i = 0;
            for (; i < spec.length(); i++) {
                char c = spec.charAt(i);
                if (c == ':' && i < spec.length() - 1 && spec.charAt(i + 1) == '-') {
                    v = env.apply(spec.substring(0, i));
                    if (v == null || v.isEmpty()) {
                        v = spec.substring(i + 2);
                    }
                    break;
                } else if (c == '-') {
                    v = env.apply(spec.substring(0, i));
                    if (v == null) {
                        v = spec.substring(i + 1);
                    }
                    break;
                }
            }
            if (i == spec.length()) {
                v = env.apply(spec);
            }
        } else {
            v = sysProps.apply(name);
        }
        return v != null ? v : conf.get(name);
    }
}
