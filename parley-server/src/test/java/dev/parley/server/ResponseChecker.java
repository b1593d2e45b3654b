package dev.parley.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks that bytes read from a server are a sequence of well-formed HTTP/1.1 responses (RFC 9112) with
 * a status below 500; the last one may be cut short where the server closed the connection. Parsing
 * stops after a 101 (the connection speaks another protocol from there).
 */
final class ResponseChecker {
    private static final Pattern STATUS_LINE = Pattern.compile("HTTP/1\\.1 ([1-5][0-9][0-9]) [\\x20-\\x7e]*");
    private static final Pattern HEADER = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+: ?[\\x20-\\x7e\\x80-\\xff\\t]*");

    private ResponseChecker() {
    }

    /** @param methods the request methods in order, or null if unknown (then bodies are checked less) */
    static void check(byte[] bytes, List<String> methods) {
        String s = new String(bytes, StandardCharsets.ISO_8859_1);
        int pos = 0;
        int request = 0;
        while (pos < s.length()) {
            int headEnd = s.indexOf("\r\n\r\n", pos);
            String head = headEnd < 0 ? s.substring(pos) : s.substring(pos, headEnd);
            String[] lines = head.split("\r\n", -1);
            Matcher status = STATUS_LINE.matcher(lines[0]);
            if (headEnd < 0 && !status.matches()) {
                assertThat("HTTP/1.1 ".startsWith(lines[0]) || lines[0].startsWith("HTTP/1.1 "))
                        .as("truncated response starts like a status line: %s", s).isTrue();
                return;
            }
            assertThat(status.matches()).as("status line %s in:\n%s", lines[0], s).isTrue();
            int code = Integer.parseInt(status.group(1));
            assertThat(code).as("status in:\n%s", s).isLessThan(500);
            long contentLength = -1;
            boolean chunked = false;
            boolean close = false;
            for (int i = 1; i < lines.length; i++) {
                if (headEnd < 0 && i == lines.length - 1) {
                    break; // a header line cut short
                }
                assertThat(lines[i]).as("header line in:\n%s", s).matches(HEADER);
                String lower = lines[i].toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    contentLength = Long.parseLong(lower.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:") && lower.contains("close")) {
                    close = true;
                }
            }
            if (headEnd < 0 || code == 101) {
                return;
            }
            pos = headEnd + 4;
            if (close && !chunked) {
                // The last response. Its body (none for HEAD, but a request that failed to parse has no
                // known method) is at most what Content-Length says, and nothing follows it.
                assertThat((long) (s.length() - pos)).as("body after the last response:\n%s", s)
                        .isLessThanOrEqualTo(Math.max(contentLength, 0));
                return;
            }
            if (code < 200) {
                continue; // 100 Continue: the final response follows
            }
            String method = methods != null && request < methods.size() ? methods.get(request) : null;
            request++;
            if (code == 204 || code == 304 || "HEAD".equals(method)) {
                continue;
            }
            if (methods == null && s.startsWith("HTTP/1.1 ", pos)) {
                continue; // unknown method: maybe a HEAD
            }
            if (chunked) {
                pos = skipChunks(s, pos);
            } else if (contentLength >= 0) {
                pos = (int) Math.min(s.length(), pos + contentLength);
            } else {
                return; // body until close
            }
        }
    }

    private static int skipChunks(String s, int pos) {
        while (true) {
            int lineEnd = s.indexOf("\r\n", pos);
            if (lineEnd < 0) {
                return s.length();
            }
            int size = Integer.parseInt(s.substring(pos, lineEnd).split(";")[0].trim(), 16);
            pos = lineEnd + 2 + size + 2;
            if (size == 0) {
                return Math.min(s.length(), pos);
            }
            if (pos >= s.length()) {
                return s.length();
            }
        }
    }
}
