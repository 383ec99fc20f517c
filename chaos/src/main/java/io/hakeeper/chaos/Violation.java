package io.hakeeper.chaos;

/** What a checker found wrong: which checker, when (monotonic nanoseconds), and a sentence a person can act on. */
public record Violation(String checker, long atNanos, String text) {
}
