package com.llatria.adapters.ai;

import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;

/** A provider's HTTP answer: status, headers and body (read up to a cap). */
record ProviderResponse(int status, HttpHeaders headers, byte[] body) {
    String text() {
        return new String(body, StandardCharsets.UTF_8);
    }

    java.util.Optional<String> header(String name) {
        return headers.firstValue(name);
    }
}
