package com.llatria.bootstrap;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llatria.adapters.persistence.Persistence;
import com.llatria.adapters.persistence.testing.TestPostgres;
import com.llatria.adapters.storage.disk.LocalDiskImageStore;
import com.llatria.adapters.storage.memory.InMemoryImageStore;
import com.llatria.adapters.storage.s3.MinioImageStore;
import com.llatria.adapters.storage.testing.TestS3;
import com.llatria.application.inventory.ItemView;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.ItemQuery;
import com.llatria.domain.port.ImageStore;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.user.UserId;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads that show items (item, lists, pull pages) copy each photo's JSON as PostgreSQL keeps it
 * ready (item_images.api_json, V23) when the image store's addresses are a prefix plus the key:
 * what they send must be, byte for byte, what the long way sends (photos read from their
 * renditions, addresses made by the store, written field by field): a second server on the same
 * database reads photos that way ({@code Persistence.postgres(db, false)}), and every item of
 * {@code GET /api/inventory/:id}, of list and search pages and of pull pages is compared with it,
 * for every store. Seeded random photos: times before 1970 and up to year 9999 with every kind of
 * fraction, positions out of order, keys with characters JSON escapes, prefixes that need
 * escaping. Presigned S3 addresses are made per read, from the keys in the rendered form. The seed and size: -DpulledPhotos.seed,
 * -DpulledPhotos.items.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PulledPhotosTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final int ITEMS = Integer.getInteger("pulledPhotos.items", 40);
    private static final String[] KEY_PARTS = {"users/", "medium_1764100000000_", ".webp", "a b", "quote\"", "back\\slash",
            "tab\t", "esc\u001b", "vt\u000b", "caf\u00e9", "\u2028", "%20", "?x=1&y=2", "</script>", "\u007f"};

    private TestS3 s3;
    private final List<Runnable> closing = new ArrayList<>();

    @BeforeAll
    void startS3() {
        s3 = TestS3.start();
    }

    @AfterAll
    void stop() {
        closing.forEach(Runnable::run);
        s3.close();
    }

    @Test
    void pulled_items_are_what_get_sends_with_the_in_memory_store() throws Exception {
        pulledItemsMatchGet(new InMemoryImageStore("/files"), false);
        pulledItemsMatchGet(new InMemoryImageStore("https://cdn.example.com/a b/\"q\"/caf\u00e9\\/"), false);
    }

    @Test
    void pulled_items_are_what_get_sends_with_the_local_disk_store() throws Exception {
        pulledItemsMatchGet(new LocalDiskImageStore(Files.createTempDirectory("pulled-photos"), "/files"), false);
    }

    @Test
    void pulled_items_are_what_get_sends_with_s3_behind_a_public_base_url() throws Exception {
        pulledItemsMatchGet(MinioImageStore.connect(s3.endpoint(), "us-east-1", TestS3.ACCESS_KEY, TestS3.SECRET_KEY,
                "pulled-" + UUID.randomUUID().toString().substring(0, 8), Optional.of("https://cdn.example.com/photos"),
                Duration.ofHours(1)).ensureBucket(), false);
    }

    @Test
    void pulled_items_carry_presigned_addresses_made_for_the_read_with_s3_without_a_public_base_url() throws Exception {
        pulledItemsMatchGet(MinioImageStore.connect(s3.endpoint(), "us-east-1", TestS3.ACCESS_KEY, TestS3.SECRET_KEY,
                "pulled-" + UUID.randomUUID().toString().substring(0, 8), Optional.empty(), Duration.ofHours(1)).ensureBucket(), true);
    }

    private void pulledItemsMatchGet(ImageStore store, boolean presigned) throws Exception {
        HikariDataSource db = TestPostgres.freshDatabase();
        closing.add(db::close);
        Llatria llatria = Llatria.builder().postgres(db).jwtSecret(ServerFixture.SECRET).imageStore(store, false).build().start();
        String base = serve(llatria);
        // The same database and store, photos always read the long way.
        Llatria longWay = Llatria.builder().persistence(Persistence.postgres(db, false)).jwtSecret(ServerFixture.SECRET)
                .imageStore(store, false).build().start();
        String reference = serve(longWay);
        JsonNode session = send(base, "POST", "/api/auth/register", null,
                "{\"email\":\"" + ServerFixture.uniqueEmail("pull") + "\",\"password\":\"correct horse battery\"}");
        String token = session.get("accessToken").asText();
        UUID owner = UUID.fromString(session.get("user").get("id").asText());
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            ids.add(send(base, "POST", "/api/inventory", token, "{\"title\":\"Lamp " + i + "\",\"price\":\"10.00\"}").get("id").asText());
        }
        Random random = new Random(Long.getLong("pulledPhotos.seed", 20261126L) + ids.size());
        java.util.Set<String> astral = seedPhotos(db, owner, ids, random);

        // What the application hands the writer: rendered photos for every store, from pull, item
        // reads and lists alike.
        List<ItemView> views = llatria.syncPull().pull(new UserId(owner), new DeviceId("check"), 1, 0, 1000).changes();
        assertThat(views).hasSize(ITEMS);
        List<ItemView> listed = llatria.inventory().list(new UserId(owner), ItemQuery.newestFirst(ItemQuery.MAX_LIMIT)).items();
        List<ItemView> got = new ArrayList<>();
        for (String id : ids) got.add(llatria.inventory().get(new UserId(owner), ItemId.of(id)));
        for (List<ItemView> read : List.of(listed, got)) {
            assertThat(read.stream().filter(view -> view.rendered().isPresent()).map(view -> view.item().id().toString()).toList())
                    .as("items read with rendered photos").containsExactlyInAnyOrderElementsOf(
                            views.stream().filter(view -> view.rendered().isPresent()).map(view -> view.item().id().toString()).toList());
        }
        List<String> withRendered = views.stream().filter(view -> view.rendered().isPresent()).map(view -> view.item().id().toString()).toList();
        List<String> withRead = views.stream().filter(view -> !view.photos().isEmpty()).map(view -> view.item().id().toString()).toList();
        // Keys with a character beyond U+FFFF (never made by the server) have no rendered form: read the long way.
        assertThat(withRead).as("items with a photo without its rendered form").containsExactlyInAnyOrderElementsOf(astral);
        assertThat(withRendered).as("items with rendered photos").hasSizeGreaterThan(ITEMS / 3);

        Map<String, String> pulled = new LinkedHashMap<>();
        long cursor = 0;
        boolean more = true;
        while (more) {
            byte[] page = sendForBytes(base, "POST", "/api/sync/pull", token,
                    "{\"deviceId\":\"phone\",\"schemaVersion\":1,\"cursor\":" + cursor + ",\"limit\":7}");
            pulled.putAll(dataOfEachChange(page));
            JsonNode tree = JSON.readTree(page);
            cursor = tree.get("cursor").asLong();
            more = tree.get("hasMore").asBoolean();
        }
        assertThat(pulled.keySet()).containsExactlyInAnyOrderElementsOf(ids);
        int photos = 0;
        for (String id : ids) {
            String longGet = new String(sendForBytes(reference, "GET", "/api/inventory/" + id, token, null), StandardCharsets.UTF_8);
            String get = new String(sendForBytes(base, "GET", "/api/inventory/" + id, token, null), StandardCharsets.UTF_8);
            photos += JSON.readTree(get).get("images").size();
            // Presigned addresses are signed for each read, so compared without the signature's query.
            assertThat(comparable(get, presigned)).as("GET of item %s", id).isEqualTo(comparable(longGet, presigned));
            assertThat(comparable(pulled.get(id), presigned)).as("pulled item %s", id).isEqualTo(comparable(longGet, presigned));
        }
        assertThat(photos).as("photos seeded").isGreaterThan(ITEMS);
        // Lists and searches, every page whole (cursor and all), in each order.
        int shown = 0;
        for (String query : List.of("limit=7", "limit=100&sort=updated&order=asc", "limit=3&sort=price", "limit=9&q=lamp",
                "limit=5&status=draft")) {
            String next = null;
            do {
                String path = "/api/inventory?" + query + (next == null ? "" : "&cursor=" + next);
                String page = new String(sendForBytes(base, "GET", path, token, null), StandardCharsets.UTF_8);
                String longPage = new String(sendForBytes(reference, "GET", path, token, null), StandardCharsets.UTF_8);
                assertThat(comparable(page, presigned)).as("GET %s", path).isEqualTo(comparable(longPage, presigned));
                JsonNode tree = JSON.readTree(page);
                shown += tree.get("items").size();
                next = tree.get("nextCursor").isNull() ? null : tree.get("nextCursor").asText();
            } while (next != null);
        }
        assertThat(shown).as("items listed").isEqualTo(5 * ITEMS);
        if (presigned) {
            String url = JSON.readTree(pulled.get(ids.get(0))).at("/images/0/medium/webp").asText();
            assertThat(url).contains("X-Amz-Signature");
        }
    }

    /** Every change's {@code data}, as the exact bytes the page holds, by item id. */
    private static Map<String, String> dataOfEachChange(byte[] page) throws Exception {
        Map<String, String> data = new LinkedHashMap<>();
        try (JsonParser p = JSON.getFactory().createParser(page)) {
            String id = null;
            while (p.nextToken() != null) {
                if (p.currentToken() != JsonToken.FIELD_NAME || p.getParsingContext().getParent() == null) continue;
                if (p.currentName().equals("id") && p.getParsingContext().getParent().inArray()) {
                    p.nextToken();
                    id = p.getText();
                } else if (p.currentName().equals("data")) {
                    p.nextToken();
                    int start = (int) p.currentTokenLocation().getByteOffset();
                    p.skipChildren();
                    int end = (int) p.currentLocation().getByteOffset();
                    data.put(id, new String(Arrays.copyOfRange(page, start, end), StandardCharsets.UTF_8));
                }
            }
        }
        return data;
    }

    private static String comparable(String json, boolean presigned) {
        return presigned ? unsigned(json) : json;
    }

    private String serve(Llatria llatria) {
        Javalin javalin = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            llatria.http().mount(config.routes);
        }).start("127.0.0.1", 0);
        closing.add(0, () -> {
            javalin.stop();
            llatria.close();
        });
        return "http://127.0.0.1:" + javalin.port();
    }

    private static String unsigned(String json) {
        return json.replaceAll("\\?X-Amz-[^\"]*\"", "\"");
    }

    /**
     * 0-4 photos an item, at random positions, created at random times (whole seconds,
     * milliseconds, microseconds; 1900-9999), with random sizes; a third of them with keys holding
     * characters JSON escapes.
     */
    private static java.util.Set<String> seedPhotos(HikariDataSource db, UUID owner, List<String> items, Random random) throws Exception {
        java.util.Set<String> astral = new java.util.HashSet<>();
        try (Connection c = db.getConnection(); PreparedStatement insert = c.prepareStatement(
                "insert into item_images (id, owner_id, item_id, position, created_at, renditions) values (?, ?, ?, ?, ?, ?::jsonb)")) {
            for (String item : items) {
                for (int n = random.nextInt(5); n > 0; n--) {
                    UUID image = UUID.randomUUID();
                    ArrayNode renditions = JSON.createArrayNode();
                    for (String variant : new String[]{"THUMBNAIL", "MEDIUM", "FULL"}) {
                        int width = random.nextInt(5000), height = random.nextInt(5000);
                        for (String format : new String[]{"JPEG", "WEBP"}) {
                            String key = key(owner, item, image, random);
                            if (key.codePoints().anyMatch(point -> point > 0xFFFF)) astral.add(item);
                            ObjectNode r = renditions.addObject().put("variant", variant).put("format", format).put("key", key)
                                    .put("width", format.equals("WEBP") ? width : random.nextInt(5000))
                                    .put("height", format.equals("WEBP") ? height : random.nextInt(5000));
                            if (random.nextInt(10) == 0) r.put("extra", "ignored");
                        }
                    }
                    insert.setObject(1, image);
                    insert.setObject(2, owner);
                    insert.setObject(3, UUID.fromString(item));
                    insert.setInt(4, random.nextInt(30));
                    insert.setTimestamp(5, Timestamp.from(time(random)));
                    insert.setString(6, renditions.toString());
                    insert.addBatch();
                }
            }
            insert.executeBatch();
        }
        return astral;
    }

    private static String key(UUID owner, String item, UUID image, Random random) {
        if (random.nextInt(3) > 0) return "users/" + owner + "/inventory/" + item + "/medium_1764100000000_" + image + ".webp";
        StringBuilder key = new StringBuilder("users/" + owner + "/");
        for (int i = random.nextInt(4) + 1; i > 0; i--) key.append(KEY_PARTS[random.nextInt(KEY_PARTS.length)]);
        if (random.nextInt(50) == 0) key.append("emoji \ud83d\udcf7");
        return key.append(image).toString();
    }

    private static Instant time(Random random) {
        long second = switch (random.nextInt(4)) {
            case 0 -> random.nextLong(-2_208_988_800L, 0); // 1900-1970
            case 1 -> random.nextLong(253_402_300_799L - 86_400L * 365, 253_402_300_799L); // year 9999
            default -> random.nextLong(1_700_000_000L, 1_900_000_000L);
        };
        long micros = switch (random.nextInt(4)) {
            case 0 -> 0;
            case 1 -> random.nextInt(1000) * 1000L;
            case 2 -> random.nextInt(100) * 10_000L;
            default -> random.nextInt(1_000_000);
        };
        return Instant.ofEpochSecond(second, micros * 1000);
    }

    private static JsonNode send(String base, String method, String path, String token, String body) throws Exception {
        return JSON.readTree(sendForBytes(base, method, path, token, body));
    }

    private static byte[] sendForBytes(String base, String method, String path, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) request.header("Content-Type", "application/json");
        if (token != null) request.header("Authorization", "Bearer " + token);
        HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as("%s %s: %s", method, path, new String(response.body(), StandardCharsets.UTF_8))
                .isBetween(200, 201);
        return response.body();
    }
}
