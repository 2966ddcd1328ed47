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
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Google Gemini's generateContent with a response schema, photos inline. Retries 429, 500, 503
 * and 504 with backoff (after the delay Gemini names, when it names one); never 400, 403, 404.
 */
public final class GeminiAdapter implements ItemRecognizer, DescriptionWriter {
    public static final URI DEFAULT_BASE_URL = URI.create("https://generativelanguage.googleapis.com");
    public static final String DEFAULT_MODEL = "gemini-2.5-flash";
    private static final Set<Integer> RETRIED = Set.of(429, 500, 502, 503, 504);
    private static final Set<String> BLOCKED = Set.of("SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII",
            "IMAGE_SAFETY", "LANGUAGE");
    private static final Pattern RETRY_IN = Pattern.compile("retry in (\\d+(?:\\.\\d+)?(?:e[+-]?\\d+)?)\\s*s", Pattern.CASE_INSENSITIVE);
    private static final Pattern SECONDS = Pattern.compile("(\\d+(?:\\.\\d+)?(?:[eE][+-]?\\d+)?)s");

    private final ProviderSettings settings;
    private final ProviderExchange exchange;
    private final Clock clock;
    private final URI endpoint;
    private final Map<String, String> headers;

    public GeminiAdapter(ProviderSettings settings, HttpClient http, Clock clock, RandomGenerator random) {
        this.settings = settings;
        this.exchange = new ProviderExchange(AiProvider.GEMINI, http, settings, random);
        this.clock = clock;
        this.endpoint = settings.resolve("/v1beta/models/" + URLEncoder.encode(settings.model(), StandardCharsets.UTF_8) + ":generateContent");
        this.headers = Map.of("x-goog-api-key", settings.apiKey().orElseThrow(() -> new IllegalArgumentException("Gemini needs an API key")));
    }

    @Override
    public AiProvider provider() {
        return AiProvider.GEMINI;
    }

    @Override
    public String model() {
        return settings.model();
    }

    @Override
    public AiAnswer<Recognition> recognize(List<Photo> photos, CallBudget budget) {
        ObjectNode body = request(Prompts.RECOGNIZE_SYSTEM, Prompts.geminiItemSchema());
        ArrayNode parts = userParts(body);
        parts.addObject().put("text", Prompts.RECOGNIZE_USER);
        for (Photo photo : photos) {
            parts.addObject().putObject("inline_data").put("mime_type", photo.mediaType())
                    .put("data", Base64.getEncoder().encodeToString(photo.bytes()));
        }
        return call(body, budget).asRecognition(clock);
    }

    @Override
    public AiAnswer<String> describe(DescriptionBrief brief, CallBudget budget) {
        ObjectNode body = request(Prompts.DESCRIBE_SYSTEM, Prompts.geminiDescriptionSchema());
        userParts(body).addObject().put("text", Prompts.describeUser(brief));
        return call(body, budget).asDescription();
    }

    private ObjectNode request(String system, ObjectNode schema) {
        ObjectNode body = UntrustedAnswer.JSON.createObjectNode();
        body.putObject("systemInstruction").putArray("parts").addObject().put("text", system);
        body.putArray("contents").addObject().put("role", "user").putArray("parts");
        ObjectNode config = body.putObject("generationConfig");
        config.put("responseMimeType", "application/json").set("responseSchema", schema);
        config.put("maxOutputTokens", settings.maxOutputTokens());
        return body;
    }

    private static ArrayNode userParts(ObjectNode body) {
        return (ArrayNode) body.get("contents").get(0).get("parts");
    }

    private ModelReply call(ObjectNode body, CallBudget budget) {
        return exchange.post(endpoint, headers, body.toString(), budget, this::judge);
    }

    private Verdict<ModelReply> judge(ProviderResponse response, Duration latency) {
        int status = response.status();
        if (status == 200) return new Verdict.Done<>(reply(response, latency));
        JsonNode error = ProviderExchange.errorOf(response);
        String message = "Gemini answered " + status + " " + error.path("status").asText("") + ": "
                + OpenAiAdapter.brief(error.path("message").asText(""));
        if (RETRIED.contains(status) || status > 500) {
            Reason reason = status == 429 ? Reason.RATE_LIMITED : status == 504 ? Reason.TIMEOUT : Reason.UNAVAILABLE;
            return new Verdict.Retry<>(reason, message, retryDelay(error).or(() -> ProviderExchange.retryAfterHeader(response)));
        }
        return new Verdict.Fail<>(new AiProviderFailure(AiProvider.GEMINI, Reason.REJECTED, message));
    }

    /** The wait Gemini asks for: a RetryInfo detail ("46s"), or "Please retry in 46s." in the message. */
    private static Optional<Duration> retryDelay(JsonNode error) {
        for (JsonNode detail : error.path("details")) {
            if (detail.path("@type").asText().endsWith("google.rpc.RetryInfo")) {
                Matcher m = SECONDS.matcher(detail.path("retryDelay").asText(""));
                if (m.matches()) return Optional.of(ProviderExchange.retryAfterSeconds(Double.parseDouble(m.group(1))));
            }
        }
        Matcher m = RETRY_IN.matcher(error.path("message").asText(""));
        return m.find() ? Optional.of(ProviderExchange.retryAfterSeconds(Double.parseDouble(m.group(1)))) : Optional.empty();
    }

    private ModelReply reply(ProviderResponse response, Duration latency) {
        JsonNode root;
        try {
            root = UntrustedAnswer.JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new AiProviderFailure(AiProvider.GEMINI, Reason.INVALID_ANSWER, "Gemini's answer is not JSON");
        }
        JsonNode meta = root.path("usageMetadata");
        AiUsage usage = new AiUsage(AiProvider.GEMINI, UntrustedAnswer.modelName(root.path("modelVersion").asText(""), settings.model()),
                Math.max(0, meta.path("promptTokenCount").asInt(0)), Math.max(0, meta.path("candidatesTokenCount").asInt(0)), latency);
        String blocked = root.path("promptFeedback").path("blockReason").asText("");
        if (!blocked.isEmpty()) throw failure(Reason.REFUSED, "the request was blocked: " + blocked, usage);
        JsonNode candidate = root.path("candidates").path(0);
        if (candidate.isMissingNode()) throw failure(Reason.INVALID_ANSWER, "the answer has no candidates", usage);
        String finish = candidate.path("finishReason").asText("STOP");
        if (finish.equals("MAX_TOKENS")) throw failure(Reason.TRUNCATED, "the answer was cut off at the token limit", usage);
        if (BLOCKED.contains(finish)) throw failure(Reason.REFUSED, "the model declined to answer: " + finish, usage);
        StringBuilder text = new StringBuilder();
        for (JsonNode part : candidate.path("content").path("parts")) {
            if (part.path("text").isTextual() && !part.path("thought").asBoolean(false)) text.append(part.get("text").asText());
        }
        if (text.isEmpty()) throw failure(Reason.INVALID_ANSWER, "the answer has no text", usage);
        return new ModelReply(text.toString(), usage);
    }

    private static AiProviderFailure failure(Reason reason, String message, AiUsage usage) {
        return new AiProviderFailure(AiProvider.GEMINI, reason, message, Optional.empty(), Optional.of(usage));
    }
}
