package com.llatria.adapters.ai.fake;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Gemini's {@code POST /v1beta/models/{model}:generateContent}, with Google's error shapes. */
public final class FakeGemini extends FakeModelServer {
    public static final String MODEL_VERSION = "gemini-2.5-flash";

    @Override
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port());
    }

    @Override
    protected String modelField() {
        return "modelVersion";
    }

    @Override
    public Reply ok(String content) {
        return ok(content, 174, 57);
    }

    @Override
    public Reply ok(String content, int promptTokens, int completionTokens) {
        return candidate(content, "STOP", promptTokens, completionTokens);
    }

    @Override
    public Reply rateLimited(Duration retryAfter) {
        double seconds = retryAfter.toMillis() / 1000.0;
        Map<String, Object> retryInfo = new LinkedHashMap<>();
        retryInfo.put("@type", "type.googleapis.com/google.rpc.RetryInfo");
        retryInfo.put("retryDelay", seconds + "s");
        return error(429, "You exceeded your current quota, please check your plan and billing details. Please retry in " + seconds + "s.",
                "RESOURCE_EXHAUSTED", List.of(retryInfo));
    }

    /**
     * Gemini has no separate "out of credit" code: a spent daily quota is a 429 that asks for a
     * wait of many hours, longer than any request should wait.
     */
    @Override
    public Reply quotaExhausted() {
        return rateLimited(Duration.ofHours(20));
    }

    @Override
    public Reply serverError(int status) {
        String code = switch (status) {
            case 503 -> "UNAVAILABLE";
            case 504 -> "DEADLINE_EXCEEDED";
            default -> "INTERNAL";
        };
        return error(status, status == 503 ? "The model is overloaded. Please try again later." : "An internal error has occurred.", code, List.of());
    }

    @Override
    public Reply rejected() {
        return error(400, "API key not valid. Please pass a valid API key.", "INVALID_ARGUMENT", List.of(Map.of(
                "@type", "type.googleapis.com/google.rpc.ErrorInfo", "reason", "API_KEY_INVALID", "domain", "googleapis.com")));
    }

    @Override
    public Reply refusal() {
        Map<String, Object> candidate = new LinkedHashMap<>();
        candidate.put("finishReason", "SAFETY");
        candidate.put("index", 0);
        candidate.put("safetyRatings", List.of(Map.of("category", "HARM_CATEGORY_DANGEROUS_CONTENT", "probability", "HIGH", "blocked", true)));
        return json(200, body(List.of(candidate), 174, 0), Map.of());
    }

    @Override
    public Reply truncated(String partialContent) {
        return candidate(partialContent, "MAX_TOKENS", 174, 2000);
    }

    private static Reply candidate(String text, String finish, int prompt, int completion) {
        Map<String, Object> candidate = new LinkedHashMap<>();
        candidate.put("content", Map.of("parts", List.of(Map.of("text", text)), "role", "model"));
        candidate.put("finishReason", finish);
        candidate.put("index", 0);
        return json(200, body(List.of(candidate), prompt, completion), Map.of());
    }

    private static Map<String, Object> body(List<Map<String, Object>> candidates, int prompt, int completion) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("candidates", candidates);
        body.put("usageMetadata", Map.of("promptTokenCount", prompt, "candidatesTokenCount", completion, "totalTokenCount", prompt + completion));
        body.put("modelVersion", MODEL_VERSION);
        body.put("responseId", "fake-response");
        return body;
    }

    private static Reply error(int status, String message, String code, List<?> details) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", status);
        error.put("message", message);
        error.put("status", code);
        error.put("details", details);
        return json(status, Map.of("error", error), Map.of());
    }
}
