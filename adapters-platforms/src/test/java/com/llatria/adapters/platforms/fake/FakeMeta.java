package com.llatria.adapters.platforms.fake;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A fake Graph API: Facebook Login's code and long-lived token exchanges, /me, and a commerce
 * catalog fed by items_batch whose status is polled with check_batch_request_status (the first
 * poll finds it in progress). Errors take the Graph shape {error: {message, type, code, ...}}.
 */
public final class FakeMeta extends FakeHttp {
    public static final String APP_ID = "meta-test-app";
    public static final String APP_SECRET = "meta-test-secret";
    private static final Pattern BATCH = Pattern.compile("/v20\\.0/([^/]+)/items_batch");
    private static final Pattern STATUS = Pattern.compile("/v20\\.0/([^/]+)/check_batch_request_status");

    private final Set<String> codes = new HashSet<>();
    private final Set<String> shortTokens = new HashSet<>();
    private final Set<String> longTokens = new HashSet<>();
    private final Map<String, Map<String, JsonNode>> catalogs = new HashMap<>();
    private final Map<String, Integer> pollsLeft = new HashMap<>();
    private final Map<String, List<String>> batchErrors = new HashMap<>();
    private final List<String> nextBatchErrors = new ArrayList<>();

    /** The base URL including the version, as META_GRAPH_URL takes it. */
    public String graphUrl() {
        return url() + "/v20.0";
    }

    public synchronized String consent() {
        String code = "AQ-code-" + UUID.randomUUID();
        codes.add(code);
        return code;
    }

    public synchronized void expireTokens() {
        longTokens.clear();
    }

    /** The next batch finishes with this error for its item. */
    public synchronized void failNextBatch(String message) {
        nextBatchErrors.add(message);
    }

    public synchronized Map<String, JsonNode> catalog(String catalogId) {
        return Map.copyOf(catalogs.getOrDefault(catalogId, Map.of()));
    }

    @Override
    synchronized Answer answer(String method, String path, Map<String, String> query, String body, String authorization,
                               HttpExchange exchange) {
        if (path.equals("/v20.0/oauth/access_token")) return token(query);
        String token = authorization != null && authorization.startsWith("Bearer ") ? authorization.substring(7) : query.get("access_token");
        if (token == null || !longTokens.contains(token)) {
            return new Answer(400, error("Error validating access token: Session has expired.", "OAuthException", 190, 463));
        }
        if (path.equals("/v20.0/me")) return new Answer(200, Map.of("id", "10160000000000001", "name", "Ann Seller"));
        Matcher batch = BATCH.matcher(path);
        if (batch.matches() && method.equals("POST")) {
            Map<String, String> form = query(body);
            if (!"PRODUCT_ITEM".equals(form.get("item_type"))) {
                return new Answer(400, error("(#100) Param item_type must be one of {PRODUCT_ITEM, ...}", "OAuthException", 100, 0));
            }
            JsonNode requests = parse(form.getOrDefault("requests", ""));
            if (requests == null || !requests.isArray()) {
                return new Answer(400, error("(#100) Param requests must be an array", "OAuthException", 100, 0));
            }
            String handle = "AczK" + UUID.randomUUID();
            List<String> errors = new ArrayList<>(nextBatchErrors);
            nextBatchErrors.clear();
            for (JsonNode r : requests) {
                // Meta checks each product: a landing page on the seller's site is required.
                String link = r.path("data").path("link").asText("");
                if (!r.path("method").asText().equals("DELETE") && !link.startsWith("https://") && !link.startsWith("http://")) {
                    errors.add("Missing or invalid field: link");
                }
            }
            if (errors.isEmpty()) {
                Map<String, JsonNode> catalog = catalogs.computeIfAbsent(batch.group(1), c -> new HashMap<>());
                for (JsonNode r : requests) {
                    String id = r.path("data").path("id").asText();
                    if (r.path("method").asText().equals("DELETE")) catalog.remove(id);
                    else catalog.put(id, r.path("data"));
                }
            }
            batchErrors.put(handle, errors);
            pollsLeft.put(handle, 1);
            return new Answer(200, Map.of("handles", List.of(handle)));
        }
        Matcher status = STATUS.matcher(path);
        if (status.matches()) {
            String handle = query.get("handle");
            if (!pollsLeft.containsKey(handle)) return new Answer(400, error("(#100) Invalid handle", "OAuthException", 100, 0));
            if (pollsLeft.merge(handle, -1, Integer::sum) >= 0) {
                return new Answer(200, Map.of("data", List.of(Map.of("status", "in_progress", "handle", handle))));
            }
            List<Map<String, Object>> errors = batchErrors.get(handle).stream()
                    .map(m -> Map.<String, Object>of("line", 1, "id", "item", "message", m)).toList();
            return new Answer(200, Map.of("data", List.of(Map.of("status", "finished", "handle", handle,
                    "errors_total_count", errors.size(), "errors", errors, "warnings", List.of()))));
        }
        return new Answer(404, error("Unknown path components: " + path, "OAuthException", 2500, 0));
    }

    private Answer token(Map<String, String> q) {
        if (!APP_ID.equals(q.get("client_id")) || !APP_SECRET.equals(q.get("client_secret"))) {
            return new Answer(400, error("Error validating client secret.", "OAuthException", 1, 0));
        }
        if ("fb_exchange_token".equals(q.get("grant_type"))) {
            if (!shortTokens.remove(q.get("fb_exchange_token"))) {
                return new Answer(400, error("Error validating access token.", "OAuthException", 190, 0));
            }
            String token = "EAAlong" + UUID.randomUUID().toString().replace("-", "");
            longTokens.add(token);
            return new Answer(200, Map.of("access_token", token, "token_type", "bearer", "expires_in", 5183944));
        }
        if (!codes.remove(q.get("code")) || q.get("redirect_uri") == null) {
            return new Answer(400, error("This authorization code has been used.", "OAuthException", 100, 36009));
        }
        String token = "EAAshort" + UUID.randomUUID().toString().replace("-", "");
        shortTokens.add(token);
        return new Answer(200, Map.of("access_token", token, "token_type", "bearer", "expires_in", 3600));
    }

    public static Map<String, Object> error(String message, String type, int code, int subcode) {
        return Map.of("error", Map.of("message", message, "type", type, "code", code, "error_subcode", subcode,
                "fbtrace_id", "A" + UUID.randomUUID().toString().substring(0, 10)));
    }
}
