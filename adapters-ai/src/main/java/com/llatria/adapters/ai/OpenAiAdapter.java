package com.llatria.adapters.ai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llatria.adapters.ai.ProviderExchange.Verdict;
import com.llatria.domain.ai.AiAnswer;
import com.llatria.domain.ai.AiProvider;
import com.llatria.domain.ai.AiProviderFailure;
import com.llatria.domain.ai.AiProviderFailure.Reason;
import com.llatria.domain.ai.AiUsage;
import com.llatria.domain.ai.CallBudget;
import com.llatria.domain.ai.DescriptionBrief;
import com.llatria.domain.ai.DescriptionWriter;
import com.llatria.domain.ai.ItemRecognizer;
import com.llatria.domain.ai.Photo;
import com.llatria.domain.ai.Recognition;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * OpenAI's Chat Completions API with structured output, photos inline as data URLs. Any
 * OpenAI-compatible server works through {@code baseUrl} (Ollama, LM Studio, vLLM), and those
 * need no key. Retries follow OpenAI's guidance: 429 rate limits after Retry-After, 5xx and
 * timeouts with backoff; never insufficient_quota or another 4xx.
 */
public final class OpenAiAdapter implements ItemRecognizer, DescriptionWriter {
    public static final URI DEFAULT_BASE_URL = URI.create("https://api.openai.com/v1");
    public static final String DEFAULT_MODEL = "gpt-4o-mini";

    private final ProviderSettings settings;
    private final ProviderExchange exchange;
    private final Clock clock;
    private final URI endpoint;

    public OpenAiAdapter(ProviderSettings settings, HttpClient http, Clock clock, RandomGenerator random) {
        this.settings = settings;
        this.exchange = new ProviderExchange(AiProvider.OPENAI, http, settings, random);
        this.clock = clock;
        this.endpoint = settings.resolve("/chat/completions");
    }

    @Override
    public AiProvider provider() {
        return AiProvider.OPENAI;
    }

    @Override
    public String model() {
        return settings.model();
    }

    @Override
    public AiAnswer<Recognition> recognize(List<Photo> photos, CallBudget budget) {
        ObjectNode body = request(Prompts.RECOGNIZE_SYSTEM, "item", Prompts.openAiItemSchema());
        ArrayNode content = ((ObjectNode) body.withArray("messages").addObject().put("role", "user")).putArray("content");
        content.addObject().put("type", "text").put("text", Prompts.RECOGNIZE_USER);
        for (Photo photo : photos) {
            content.addObject().put("type", "image_url").putObject("image_url")
                    .put("url", "data:" + photo.mediaType() + ";base64," + Base64.getEncoder().encodeToString(photo.bytes()))
                    .put("detail", "auto");
        }
        return call(body, budget).asRecognition(clock);
    }

    @Override
    public AiAnswer<String> describe(DescriptionBrief brief, CallBudget budget) {
        ObjectNode body = request(Prompts.DESCRIBE_SYSTEM, "description", Prompts.openAiDescriptionSchema());
        body.withArray("messages").addObject().put("role", "user").put("content", Prompts.describeUser(brief));
        return call(body, budget).asDescription();
    }

    private ObjectNode request(String system, String schemaName, ObjectNode schema) {
        ObjectNode body = UntrustedAnswer.JSON.createObjectNode().put("model", settings.model());
        body.putArray("messages").addObject().put("role", "system").put("content", system);
        ObjectNode format = body.putObject("response_format").put("type", "json_schema").putObject("json_schema");
        format.put("name", schemaName).put("strict", true).set("schema", schema);
        body.put("max_tokens", settings.maxOutputTokens());
        return body;
    }

    private ModelReply call(ObjectNode body, CallBudget budget) {
        Map<String, String> headers = settings.apiKey().map(key -> Map.of("Authorization", "Bearer " + key)).orElse(Map.of());
        return exchange.post(endpoint, headers, body.toString(), budget, this::judge);
    }

    private Verdict<ModelReply> judge(ProviderResponse response, Duration latency) {
        int status = response.status();
        if (status == 200) return new Verdict.Done<>(reply(response, latency));
        JsonNode error = ProviderExchange.errorOf(response);
        String code = error.path("code").asText(error.path("type").asText(""));
        String message = "OpenAI answered " + status + (code.isEmpty() ? "" : " " + code) + ": " + brief(error.path("message").asText(""));
        if (status == 429 && (code.equals("insufficient_quota") || error.path("type").asText().equals("insufficient_quota"))) {
            return fail(Reason.QUOTA_EXHAUSTED, message);
        }
        if (status == 429) return new Verdict.Retry<>(Reason.RATE_LIMITED, message, ProviderExchange.retryAfterHeader(response));
        if (status == 408) return new Verdict.Retry<>(Reason.TIMEOUT, message, Optional.empty());
        if (status >= 500) return new Verdict.Retry<>(Reason.UNAVAILABLE, message, ProviderExchange.retryAfterHeader(response));
        return fail(Reason.REJECTED, message);
    }

    private ModelReply reply(ProviderResponse response, Duration latency) {
        JsonNode root = json(response);
        JsonNode usageNode = root.path("usage");
        AiUsage usage = new AiUsage(AiProvider.OPENAI, UntrustedAnswer.modelName(root.path("model").asText(""), settings.model()),
                Math.max(0, usageNode.path("prompt_tokens").asInt(0)), Math.max(0, usageNode.path("completion_tokens").asInt(0)), latency);
        JsonNode choice = root.path("choices").path(0);
        JsonNode message = choice.path("message");
        String finish = choice.path("finish_reason").asText("");
        if (message.hasNonNull("refusal") && !message.get("refusal").asText().isBlank()) {
            throw failure(Reason.REFUSED, "the model refused: " + brief(message.get("refusal").asText()), usage);
        }
        if (finish.equals("length")) throw failure(Reason.TRUNCATED, "the answer was cut off at the token limit", usage);
        if (finish.equals("content_filter")) throw failure(Reason.REFUSED, "the answer was withheld by the content filter", usage);
        if (!message.path("content").isTextual()) throw failure(Reason.INVALID_ANSWER, "the answer has no content", usage);
        return new ModelReply(message.get("content").asText(), usage);
    }

    private JsonNode json(ProviderResponse response) {
        try {
            return UntrustedAnswer.JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new AiProviderFailure(AiProvider.OPENAI, Reason.INVALID_ANSWER, "OpenAI's answer is not JSON");
        }
    }

    private static <T> Verdict<T> fail(Reason reason, String message) {
        return new Verdict.Fail<>(new AiProviderFailure(AiProvider.OPENAI, reason, message));
    }

    private static AiProviderFailure failure(Reason reason, String message, AiUsage usage) {
        return new AiProviderFailure(AiProvider.OPENAI, reason, message, Optional.empty(), Optional.of(usage));
    }

    /** Provider messages go into logs and problem details: one line, bounded. */
    static String brief(String text) {
        String line = text.replaceAll("\\s+", " ").strip();
        return line.length() <= 200 ? line : line.substring(0, 200) + "…";
    }
}
