package io.hakeeper.chaos;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.LongToDoubleFunction;

/**
 * Draws a campaign's {@link Timeline} as one self-contained HTML page, so that a person can see at a glance who was
 * active when, which faults were in force at that moment, and where a checker objected.
 *
 * <p>The page has no external resources and no script: inline CSS and an inline SVG chart whose {@code <title>}
 * elements are the hover tooltips. It is written as well-formed XHTML-compatible markup so it can also be parsed by
 * an XML parser (the tests rely on that). Everything is built in one {@link StringBuilder} pass per list, so
 * campaigns with thousands of intervals and faults render in well under a second.
 */
public final class HtmlTimeline {
    private static final int PLOT_W = 1600;
    private static final int LABEL_W = 240;
    private static final int RIGHT_PAD = 24;
    private static final int AXIS_H = 36;
    private static final int LANE_H = 22;
    private static final int FAULT_ROW_H = 14;
    /** Beyond this many concurrent faults the faults lane stacks boxes on top of each other rather than growing. */
    private static final int MAX_FAULT_ROWS = 6;
    // No red in the palette: red is reserved for violations so they never blend into a bar.
    private static final String[] PALETTE = {"#4e79a7", "#f28e2b", "#59a14f", "#b07aa1", "#76b7b2", "#edc948",
            "#9c755f", "#ff9da7", "#8cd17d", "#bab0ac"};
    /** Tick spacings a person reads easily; the first giving at most ~12 ticks wins. */
    private static final long[] STEPS_MS = {100, 200, 500, 1_000, 2_000, 5_000, 10_000, 15_000, 30_000, 60_000,
            120_000, 300_000, 600_000, 900_000, 1_800_000, 3_600_000};
    private static final String CSS = """
            body{font-family:system-ui,sans-serif;margin:16px;color:#222} .ok{color:#070} li,.bad{color:#c00}
            pre.summary{background:#f4f4f4;padding:8px;border:1px solid #ddd;overflow-x:auto}
            .chart{overflow-x:auto;border:1px solid #ddd} svg text{font:11px monospace;fill:#333}
            svg text.lbl{pointer-events:none;fill:#fff} .legend span{display:inline-block;margin-right:14px}
            .legend i{display:inline-block;width:12px;height:12px;margin-right:4px;vertical-align:middle}
            table{border-collapse:collapse;font:12px monospace} td.n{text-align:right}
            td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}
            """;

    private HtmlTimeline() {}

    /**
     * Returns a complete HTML5 document for {@code timeline}.
     *
     * @param title        shown as the page title and heading
     * @param timeline     what to draw; times are shown in seconds since {@link Timeline#originNanos()}
     * @param summaryLines preformatted lines shown above the chart (may be empty or null)
     */
    public static String render(String title, Timeline timeline, List<String> summaryLines) {
        StringBuilder h = new StringBuilder(8192 + 300 * (timeline.intervals().size() + 2 * timeline.faults().size()));
        h.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\"/>\n<title>").append(esc(title))
                .append("</title>\n<style>\n").append(CSS).append("</style>\n</head>\n<body>\n<h1>").append(esc(title))
                .append("</h1>\n");
        if (summaryLines != null && !summaryLines.isEmpty()) {
            h.append("<pre class=\"summary\">");
            for (String line : summaryLines) {
                h.append(esc(line)).append('\n');
            }
            h.append("</pre>\n");
        }
        if (timeline.intervals().isEmpty() && timeline.faults().isEmpty() && timeline.violations().isEmpty()) {
            h.append("<p class=\"empty\">Nothing to draw: no intervals, faults or violations were recorded.</p>\n");
        } else {
            chart(h, timeline);
        }
        violations(h, timeline);
        faultTable(h, timeline);
        return h.append("</body>\n</html>\n").toString();
    }

    private static void chart(StringBuilder h, Timeline t) {
        long origin = t.originNanos();
        // The domain always includes 0 (the campaign's start) and stretches to cover anything recorded outside it.
        long[] d = {0, 0};
        t.intervals().forEach(i -> widen(d, i.startNanos() - origin, i.endNanos() - origin));
        t.faults().forEach(f -> widen(d, f.startNanos() - origin, f.endNanos() - origin));
        t.violations().forEach(v -> widen(d, v.atNanos() - origin, v.atNanos() - origin));
        long lo = d[0];
        long hi = Math.max(d[1], lo + 1_000_000_000L);
        // Past the table (a run of days), fall back to whole hours that still give about a dozen ticks.
        long stepMs = ((hi - lo) / 12 / 3_600_000_000_000L + 1) * 3_600_000;
        for (long s : STEPS_MS) {
            if ((hi - lo) / (s * 1_000_000L) <= 12) {
                stepMs = s;
                break;
            }
        }
        long stepNs = stepMs * 1_000_000L;
        // End the axis on a tick so the run's last moment always has a labelled reference to its right.
        hi = Math.floorDiv(hi + stepNs - 1, stepNs) * stepNs;
        double pxPerNano = PLOT_W / (double) (hi - lo);
        LongToDoubleFunction x = rel -> LABEL_W + (rel - lo) * pxPerNano;

        // Lanes: one per (group, holder), sorted; colours by group in sorted order so they are stable across runs.
        TreeMap<String, TreeSet<String>> byGroup = new TreeMap<>();
        for (Interval i : t.intervals()) {
            byGroup.computeIfAbsent(str(i.group()), g -> new TreeSet<>()).add(str(i.holder()));
        }
        Map<String, Integer> laneOf = new HashMap<>();
        Map<String, String> colourOf = new HashMap<>();
        List<String> laneLabels = new ArrayList<>();
        for (var e : byGroup.entrySet()) {
            colourOf.put(e.getKey(), PALETTE[colourOf.size() % PALETTE.length]);
            for (String holder : e.getValue()) {
                laneOf.put(e.getKey() + '\0' + holder, laneLabels.size());
                laneLabels.add(e.getKey() + "/" + holder);
            }
        }

        // Faults lane: greedy packing into rows so that overlapping faults each get a visible box.
        List<FaultWindow> faults = new ArrayList<>(t.faults());
        faults.sort(Comparator.comparingLong(FaultWindow::startNanos));
        int[] rowOf = new int[faults.size()];
        long[] rowEnd = new long[MAX_FAULT_ROWS];
        Arrays.fill(rowEnd, Long.MIN_VALUE);
        int rows = 0;
        for (int k = 0; k < faults.size(); k++) {
            FaultWindow f = faults.get(k);
            int r = 0;
            while (r < rows && rowEnd[r] > f.startNanos()) {
                r++;
            }
            if (r == rows && rows < MAX_FAULT_ROWS) {
                rows++;
            } else if (r == rows) {
                r = k % MAX_FAULT_ROWS;
            }
            rowOf[k] = r;
            rowEnd[r] = Math.max(rowEnd[r], Math.max(f.startNanos(), f.endNanos()));
        }

        int faultTop = AXIS_H;
        int laneTop = faultTop + (rows == 0 ? 0 : rows * FAULT_ROW_H + 6);
        int bottom = laneTop + Math.max(1, laneLabels.size()) * LANE_H;
        int width = LABEL_W + PLOT_W + RIGHT_PAD;

        h.append("<p class=\"legend\">");
        for (String group : byGroup.keySet()) {
            h.append("<span><i style=\"background:").append(colourOf.get(group)).append("\"></i>").append(esc(group))
                    .append("</span>");
        }
        h.append("<span><i style=\"background:#f28e2b;opacity:.3\"></i>fault in force</span>")
                .append("<span class=\"bad\"><i style=\"background:#d00\"></i>violation</span>")
                .append("<span>hover any bar, band or marker for details</span></p>\n");
        h.append("<div class=\"chart\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width)
                .append("\" height=\"").append(bottom + 8).append("\" viewBox=\"0 0 ").append(width).append(' ')
                .append(bottom + 8).append("\">\n");

        for (int l = 0; l < laneLabels.size(); l++) {
            int y = laneTop + l * LANE_H;
            if (l % 2 == 0) {
                h.append("<rect x=\"0\" y=\"").append(y).append("\" width=\"").append(width).append("\" height=\"")
                        .append(LANE_H).append("\" fill=\"#f6f6f6\"/>\n");
            }
            h.append("<text x=\"").append(LABEL_W - 6).append("\" y=\"").append(y + 15)
                    .append("\" text-anchor=\"end\">").append(esc(laneLabels.get(l))).append("</text>\n");
        }
        if (laneLabels.isEmpty()) {
            h.append("<text x=\"").append(LABEL_W + 6).append("\" y=\"").append(laneTop + 15)
                    .append("\">no active intervals recorded</text>\n");
        }
        if (rows > 0) {
            h.append("<text x=\"").append(LABEL_W - 6).append("\" y=\"").append(faultTop + 11)
                    .append("\" text-anchor=\"end\">faults</text>\n");
        }

        for (long tick = Math.floorDiv(lo + stepNs - 1, stepNs) * stepNs; tick <= hi; tick += stepNs) {
            double tx = x.applyAsDouble(tick);
            h.append("<line x1=\"").append(px(tx)).append("\" y1=\"").append(AXIS_H - 6).append("\" x2=\"")
                    .append(px(tx)).append("\" y2=\"").append(bottom).append("\" stroke=\"#ddd\"/>\n<text x=\"")
                    .append(px(tx)).append("\" y=\"").append(AXIS_H - 10).append("\" text-anchor=\"middle\">")
                    .append(tickLabel(tick, stepMs)).append(" s</text>\n");
        }

        // Bands go below the lanes' bars (drawn later) so that bars keep their own tooltips; they do not cover the
        // faults lane, where each fault has its own box.
        for (int k = 0; k < faults.size(); k++) {
            FaultWindow f = faults.get(k);
            double fx = x.applyAsDouble(f.startNanos() - origin);
            double fw = Math.max(1, (Math.max(f.startNanos(), f.endNanos()) - f.startNanos()) * pxPerNano);
            String tip = faultTip(f, origin);
            int y = faultTop + rowOf[k] * FAULT_ROW_H;
            h.append("<rect x=\"").append(px(fx)).append("\" y=\"").append(laneTop).append("\" width=\"").append(px(fw))
                    .append("\" height=\"").append(bottom - laneTop).append("\" fill=\"#f28e2b\" fill-opacity=\"0.15\"")
                    .append("><title>").append(tip).append("</title></rect>\n<rect x=\"").append(px(fx))
                    .append("\" y=\"").append(y + 1).append("\" width=\"").append(px(fw)).append("\" height=\"")
                    .append(FAULT_ROW_H - 2).append("\" fill=\"#c96a10\"><title>").append(tip)
                    .append("</title></rect>\n");
            // Monospace 11 px is about 6.7 px a character: cut the label to its box rather than spill onto the next.
            String label = "#" + f.id() + " " + str(f.kind());
            int fit = Math.min(label.length(), (int) ((fw - 6) / 6.7));
            if (fit >= 2) {
                h.append("<text class=\"lbl\" x=\"").append(px(fx + 3)).append("\" y=\"").append(y + 11).append("\">")
                        .append(esc(label.substring(0, fit))).append("</text>\n");
            }
        }

        for (Interval i : t.intervals()) {
            int y = laneTop + laneOf.get(str(i.group()) + '\0' + str(i.holder())) * LANE_H;
            long end = Math.max(i.startNanos(), i.endNanos());
            double bx = x.applyAsDouble(i.startNanos() - origin);
            double bw = Math.max(1, (end - i.startNanos()) * pxPerNano);
            h.append("<rect class=\"bar\" x=\"").append(px(bx)).append("\" y=\"").append(y + 3).append("\" width=\"")
                    .append(px(bw)).append("\" height=\"").append(LANE_H - 6).append("\" fill=\"")
                    .append(colourOf.get(str(i.group()))).append("\"><title>holder ").append(esc(i.holder()))
                    .append(" (group ").append(esc(i.group())).append(")\nepoch ").append(i.epoch())
                    .append("\nstart ").append(secs(i.startNanos() - origin)).append(" s\nend ")
                    .append(secs(end - origin)).append(" s\nended by ").append(esc(i.endReason()))
                    .append("</title></rect>\n");
            if (bw >= 40) {
                h.append("<text class=\"lbl\" x=\"").append(px(bx + 3)).append("\" y=\"").append(y + 15)
                        .append("\">e").append(i.epoch()).append("</text>\n");
            }
        }

        for (Violation v : t.violations()) {
            double mx = x.applyAsDouble(v.atNanos() - origin);
            String vx = px(mx);
            h.append("<g><title>").append(esc(v.checker())).append(" at ").append(secs(v.atNanos() - origin))
                    .append(" s\n").append(esc(v.text())).append("</title><line x1=\"").append(vx).append("\" y1=\"")
                    .append(AXIS_H - 6).append("\" x2=\"").append(vx).append("\" y2=\"").append(bottom)
                    .append("\" stroke=\"#d00\" stroke-width=\"2\"/><path d=\"M").append(px(mx - 5)).append(' ')
                    .append(AXIS_H - 8).append(" L").append(px(mx + 5)).append(' ').append(AXIS_H - 8).append(" L")
                    .append(vx).append(' ').append(AXIS_H).append(" Z\" fill=\"#d00\"/></g>\n");
        }
        h.append("</svg></div>\n");
    }

    private static void violations(StringBuilder h, Timeline t) {
        h.append("<h2>Violations</h2>\n");
        if (t.violations().isEmpty()) {
            h.append("<p class=\"ok\">no violations</p>\n");
            return;
        }
        List<Violation> sorted = new ArrayList<>(t.violations());
        sorted.sort(Comparator.comparingLong(Violation::atNanos));
        h.append("<ul class=\"violations\">\n");
        for (Violation v : sorted) {
            h.append("<li>at ").append(secs(v.atNanos() - t.originNanos())).append(" s [").append(esc(v.checker()))
                    .append("] ").append(esc(v.text())).append("</li>\n");
        }
        h.append("</ul>\n");
    }

    private static void faultTable(StringBuilder h, Timeline t) {
        h.append("<h2>Faults</h2>\n");
        if (t.faults().isEmpty()) {
            h.append("<p>no faults</p>\n");
            return;
        }
        h.append("<table>\n<tr><th>id</th><th>kind</th><th>shape</th><th>target</th><th>start s</th>"
                + "<th>duration ms</th></tr>\n");
        for (FaultWindow f : t.faults()) {
            h.append("<tr><td class=\"n\">").append(f.id()).append("</td><td>").append(esc(f.kind()))
                    .append("</td><td>").append(esc(f.shape())).append("</td><td>").append(esc(f.target()))
                    .append("</td><td class=\"n\">")
                    .append(secs(f.startNanos() - t.originNanos())).append("</td><td class=\"n\">")
                    .append(durationMs(f)).append("</td></tr>\n");
        }
        h.append("</table>\n");
    }

    private static void widen(long[] domain, long from, long to) {
        domain[0] = Math.min(domain[0], from);
        domain[1] = Math.max(domain[1], Math.max(from, to));
    }

    private static String faultTip(FaultWindow f, long origin) {
        return "fault #" + f.id() + " " + esc(f.kind()) + "\nshape " + esc(f.shape()) + "\ntarget " + esc(f.target())
                + "\nstart " + secs(f.startNanos() - origin) + " s\nduration " + durationMs(f) + " ms";
    }

    private static long durationMs(FaultWindow f) {
        return Math.round(Math.max(0, f.endNanos() - f.startNanos()) / 1e6);
    }

    /** Seconds with millisecond precision, built by hand so the decimal point does not depend on the locale. */
    static String secs(long relNanos) {
        long ms = Math.round(relNanos / 1e6);
        String sign = ms < 0 ? "-" : "";
        ms = Math.abs(ms);
        return sign + ms / 1000 + "." + String.valueOf(1000 + ms % 1000).substring(1);
    }

    /** Tick values are whole multiples of the step, so dropping the digits the step does not need loses nothing. */
    private static String tickLabel(long relNanos, long stepMs) {
        String s = secs(relNanos);
        return s.substring(0, s.length() - (stepMs < 1000 ? 2 : 4));
    }

    /** A pixel coordinate to 0.1 px: enough for sub-pixel placement without bloating pages of thousands of bars. */
    private static String px(double v) {
        return Double.toString(Math.round(v * 10) / 10.0);
    }

    private static String str(String s) {
        return s == null ? "" : s;
    }

    /** Escapes text for element content and attribute values alike, so every call site can use the same one. */
    static String esc(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
