package io.hakeeper.chaos;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;

/** The report page: self-contained, shows everything it was given, and never lets recorded text become markup. */
class HtmlTimelineTest {
    private static final long ORIGIN = 5_000_000_000_000L;
    private static final long S = 1_000_000_000L;
    private static final String SVG_NS = "http://www.w3.org/2000/svg";

    private static Timeline sample() {
        return new Timeline(ORIGIN,
                List.of(new Interval("hdfs", "nn1", 1, ORIGIN, ORIGIN + 12 * S, "killed"),
                        new Interval("hdfs", "nn2", 2, ORIGIN + 13 * S, ORIGIN + 40 * S, "run-end"),
                        new Interval("yarn", "rm1", 7, ORIGIN + 2 * S, ORIGIN + 40 * S, "run-end")),
                List.of(new FaultWindow(1, "pause-controller", "-", "nn1-zkfc", ORIGIN + 10 * S, ORIGIN + 15 * S),
                        new FaultWindow(2, "partition", "bridge", "host3", ORIGIN + 12 * S, ORIGIN + 20 * S)),
                List.of(new Violation("single-active", ORIGIN + 12_500_000_000L, "two actives in hdfs for 31 ms")));
    }

    @Test
    void drawsEverythingItIsGivenWithoutExternalResources() throws Exception {
        String html = HtmlTimeline.render("campaign 42", sample(), List.of("seed 42", "faults 2"));

        assertTrue(html.startsWith("<!DOCTYPE html>"), html.substring(0, 40));
        for (String holder : List.of("nn1", "nn2", "rm1")) {
            assertTrue(html.contains(holder), holder);
        }
        assertTrue(html.contains("hdfs/nn1") && html.contains("yarn/rm1"), "lane labels");
        assertTrue(html.contains("pause-controller"));
        assertTrue(html.contains("two actives in hdfs for 31 ms"));
        assertTrue(html.contains("seed 42"));
        assertFalse(html.contains("no violations"));
        assertTrue(html.contains("start 12.000 s"), "interval start with millisecond precision");
        assertTrue(html.contains("duration 8000 ms"), "fault duration in the tooltip");

        String withoutNamespace = html.replace(SVG_NS, "");
        assertFalse(withoutNamespace.contains("http://"), "no URL other than the SVG namespace");
        assertFalse(withoutNamespace.contains("https://"), "no URL other than the SVG namespace");
        assertFalse(html.contains("<script"), "no script at all");
        assertWellFormed(html);
    }

    @Test
    void escapesRecordedText() throws Exception {
        String evil = "<script>alert(1)</script>";
        Timeline t = new Timeline(ORIGIN, List.of(new Interval("g&'\"", evil, 1, ORIGIN, ORIGIN + S, evil)),
                List.of(new FaultWindow(1, evil, evil, evil, ORIGIN, ORIGIN + S)),
                List.of(new Violation(evil, ORIGIN, evil)));

        String html = HtmlTimeline.render(evil, t, List.of(evil));

        assertFalse(html.contains(evil));
        assertFalse(html.contains("<script"));
        assertTrue(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"));
        assertTrue(html.contains("g&amp;&#39;&quot;"));
        assertWellFormed(html);
    }

    @Test
    void emptyTimelineIsAValidPageSayingSo() throws Exception {
        String html = HtmlTimeline.render("nothing happened", new Timeline(ORIGIN, List.of(), List.of(), List.of()),
                List.of());

        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("no violations"));
        assertTrue(html.contains("no faults"));
        assertTrue(html.contains("Nothing to draw"));
        assertTrue(html.trim().endsWith("</html>"));
        assertWellFormed(html);
    }

    @Test
    void clampsBackwardsIntervalsAndKeepsTinyBarsVisible() throws Exception {
        Timeline t = new Timeline(ORIGIN,
                List.of(new Interval("g", "backwards", 1, ORIGIN + 5 * S, ORIGIN + 4 * S, "lease"),
                        new Interval("g", "tiny", 2, ORIGIN + 6 * S, ORIGIN + 6 * S + 1, "standby"),
                        new Interval("g", "long", 3, ORIGIN, ORIGIN + 3600 * S, "run-end")),
                List.of(), List.of());

        String html = HtmlTimeline.render("clamp", t, null);

        Matcher widths = Pattern.compile("<rect class=\"bar\" [^>]*width=\"([0-9.]+)\"").matcher(html);
        int bars = 0;
        while (widths.find()) {
            bars++;
            assertTrue(Double.parseDouble(widths.group(1)) >= 1.0, widths.group(0));
        }
        assertEquals(3, bars);
        assertTrue(html.contains("start 5.000 s\nend 5.000 s"), "end clamped to start");
        assertTrue(html.contains(">3600 s<") || html.contains(">3000 s<"), "hour-long runs get coarse ticks");
        assertWellFormed(html);
    }

    @Test
    void overlappingFaultsEachGetABand() {
        Timeline t = new Timeline(ORIGIN, List.of(),
                List.of(new FaultWindow(1, "kill", "-", "a", ORIGIN, ORIGIN + 10 * S),
                        new FaultWindow(2, "delay", "-", "b", ORIGIN + 2 * S, ORIGIN + 8 * S)),
                List.of());

        String html = HtmlTimeline.render("overlap", t, List.of());

        assertTrue(html.contains("fault #1 kill"));
        assertTrue(html.contains("fault #2 delay"));
        assertTrue(html.contains("no active intervals recorded"));
    }

    @Test
    void rendersThousandsOfItems() {
        List<Interval> intervals = new ArrayList<>();
        List<FaultWindow> faults = new ArrayList<>();
        for (int k = 0; k < 5000; k++) {
            long at = ORIGIN + k * (S / 2);
            intervals.add(new Interval("g" + k % 4, "h" + k % 7, k, at, at + S / 3, "standby"));
            faults.add(new FaultWindow(k, "kind" + k % 5, "-", "t", at, at + S));
        }

        String html = HtmlTimeline.render("big", new Timeline(ORIGIN, intervals, faults, List.of()), List.of());

        assertEquals(5000, html.split("<rect class=\"bar\"", -1).length - 1);
        assertTrue(html.contains("g3/h6"));
    }

    /** The page is written as XHTML-compatible markup, so an XML parser catches any unescaped text or broken tag. */
    private static void assertWellFormed(String html) throws Exception {
        byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
        DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
    }
}
