package com.llatria.bootstrap;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, for requests no well-behaved client would send: broken request
 * lines, bad chunk sizes, bodies shorter than their Content-Length, raw bytes in paths.
 */
final class RawHttp {
    private RawHttp() {
    }

    /** What came back; {@code status} is 0 when the server closed the connection without answering. */
    record Answer(int status, Map<String, String> headers, String body) {
        String contentType() {
            return headers.getOrDefault("content-type", "");
        }

        boolean isProblem() {
            return contentType().startsWith("application/problem+json");
        }
    }

    static Answer send(int port, byte[] request) {
        return send(port, request, true);
    }

    /**
     * @param closeOutput half-close after sending, so that a server waiting for more body bytes
     *                    sees the end of the stream (as when a client gives up) instead of waiting
     */
    static Answer send(int port, byte[] request, boolean closeOutput) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(15000);
            try {
                socket.getOutputStream().write(request);
                socket.getOutputStream().flush();
                if (closeOutput) socket.shutdownOutput();
            } catch (IOException e) {
                // The server may answer and close before reading everything we send (e.g. 413); read what it said.
            }
            return read(socket.getInputStream());
        } catch (SocketTimeoutException e) {
            throw new AssertionError("no answer within 15 s to " + preview(request), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Answer send(int port, String request) {
        return send(port, request.getBytes(StandardCharsets.ISO_8859_1));
    }

    private static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        int headEnd = -1;
        int n;
        try {
            while ((n = in.read(buffer)) > 0) {
                all.write(buffer, 0, n);
                byte[] so = withoutInterim(all.toByteArray());
                headEnd = indexOf(so, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                if (headEnd >= 0 && complete(so, headEnd)) break;
            }
        } catch (java.net.SocketException reset) {
            // a reset after the answer was sent: keep what arrived
        }
        byte[] bytes = withoutInterim(all.toByteArray());
        headEnd = -1;
        if (headEnd < 0) headEnd = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        if (bytes.length == 0 || headEnd < 0) return new Answer(0, Map.of(), new String(bytes, StandardCharsets.ISO_8859_1));
        String head = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1);
        String[] lines = head.split("\r\n");
        int status = Integer.parseInt(lines[0].split(" ")[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
        }
        String body = new String(bytes, headEnd + 4, bytes.length - headEnd - 4, StandardCharsets.UTF_8);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) body = dechunk(body);
        return new Answer(status, headers, body);
    }

    /** Drops interim answers ("100 Continue") before the final one. */
    private static byte[] withoutInterim(byte[] bytes) {
        while (bytes.length >= 12 && new String(bytes, 0, 12, StandardCharsets.ISO_8859_1).matches("HTTP/1\\.[01] 1\\d\\d")) {
            int end = indexOf(bytes, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (end < 0) return bytes;
            bytes = java.util.Arrays.copyOfRange(bytes, end + 4, bytes.length);
        }
        return bytes;
    }

    /** Whether the whole answer is in: by Content-Length, or the last chunk. */
    private static boolean complete(byte[] bytes, int headEnd) {
        String head = new String(bytes, 0, headEnd, StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT);
        int bodyLength = bytes.length - headEnd - 4;
        int at = head.indexOf("content-length:");
        if (at >= 0) {
            String value = head.substring(at + 15).split("\r\n")[0].trim();
            return bodyLength >= Integer.parseInt(value);
        }
        if (head.contains("transfer-encoding: chunked")) {
            return new String(bytes, StandardCharsets.ISO_8859_1).endsWith("\r\n0\r\n\r\n");
        }
        return false;
    }

    private static String dechunk(String body) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < body.length()) {
            int lineEnd = body.indexOf("\r\n", i);
            if (lineEnd < 0) break;
            int size = Integer.parseInt(body.substring(i, lineEnd).split(";")[0].trim(), 16);
            if (size == 0) break;
            out.append(body, lineEnd + 2, Math.min(body.length(), lineEnd + 2 + size));
            i = lineEnd + 2 + size + 2;
        }
        return out.toString();
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) continue outer;
            }
            return i;
        }
        return -1;
    }

    static String preview(byte[] request) {
        String text = new String(request, 0, Math.min(request.length, 200), StandardCharsets.ISO_8859_1);
        return text.replace("\r", "\\r").replace("\n", "\\n");
    }
}
