package com.llatria.adapters.ai.fake;

import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** OpenAI's Chat Completions API as {@code POST /v1/chat/completions}, with its error shapes. */
public final class FakeOpenAi extends FakeModelServer {
    public static final String MODEL = "gpt-4o-mini-2024-07-18";

    @Override
    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + port() + "/v1");
    }

    @Override
    protected String modelField() {
        return "model";
    }

    @Override
    public Reply ok(String content) {
        return ok(content, 1117, 46);
    }

    @Override
    public Reply ok(String content, int promptTokens, int completionTokens) {
        return completion(content, null, "stop", promptTokens, completionTokens);
    }

    @Override
    public Reply rateLimited(Duration retryAfter) {
        return json(429, error("Rate limit reached for gpt-4o-mini on requests per min (RPM): Limit 3, Used 3, Requested 1.",
                "requests", "rate_limit_exceeded"), Map.of("retry-after", String.valueOf(Math.max(0, retryAfter.toMillis()) / 1000.0),
                "retry-after-ms", String.valueOf(retryAfter.toMillis())));
    }

    @Override
    public Reply quotaExhausted() {
        return json(429, error("You exceeded your current quota, please check your plan and billing details.",
                "insufficient_quota", "insufficient_quota"), Map.of());
    }

    @Override
    public Reply serverError(int status) {
        return json(status, error("The server had an error while processing your request. Sorry about that!", "server_error", null), Map.of());
    }

    @Override
    public Reply rejected() {
        return json(401, error("Incorrect API key provided: sk-test. You can find your API key at https://platform.openai.com/account/api-keys.",
                "invalid_request_error", "invalid_api_key"), Map.of());
    }

    @Override
    public Reply refusal() {
        return completion(null, "I'm sorry, I can't help with that request.", "stop", 1117, 12);
    }

    @Override
    public Reply truncated(String partialContent) {
        return completion(partialContent, null, "length", 1117, 2000);
    }

    private static Reply completion(String content, String refusal, String finish, int prompt, int completion) {
        Map<String, Object> message = new LinkedHashMap<>();
        message.put("role", "assistant");
        message.put("content", content);
        message.put("refusal", refusal);
        Map<String, Object> choice = new LinkedHashMap<>();
        choice.put("index", 0);
        choice.put("message", message);
        choice.put("logprobs", null);
        choice.put("finish_reason", finish);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", "chatcmpl-fake");
        body.put("object", "chat.completion");
        body.put("created", 1764000000);
        body.put("model", MODEL);
        body.put("choices", List.of(choice));
        body.put("usage", Map.of("prompt_tokens", prompt, "completion_tokens", completion, "total_tokens", prompt + completion));
        return json(200, body, Map.of());
    }

    private static Map<String, Object> error(String message, String type, String code) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("message", message);
        error.put("type", type);
        error.put("param", null);
        error.put("code", code);
        return Map.of("error", error);
    }
}
