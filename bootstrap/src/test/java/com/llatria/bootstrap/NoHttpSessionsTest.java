package com.llatria.bootstrap;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API is stateless: no request, a WebSocket upgrade least of all (accepted, refused or over the
 * rate limit), makes an HTTP session. Finding S.11: each upgrade made a never-expiring Jetty
 * session (~700 bytes kept for good), past the rate limit, so anyone could fill the heap.
 */
class NoHttpSessionsTest extends ServerFixture {
    @Override
    protected Map<String, String> extraSettings() {
        return Map.of("RATE_LIMIT_PER_IP", "3");
    }

    /** The status line and headers of one raw upgrade request to /sync on its own connection. */
    static String upgradeAnswer(int port, String method) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write((method + " /sync HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nOrigin: http://127.0.0.1\r\n"
                    + "Content-Length: 0\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) break;
                head.write(b);
            }
            return head.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void no_upgrade_makes_a_session_whether_it_is_accepted_refused_or_over_the_limit() throws Exception {
        List<String> answers = new ArrayList<>();
        for (String method : List.of("GET", "GET", "GET", "GET", "GET", "OPTIONS", "POST")) answers.add(upgradeAnswer(server.port(), method));

        assertThat(answers.get(0)).startsWith("HTTP/1.1 101");
        assertThat(answers.get(4)).as("over the address's budget").startsWith("HTTP/1.1 429");
        for (String answer : answers) assertThat(answer.toLowerCase()).as(answer).doesNotContain("set-cookie").doesNotContain("jsessionid");
    }
}
