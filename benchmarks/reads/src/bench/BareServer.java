package bench;

import com.auth0.jwt.JWT;
import com.auth0.jwt.JWTVerifier;
import com.auth0.jwt.algorithms.Algorithm;
import com.fasterxml.jackson.annotation.JsonFormat;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The yardstick for GET /api/inventory/:id: what a hand-written endpoint costs. Javalin,
 * HikariCP and plain JDBC, the queries the product ran before the read model (the item, then its
 * photos; now also its postings, three statements on one connection), the same token check (HS256, issuer, audience; one verifier built once) and
 * the same JSON, byte for byte (run.sh compares them). Not part of the product.
 *
 * Usage: BareServer <port> <jdbc url> <jwt secret> <pool size>
 */
public final class BareServer {
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).build();
    private static final String ITEM = "select id, title, description, price_amount, price_currency, condition, category, sku, "
            + "cost_amount, cost_currency, status, sold_at, sold_price_amount, sold_price_currency, sold_channel, created_at, "
            + "updated_at, version, deleted_at from items where id = ? and owner_id = ?";
    private static final String PHOTOS = "select id, position, created_at, renditions from item_images "
            + "where owner_id = ? and item_id = ? order by position, id";
    private static final String POSTINGS = "select id, platform, mode, state, attempts, listing_id, url, message, next_retry_at, "
            + "warnings, category_id, version from platform_postings where owner_id = ? and item_id = ? order by platform";

    record Money(@JsonFormat(shape = JsonFormat.Shape.STRING) BigDecimal amount, String currency) {
        static Money of(BigDecimal amount, String currency) {
            return amount == null ? null : new Money(amount, currency);
        }
    }

    record Size(int width, int height, String webp, String jpeg) {
    }

    record Image(String id, int position, Instant createdAt, Size thumbnail, Size medium, Size full) {
    }

    record Item(String id, String title, String description, Money price, String condition, String category,
                String sku, Money cost, String status, Instant soldAt, Money soldPrice, String soldPlatform,
                Instant createdAt, Instant updatedAt, long version, List<Image> images, List<Posting> postings) {
    }

    record Posting(String id, String platform, String mode, String status, String listingId, String url, String error,
                   String reason, String detail, int attempts, Instant nextRetryAt, List<String> warnings, String task,
                   String categoryId, long version) {
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(args[1]);
        config.setUsername("postgres");
        config.setPassword("postgres");
        config.setMaximumPoolSize(Integer.parseInt(args[3]));
        HikariDataSource pool = new HikariDataSource(config);
        JWTVerifier verifier = JWT.require(Algorithm.HMAC256(args[2])).withIssuer("llatria").withAudience("llatria-api").build();
        Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            c.routes.get("/api/inventory/{id}", ctx -> get(ctx, pool, verifier));
        }).start("127.0.0.1", port);
        System.out.println("bare endpoint on port " + port);
    }

    private static void get(Context ctx, HikariDataSource pool, JWTVerifier verifier) throws Exception {
        UUID owner;
        UUID id;
        try {
            String header = ctx.header("Authorization");
            owner = UUID.fromString(verifier.verify(header.substring(7)).getSubject());
            id = UUID.fromString(ctx.pathParam("id"));
        } catch (RuntimeException e) {
            ctx.status(401);
            return;
        }
        Item item;
        try (Connection c = pool.getConnection()) {
            item = item(c, owner, id);
        }
        if (item == null) {
            ctx.status(404);
            return;
        }
        ctx.status(200).contentType("application/json").result(JSON.writeValueAsString(item));
    }

    private static Item item(Connection c, UUID owner, UUID id) throws Exception {
        try (PreparedStatement s = c.prepareStatement(ITEM)) {
            s.setObject(1, id);
            s.setObject(2, owner);
            try (ResultSet r = s.executeQuery()) {
                if (!r.next() || r.getTimestamp("deleted_at") != null) return null;
                return new Item(r.getString("id"), r.getString("title"), r.getString("description"),
                        Money.of(r.getBigDecimal("price_amount"), r.getString("price_currency")),
                        r.getString("condition"), r.getString("category"), r.getString("sku"),
                        Money.of(r.getBigDecimal("cost_amount"), r.getString("cost_currency")), r.getString("status"),
                        instant(r.getTimestamp("sold_at")),
                        Money.of(r.getBigDecimal("sold_price_amount"), r.getString("sold_price_currency")),
                        r.getString("sold_channel"), instant(r.getTimestamp("created_at")), instant(r.getTimestamp("updated_at")),
                        r.getLong("version"), photos(c, owner, id), postings(c, owner, id));
            }
        }
    }

    private static List<Image> photos(Connection c, UUID owner, UUID id) throws Exception {
        List<Image> images = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(PHOTOS)) {
            s.setObject(1, owner);
            s.setObject(2, id);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    JsonNode renditions = JSON.readTree(r.getString("renditions"));
                    images.add(new Image(r.getString("id"), r.getInt("position"), instant(r.getTimestamp("created_at")),
                            size(renditions, "THUMBNAIL"), size(renditions, "MEDIUM"), size(renditions, "FULL")));
                }
            }
        }
        return images;
    }

    /** What GET /api/inventory/:id/postings shows of each posting (PostingView), straight from the row. */
    private static List<Posting> postings(Connection c, UUID owner, UUID id) throws Exception {
        List<Posting> postings = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(POSTINGS)) {
            s.setObject(1, owner);
            s.setObject(2, id);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    String state = r.getString("state");
                    boolean assisted = r.getString("mode").equals("assisted");
                    int attempts = state.equals("posting") || state.equals("error") || state.equals("removing") ? r.getInt("attempts") : 0;
                    boolean retries = !assisted && (state.equals("error") || state.equals("removing") && attempts > 0);
                    String task = !assisted ? null : state.equals("posting")
                            ? (r.getString("listing_id") != null ? "update-on-" : "post-on-") + r.getString("platform")
                            : state.equals("removing") ? "remove-from-" + r.getString("platform") : null;
                    String error = state.equals("error") || state.equals("removing") ? r.getString("message") : null;
                    // A failure stored as "[code] detail" (PostingProblem) shows its code and detail apart. The
                    // product words such an error from its code; Seed writes only uncoded messages, so the bare
                    // endpoint splits them and does not reword.
                    int close = error == null || !error.startsWith("[") ? -1 : error.indexOf("] ");
                    String reason = close > 1 ? error.substring(1, close) : null;
                    String detail = close > 1 ? error.substring(close + 2) : null;
                    postings.add(new Posting(r.getString("id"), r.getString("platform"), r.getString("mode"), state,
                            state.equals("idle") ? null : r.getString("listing_id"), state.equals("idle") ? null : r.getString("url"),
                            error, reason, detail, attempts,
                            retries ? instant(r.getTimestamp("next_retry_at")) : null,
                            List.of(JSON.readValue(r.getString("warnings"), String[].class)), task, r.getString("category_id"),
                            r.getLong("version")));
                }
            }
        }
        return postings;
    }

    private static Size size(JsonNode renditions, String variant) {
        JsonNode webp = null;
        JsonNode jpeg = null;
        for (JsonNode r : renditions) {
            if (!r.get("variant").asText().equals(variant)) continue;
            if (r.get("format").asText().equals("WEBP")) webp = r;
            else jpeg = r;
        }
        return new Size(webp.get("width").asInt(), webp.get("height").asInt(),
                "/files/" + webp.get("key").asText(), "/files/" + jpeg.get("key").asText());
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
