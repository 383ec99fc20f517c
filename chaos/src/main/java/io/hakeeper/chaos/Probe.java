package io.hakeeper.chaos;

import java.util.List;

/**
 * Asks a process inside the lab a question over TCP, from inside a host's namespace (the orchestrator has no route
 * into the lab): bash's /dev/tcp under {@code timeout}, so a cut-off peer costs at most a second.
 */
final class Probe {
    private Probe() {
    }

    /** What {@code addr:port} answered to {@code request}, or "" when it did not answer within a second. */
    static String tcp(Lab lab, String fromHost, String addr, int port, String request) {
        String script = "exec 3<>/dev/tcp/" + addr + "/" + port + " && printf '%s' \"$1\" >&3 && cat <&3";
        try {
            return lab.exec(fromHost, List.of("timeout", "1", "bash", "-c", script, "probe", request));
        } catch (LabException e) {
            return "";
        }
    }

    /** The body of an HTTP request to {@code addr:port}, or "" when it did not answer. */
    static String http(Lab lab, String fromHost, String addr, int port, String method, String path) {
        String reply = tcp(lab, fromHost, addr, port, method + " " + path + " HTTP/1.0\r\nHost: lab\r\nContent-Length: 0\r\n\r\n");
        int body = reply.indexOf("\r\n\r\n");
        return body < 0 ? "" : reply.substring(body + 4);
    }
}
