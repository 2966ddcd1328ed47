package com.llatria.bootstrap;

import com.fasterxml.jackson.databind.JsonNode;
import com.llatria.adapters.platforms.fake.FakeEbay;
import com.llatria.adapters.platforms.fake.FakeMeta;
import com.llatria.adapters.storage.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Posting end to end over HTTP, on real PostgreSQL, with fake eBay and Meta servers: connect
 * through OAuth, post, see the listing, edit and see it revised, sell and see the other
 * listings come down, disconnect; and nobody else sees any of it.
 */
class PostingApiTest extends ServerFixture {
    static final FakeEbay EBAY = new FakeEbay();
    static final FakeMeta META = new FakeMeta();

    @Override
    protected Map<String, String> extraSettings() {
        return Map.ofEntries(Map.entry("SALES_CHECK_SECONDS", "1"), Map.entry("EBAY_APP_ID", FakeEbay.APP_ID), Map.entry("EBAY_CERT_ID", FakeEbay.CERT_ID),
                Map.entry("EBAY_RU_NAME", FakeEbay.RU_NAME), Map.entry("EBAY_API_URL", EBAY.url()), Map.entry("EBAY_AUTH_URL", EBAY.url()),
                Map.entry("FACEBOOK_APP_ID", FakeMeta.APP_ID), Map.entry("FACEBOOK_APP_SECRET", FakeMeta.APP_SECRET),
                Map.entry("META_GRAPH_URL", META.graphUrl()),
                // photos must be at public https addresses for eBay; the fake never fetches them
                Map.entry("PUBLIC_BASE_URL", "https://llatria.example.com"));
    }

    @AfterAll
    static void stopFakes() {
        EBAY.close();
        META.close();
    }

    String connectEbay(ApiClient.User user) {
        ApiClient.Response consent = api.post("/api/platforms/ebay/connect", user.accessToken(), null);
        assertThat(consent.status()).as(consent.body()).isEqualTo(200);
        URI url = URI.create(consent.json().get("url").asText());
        assertThat(url.getPath()).isEqualTo("/oauth2/authorize");
        String state = consent.json().get("state").asText();
        // The seller agrees on eBay's page; eBay sends the browser back with a code and our state.
        ApiClient.Response callback = callback("ebay", consent, EBAY.consent());
        assertThat(callback.status()).as(callback.body()).isEqualTo(200);
        assertThat(callback.json().get("status").asText()).isEqualTo("connected");
        ApiClient.Response settings = api.post("/api/platforms/credentials", user.accessToken(), Map.of("platform", "ebay",
                "settings", Map.of("fulfillmentPolicyId", "6196932000", "paymentPolicyId", "6196933000",
                        "returnPolicyId", "6196934000", "merchantLocationKey", "home")));
        assertThat(settings.status()).as(settings.body()).isEqualTo(200);
        return state;
    }

    /** The binding cookie a connect answer sets, as the browser sends it back ("name=value"). */
    static String bindingCookie(ApiClient.Response connect) {
        String setCookie = connect.header("Set-Cookie");
        assertThat(setCookie).as("connect sets the binding cookie").isNotNull();
        return setCookie.substring(0, setCookie.indexOf(';'));
    }

    /** The platform's redirect back, in the browser that called connect (so with its cookie). */
    ApiClient.Response callback(String platform, ApiClient.Response connect, String code) {
        return api.send("GET", "/api/platforms/" + platform + "/callback?code=" + enc(code) + "&state="
                + enc(connect.json().get("state").asText()), null, null, Map.of("Cookie", bindingCookie(connect)));
    }

    String activeItemWithPhoto(ApiClient.User user, String title) {
        Map<String, Object> body = new java.util.HashMap<>(ApiClient.item(title, "79.99"));
        body.put("status", "active");
        body.put("condition", "used");
        ApiClient.Response created = api.post("/api/inventory", user.accessToken(), body);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        String id = created.json().get("id").asText();
        ApiClient.Response photo = api.upload("/api/inventory/" + id + "/images", user.accessToken(),
                List.of(new ApiClient.Part("p.jpg", "image/jpeg", TestImages.jpeg(640, 480))));
        assertThat(photo.status()).as(photo.body()).isEqualTo(201);
        return id;
    }

    JsonNode posting(ApiClient.User user, String item, String platform) {
        JsonNode list = api.get("/api/inventory/" + item + "/postings", user.accessToken()).json().get("postings");
        for (JsonNode p : list) if (p.get("platform").asText().equals(platform)) return p;
        return null;
    }

    JsonNode await(ApiClient.User user, String item, String platform, Predicate<JsonNode> until) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        JsonNode p = null;
        while (Instant.now().isBefore(deadline)) {
            p = posting(user, item, platform);
            if (p != null && until.test(p)) return p;
            Thread.sleep(50);
        }
        throw new AssertionError("posting never got there; last seen: " + p);
    }

    /** Finding S.15: connect's answer binds the consent to the browser by a cookie: an Idempotency-Key must not replay it without. */
    @Test
    void a_connect_sent_twice_with_one_idempotency_key_runs_twice_each_answer_with_its_cookie() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        Map<String, String> keyed = Map.of("Idempotency-Key", java.util.UUID.randomUUID().toString());
        ApiClient.Response first = api.send("POST", "/api/platforms/ebay/connect", ann.accessToken(), null, keyed);
        ApiClient.Response second = api.send("POST", "/api/platforms/ebay/connect", ann.accessToken(), null, keyed);
        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.header("Idempotent-Replayed")).isNull();
        assertThat(second.header("Set-Cookie")).isNotNull();
        assertThat(second.json().get("state").asText()).isNotEqualTo(first.json().get("state").asText());
        ApiClient.Response callback = callback("ebay", second, EBAY.consent());
        assertThat(callback.status()).as(callback.body()).isEqualTo(200);
    }

    @Test
    void connect_post_revise_sell_take_down_and_disconnect() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        connectEbay(ann);

        ApiClient.Response accounts = api.get("/api/platforms/credentials", ann.accessToken());
        assertThat(accounts.json().at("/accounts/0/platform").asText()).isEqualTo("ebay");
        assertThat(accounts.json().at("/accounts/0/status").asText()).isEqualTo("connected");
        assertThat(accounts.json().at("/accounts/0/account").asText()).as("the eBay user name, from eBay's Identity API").isEqualTo("ann_seller");
        assertThat(accounts.json().at("/accounts/0/scopes").toString()).contains("sell.inventory");
        assertThat(accounts.body()).doesNotContain("v^1.1");
        try (Connection c = db.getConnection(); ResultSet r = c.createStatement().executeQuery(
                "SELECT access_token, refresh_token, access_key_id FROM platform_credentials WHERE owner_id = '" + ann.id() + "'")) {
            r.next();
            assertThat(r.getString(1)).doesNotContain("v^1.1").isNotBlank();
            assertThat(r.getString(2)).doesNotContain("v^1.1").isNotBlank();
            assertThat(r.getString(3)).isNotBlank();
        }

        String item = activeItemWithPhoto(ann, "Vintage Levi's 501 jeans");
        ApiClient.Response posted = api.post("/api/inventory/" + item + "/post/ebay", ann.accessToken(), null);
        assertThat(posted.status()).as(posted.body()).isEqualTo(202);
        assertThat(posted.json().get("status").asText()).isEqualTo("posting");
        long versionBefore = api.get("/api/inventory/" + item, ann.accessToken()).json().get("version").asLong();

        JsonNode live = await(ann, item, "ebay", p -> p.get("status").asText().equals("posted"));
        assertThat(live.get("url").asText()).startsWith("https://www.ebay.com/itm/").endsWith(live.get("listingId").asText());
        assertThat(EBAY.inventoryItem("LL-" + item).at("/product/imageUrls/0").asText()).startsWith("https://llatria.example.com/files/");
        assertThat(api.get("/api/inventory/" + item, ann.accessToken()).json().get("version").asLong()).isGreaterThan(versionBefore);

        // An edit revises the live listing.
        ApiClient.Response edited = api.patch("/api/inventory/" + item, ann.accessToken(), Map.of("price", Map.of("amount", "59.00")));
        assertThat(edited.status()).as(edited.body()).isEqualTo(200);
        await(ann, item, "ebay", p -> p.get("status").asText().equals("posted")
                && EBAY.offerFor("LL-" + item).body.at("/pricingSummary/price/value").asText().equals("59.00"));
        assertThat(EBAY.listingsCreated("LL-" + item)).isEqualTo(1);

        // Facebook Marketplace by hand: the package, then the seller confirms.
        ApiClient.Response assisted = api.post("/api/inventory/" + item + "/post/facebook", ann.accessToken(), Map.of("mode", "assisted"));
        assertThat(assisted.status()).as(assisted.body()).isEqualTo(202);
        assertThat(assisted.json().get("task").asText()).isEqualTo("post-on-facebook");
        JsonNode pkg = api.get("/api/inventory/" + item + "/postings/facebook/package", ann.accessToken()).json();
        assertThat(pkg.get("title").asText()).isEqualTo("Vintage Levi's 501 jeans");
        assertThat(pkg.at("/price/amount").asText()).isEqualTo("59.00");
        assertThat(pkg.get("photoUrls").size()).isEqualTo(1);
        ApiClient.Response confirmed = api.post("/api/inventory/" + item + "/postings/facebook/confirm", ann.accessToken(),
                Map.of("url", "https://www.facebook.com/marketplace/item/123456789012345/"));
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(200);
        assertThat(confirmed.json().get("status").asText()).isEqualTo("posted");
        assertThat(confirmed.json().get("listingId").asText()).isEqualTo("123456789012345");

        // Sold elsewhere: eBay comes down by itself, Facebook becomes a task for the seller.
        ApiClient.Response sold = api.patch("/api/inventory/" + item + "/sold", ann.accessToken(), Map.of("platform", "other"));
        assertThat(sold.status()).as(sold.body()).isEqualTo(200);
        await(ann, item, "ebay", p -> p.get("status").asText().equals("idle"));
        assertThat(EBAY.liveListings("LL-" + item)).as("other tests of this class leave listings of their own").isZero();
        JsonNode fb = posting(ann, item, "facebook");
        assertThat(fb.get("status").asText()).isEqualTo("removing");
        assertThat(fb.get("task").asText()).isEqualTo("remove-from-facebook");
        assertThat(api.post("/api/inventory/" + item + "/postings/facebook/confirm", ann.accessToken(), null).json()
                .get("status").asText()).isEqualTo("idle");

        ApiClient.Response disconnect = api.delete("/api/platforms/credentials/ebay", ann.accessToken());
        assertThat(disconnect.status()).isEqualTo(204);
        assertThat(api.get("/api/platforms/credentials", ann.accessToken()).json().at("/accounts/0/status").asText())
                .isEqualTo("not_connected");
        try (Connection c = db.getConnection(); ResultSet r = c.createStatement().executeQuery(
                "SELECT count(*) FROM platform_credentials WHERE owner_id = '" + ann.id() + "'"
                        + " AND (access_token IS NOT NULL OR refresh_token IS NOT NULL)")) {
            r.next();
            assertThat(r.getInt(1)).isZero();
        }
    }

    @Test
    void a_sale_on_eBay_marks_the_item_sold_and_takes_the_other_listings_down() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        connectEbay(ann);
        String item = activeItemWithPhoto(ann, "Leica M6 camera");
        api.post("/api/inventory/" + item + "/post/ebay", ann.accessToken(), null);
        await(ann, item, "ebay", p -> p.get("status").asText().equals("posted"));
        api.post("/api/inventory/" + item + "/post/facebook", ann.accessToken(), Map.of("mode", "assisted"));
        api.post("/api/inventory/" + item + "/postings/facebook/confirm", ann.accessToken(),
                Map.of("url", "https://www.facebook.com/marketplace/item/223456789012345/"));

        // A buyer buys it on eBay; nobody tells Llatria: the sale check finds the order.
        EBAY.sell("LL-" + item, "75.50", Instant.now());

        JsonNode facebook = await(ann, item, "facebook", p -> p.get("status").asText().equals("removing"));
        assertThat(facebook.get("task").asText()).isEqualTo("remove-from-facebook");
        JsonNode sold = api.get("/api/inventory/" + item, ann.accessToken()).json();
        assertThat(sold.get("status").asText()).isEqualTo("sold");
        assertThat(sold.get("soldPlatform").asText()).isEqualTo("ebay");
        assertThat(sold.at("/soldPrice/amount").asText()).isEqualTo("75.50");
        // eBay ended its own listing: the posting comes down (the ended offer's withdraw counts as gone), not "posted" on it.
        await(ann, item, "ebay", p -> p.get("status").asText().equals("idle"));
        JsonNode account = api.get("/api/platforms/credentials", ann.accessToken()).json().at("/accounts/0");
        assertThat(account.get("salesCheckedUntil").asText()).isNotBlank();
        assertThat(account.get("salesProblem").isNull()).isTrue();
    }

    @Test
    void an_item_shows_its_postings_in_get_list_and_pull_and_a_posting_change_is_a_new_etag() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        connectEbay(ann);
        String item = activeItemWithPhoto(ann, "Pyrex mixing bowl");
        ApiClient.Response before = api.get("/api/inventory/" + item, ann.accessToken());
        assertThat(before.json().get("postings").size()).as("never posted").isZero();
        String etagBefore = before.raw().headers().firstValue("ETag").orElseThrow();

        assertThat(api.post("/api/inventory/" + item + "/post/ebay", ann.accessToken(), null).status()).isEqualTo(202);
        await(ann, item, "ebay", p -> p.get("status").asText().equals("posted"));
        assertThat(api.post("/api/inventory/" + item + "/post/facebook", ann.accessToken(), Map.of("mode", "assisted")).status())
                .isEqualTo(202);
        JsonNode postings = api.get("/api/inventory/" + item + "/postings", ann.accessToken()).json().get("postings");
        assertThat(postings.size()).isEqualTo(2);

        // the same postings, field for field, wherever the item is shown
        ApiClient.Response shown = api.send("GET", "/api/inventory/" + item, ann.accessToken(), null, Map.of("If-None-Match", etagBefore));
        assertThat(shown.status()).as("the posting changes made the old ETag stale").isEqualTo(200);
        assertThat(shown.raw().headers().firstValue("ETag").orElseThrow()).isNotEqualTo(etagBefore)
                .isEqualTo("\"v" + shown.json().get("version").asLong() + "\"");
        assertThat(shown.json().get("postings")).isEqualTo(postings);
        assertThat(shown.json().at("/postings/0/platform").asText()).isEqualTo("ebay");
        assertThat(shown.json().at("/postings/0/url").asText()).startsWith("https://www.ebay.com/itm/");
        assertThat(shown.json().at("/postings/1/task").asText()).isEqualTo("post-on-facebook");
        assertThat(shown.body()).doesNotContain("v^1.1");
        JsonNode listed = null;
        for (JsonNode i : api.get("/api/inventory?limit=100", ann.accessToken()).json().get("items")) {
            if (i.get("id").asText().equals(item)) listed = i;
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("postings")).isEqualTo(postings);
        JsonNode pulled = null;
        for (JsonNode change : api.post("/api/sync/pull", ann.accessToken(),
                Map.of("deviceId", "phone-1", "schemaVersion", 1, "cursor", 0, "limit", 100)).json().get("changes")) {
            if (change.get("id").asText().equals(item)) pulled = change;
        }
        assertThat(pulled).isNotNull();
        assertThat(pulled.at("/data/postings")).isEqualTo(postings);
        assertThat(pulled.get("version").asLong()).isEqualTo(shown.json().get("version").asLong());
    }

    @Test
    void another_users_postings_and_credentials_are_404s_and_nothing_changes() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        ApiClient.User bob = api.register(uniqueEmail("bob"));
        connectEbay(ann);
        String item = activeItemWithPhoto(ann, "Lamp");
        api.post("/api/inventory/" + item + "/post/facebook", ann.accessToken(), Map.of("mode", "assisted"));

        assertThat(api.get("/api/inventory/" + item + "/postings", bob.accessToken()).status()).isEqualTo(404);
        // Bob has no eBay connection and website posting does not exist: still 404, his item or not is decided first.
        assertThat(api.post("/api/inventory/" + item + "/post/ebay", bob.accessToken(), null).status()).isEqualTo(404);
        assertThat(api.post("/api/inventory/" + item + "/post/website", bob.accessToken(), null).status()).isEqualTo(404);
        assertThat(api.post("/api/inventory/" + item + "/post/facebook", bob.accessToken(), Map.of("mode", "api")).status()).isEqualTo(404);
        assertThat(api.post("/api/inventory/" + item + "/post/facebook", bob.accessToken(), Map.of("mode", "assisted")).status()).isEqualTo(404);
        assertThat(api.delete("/api/inventory/" + item + "/postings/facebook", bob.accessToken()).status()).isEqualTo(404);
        assertThat(api.get("/api/inventory/" + item + "/postings/facebook/package", bob.accessToken()).status()).isEqualTo(404);
        assertThat(api.post("/api/inventory/" + item + "/postings/facebook/confirm", bob.accessToken(),
                Map.of("url", "https://www.facebook.com/marketplace/item/1/")).status()).isEqualTo(404);
        JsonNode bobs = api.get("/api/platforms/credentials", bob.accessToken()).json();
        assertThat(bobs.at("/accounts/0/status").asText()).isEqualTo("not_connected");
        assertThat(bobs.toString()).doesNotContain("6196932000");
        assertThat(posting(ann, item, "facebook").get("status").asText()).isEqualTo("posting");

        // Bob cannot use Ann's consent state either.
        String state = api.post("/api/platforms/ebay/connect", ann.accessToken(), null).json().get("state").asText();
        ApiClient.Response wrongPlatform = api.get("/api/platforms/facebook/callback?code=x&state=" + enc(state), null);
        assertThat(wrongPlatform.status()).isEqualTo(400);
        ApiClient.Response replay = api.get("/api/platforms/ebay/callback?code=" + enc(EBAY.consent()) + "&state=" + enc(state), null);
        assertThat(replay.status()).as("a state is single use, even after a wrong-platform attempt").isEqualTo(400);
    }

    @Test
    void an_attackers_consent_link_finished_in_someone_elses_browser_connects_nothing() {
        ApiClient.User mallory = api.register(uniqueEmail("mallory"));
        ApiClient.User victim = api.register(uniqueEmail("victim"));

        // Mallory starts connecting eBay and sends the consent link (a genuine eBay page) to the victim,
        // who agrees there: eBay sends the victim's browser, without Mallory's cookie, back to us.
        ApiClient.Response mallorys = api.post("/api/platforms/ebay/connect", mallory.accessToken(), null);
        String state = mallorys.json().get("state").asText();
        ApiClient.Response victimsBrowser = api.get("/api/platforms/ebay/callback?code=" + enc(EBAY.consent()) + "&state=" + enc(state), null);
        assertThat(victimsBrowser.status()).as(victimsBrowser.body()).isEqualTo(400);
        assertThat(victimsBrowser.contentType()).startsWith("application/problem+json");
        assertThat(victimsBrowser.json().get("type").asText()).endsWith("consent-elsewhere");
        assertThat(victimsBrowser.json().at("/errors/0/field").asText()).isEqualTo("state");
        assertThat(victimsBrowser.json().get("detail").asText()).contains("another browser or app", "nothing was connected");
        assertThat(ebayStatus(mallory)).isEqualTo("not_connected");
        assertThat(ebayStatus(victim)).isEqualTo("not_connected");
        // The link is spent: Mallory cannot finish it later with the victim's code either.
        assertThat(api.send("GET", "/api/platforms/ebay/callback?code=x&state=" + enc(state), null, null,
                Map.of("Cookie", bindingCookie(mallorys))).status()).isEqualTo(400);

        // The victim's browser holding a binding of its own (the victim also started connecting) does not fit Mallory's state.
        ApiClient.Response again = api.post("/api/platforms/ebay/connect", mallory.accessToken(), null);
        ApiClient.Response victimsOwn = api.post("/api/platforms/ebay/connect", victim.accessToken(), null);
        ApiClient.Response crossed = api.send("GET", "/api/platforms/ebay/callback?code=" + enc(EBAY.consent()) + "&state="
                + enc(again.json().get("state").asText()), null, null, Map.of("Cookie", bindingCookie(victimsOwn)));
        assertThat(crossed.status()).as(crossed.body()).isEqualTo(400);
        // Nor does the victim's app finishing it with the victim's own access token.
        ApiClient.Response third = api.post("/api/platforms/ebay/connect", mallory.accessToken(), null);
        ApiClient.Response victimsApp = api.get("/api/platforms/ebay/callback?code=" + enc(EBAY.consent()) + "&state="
                + enc(third.json().get("state").asText()), victim.accessToken());
        assertThat(victimsApp.status()).as(victimsApp.body()).isEqualTo(400);
        assertThat(ebayStatus(mallory)).isEqualTo("not_connected");
        assertThat(ebayStatus(victim)).isEqualTo("not_connected");

        // The victim's own flow in the victim's browser still works, and the cookie is cleared after it.
        ApiClient.Response done = callback("ebay", victimsOwn, EBAY.consent());
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(done.header("Set-Cookie")).startsWith("llatria_consent_ebay=;").contains("Max-Age=0");
        assertThat(ebayStatus(victim)).isEqualTo("connected");
        assertThat(ebayStatus(mallory)).isEqualTo("not_connected");
    }

    @Test
    void the_binding_cookie_is_http_only_lax_short_lived_and_secure_behind_https() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String plain = api.post("/api/platforms/facebook/connect", ann.accessToken(), null).header("Set-Cookie");
        assertThat(plain).startsWith("llatria_consent_facebook=").contains("; Max-Age=600", "; Path=/api/platforms/facebook/callback",
                "; HttpOnly", "; SameSite=Lax").doesNotContain("Secure");
        String proxied = api.send("POST", "/api/platforms/facebook/connect", ann.accessToken(), null,
                Map.of("X-Forwarded-Proto", "https")).header("Set-Cookie");
        assertThat(proxied).endsWith("; Secure");
    }

    @Test
    void an_app_finishes_the_consent_itself_with_the_access_token_of_the_seller_who_started() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        // The app opened the consent in its own browser view and caught the redirect to the callback;
        // it asks for that address itself, signed in, without the cookie.
        String state = api.post("/api/platforms/ebay/connect", ann.accessToken(), null).json().get("state").asText();
        ApiClient.Response finished = api.get("/api/platforms/ebay/callback?code=" + enc(EBAY.consent()) + "&state=" + enc(state),
                ann.accessToken());
        assertThat(finished.status()).as(finished.body()).isEqualTo(200);
        assertThat(ebayStatus(ann)).isEqualTo("connected");
    }

    @Test
    void a_seller_has_at_most_ten_pending_consents_even_when_connects_race_the_oldest_are_dropped() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        ApiClient.Response first = api.post("/api/platforms/ebay/connect", ann.accessToken(), null);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<Integer>> racing = new java.util.ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String platform = i % 2 == 0 ? "ebay" : "facebook";
                racing.add(pool.submit(() -> api.post("/api/platforms/" + platform + "/connect", ann.accessToken(), null).status()));
            }
            for (java.util.concurrent.Future<Integer> f : racing) assertThat(f.get()).as("nobody is refused").isEqualTo(200);
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = db.getConnection(); ResultSet r = c.createStatement().executeQuery(
                "SELECT count(*) FROM platform_consents WHERE owner_id = '" + ann.id() + "'")) {
            r.next();
            assertThat(r.getInt(1)).isEqualTo(10);
        }
        ApiClient.Response dropped = callback("ebay", first, EBAY.consent());
        assertThat(dropped.status()).as("the oldest consent was dropped").isEqualTo(400);
        assertThat(dropped.json().get("type").asText()).endsWith("consent-expired");
        ApiClient.Response latest = api.post("/api/platforms/ebay/connect", ann.accessToken(), null);
        assertThat(callback("ebay", latest, EBAY.consent()).status()).isEqualTo(200);
    }

    @Test
    void a_posting_job_writing_the_item_does_not_make_the_sellers_own_tag_stale() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        connectEbay(ann);
        String item = activeItemWithPhoto(ann, "Walnut desk");
        String opened = api.get("/api/inventory/" + item, ann.accessToken()).header("ETag");
        api.post("/api/inventory/" + item + "/post/ebay", ann.accessToken(), null);
        await(ann, item, "ebay", p -> p.get("status").asText().equals("posted"));
        assertThat(api.get("/api/inventory/" + item, ann.accessToken()).header("ETag")).as("the jobs moved the version").isNotEqualTo(opened);

        // The form opened before posting still saves: only postings changed since.
        ApiClient.Response saved = api.send("PATCH", "/api/inventory/" + item, ann.accessToken(),
                ApiClient.json(Map.of("price", Map.of("amount", "70.00"))), Map.of("If-Match", opened));
        assertThat(saved.status()).as(saved.body()).isEqualTo(200);
        String afterSave = saved.header("ETag");
        // The save revises the listing; once the job has written, the ETag the save returned still saves.
        await(ann, item, "ebay", p -> p.get("status").asText().equals("posted")
                && !("\"v" + p.get("version").asLong() + "\"").equals(afterSave));
        String now = api.get("/api/inventory/" + item, ann.accessToken()).header("ETag");
        assertThat(now).isNotEqualTo(afterSave);
        assertThat(api.send("GET", "/api/inventory/" + item, ann.accessToken(), null, Map.of("If-None-Match", afterSave)).status())
                .as("a posting change is a new representation").isEqualTo(200);
        ApiClient.Response again = api.send("PATCH", "/api/inventory/" + item, ann.accessToken(),
                ApiClient.json(Map.of("price", Map.of("amount", "65.00"))), Map.of("If-Match", afterSave));
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        ApiClient.Response inBody = api.put("/api/inventory/" + item, ann.accessToken(), withVersion(again.json(), opened));
        assertThat(inBody.status()).as("the body's version too, and a field changed since: refused").isEqualTo(409);

        // A real edit from elsewhere still makes the tag stale.
        String beforeTheirs = again.header("ETag");
        ApiClient.Response retitled = api.patch("/api/inventory/" + item, ann.accessToken(), Map.of("title", "Walnut writing desk"));
        assertThat(retitled.status()).isEqualTo(200);
        ApiClient.Response stale = api.send("PATCH", "/api/inventory/" + item, ann.accessToken(),
                ApiClient.json(Map.of("price", Map.of("amount", "60.00"))), Map.of("If-Match", beforeTheirs));
        assertThat(stale.status()).isEqualTo(412);
        assertThat(api.get("/api/inventory/" + item, ann.accessToken()).json().at("/price/amount").asText()).startsWith("65");

        // Photo writes (9.41): a posting job's write after the tag stales nothing, another photo write does.
        String retitledTag = retitled.header("ETag");
        await(ann, item, "ebay", p -> p.get("status").asText().equals("posted")
                && !("\"v" + p.get("version").asLong() + "\"").equals(retitledTag));
        ApiClient.Response added = api.upload("/api/inventory/" + item + "/images", ann.accessToken(),
                List.of(new ApiClient.Part("side.jpg", "image/jpeg", TestImages.jpeg(640, 480))), Map.of(), Map.of("If-Match", retitledTag));
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        List<String> photos = api.get("/api/inventory/" + item, ann.accessToken()).json().get("images").findValuesAsText("id");
        List<String> reversed = List.of(photos.get(1), photos.get(0));
        assertThat(api.send("PUT", "/api/inventory/" + item + "/images/reorder", ann.accessToken(),
                ApiClient.json(Map.of("imageIds", reversed)), Map.of("If-Match", retitledTag)).status())
                .as("a photo was added after that tag").isEqualTo(412);
        String addedTag = added.header("ETag");
        await(ann, item, "ebay", p -> p.get("status").asText().equals("posted")
                && !("\"v" + p.get("version").asLong() + "\"").equals(addedTag));
        ApiClient.Response reordered = api.send("PUT", "/api/inventory/" + item + "/images/reorder", ann.accessToken(),
                ApiClient.json(Map.of("imageIds", reversed)), Map.of("If-Match", addedTag));
        assertThat(reordered.status()).as("only the listing's revision wrote since: " + reordered.body()).isEqualTo(200);
    }

    @Test
    void a_sync_push_that_changes_nothing_revises_no_listing_and_gives_no_task_but_a_new_photo_does() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        connectEbay(ann);
        String item = activeItemWithPhoto(ann, "Teak bench");
        api.post("/api/inventory/" + item + "/post/ebay", ann.accessToken(), null);
        JsonNode ebay = await(ann, item, "ebay", p -> p.get("status").asText().equals("posted"));
        int revisions = EBAY.offerFor("LL-" + item).revisions;
        api.post("/api/inventory/" + item + "/post/facebook", ann.accessToken(), Map.of("mode", "assisted"));
        api.post("/api/inventory/" + item + "/postings/facebook/confirm", ann.accessToken(),
                Map.of("url", "https://www.facebook.com/marketplace/item/423456789012345/"));
        JsonNode facebook = posting(ann, item, "facebook");
        assertThat(facebook.get("status").asText()).isEqualTo("posted");
        long before = api.get("/api/inventory/" + item, ann.accessToken()).json().get("version").asLong();

        // A phone's stale title edit (an old stamp) loses: recorded as a conflict, no field changes.
        Map<String, Object> mutation = Map.of("mutationId", 1, "entity", "item", "id", item, "op", "upsert", "baseVersion", 0,
                "fields", Map.of("title", Map.of("value", "Old stale title", "hlc", "0001764100000000-00000-phone-1")));
        ApiClient.Response push = api.post("/api/sync/push", ann.accessToken(),
                Map.of("deviceId", "phone-1", "schemaVersion", 1, "mutations", List.of(mutation)));
        assertThat(push.status()).as(push.body()).isEqualTo(200);
        assertThat(push.json().at("/results/0/status").asText()).as(push.body()).isEqualTo("conflict");
        JsonNode after = api.get("/api/inventory/" + item, ann.accessToken()).json();
        assertThat(after.get("title").asText()).isEqualTo("Teak bench");
        assertThat(after.get("version").asLong()).as("the conflict was recorded as a write").isGreaterThan(before);

        JsonNode facebookAfter = posting(ann, item, "facebook");
        assertThat(facebookAfter.get("status").asText()).isEqualTo("posted");
        assertThat(facebookAfter.get("task").isNull()).as("no bogus update-on-facebook task").isTrue();
        assertThat(facebookAfter.get("version").asLong()).isEqualTo(facebook.get("version").asLong());
        assertThat(posting(ann, item, "ebay").get("version").asLong()).as("no revision started").isEqualTo(ebay.get("version").asLong());
        assertThat(EBAY.offerFor("LL-" + item).revisions).isEqualTo(revisions);

        // A new photo is what the listings show: both are revised.
        ApiClient.Response photo = api.upload("/api/inventory/" + item + "/images", ann.accessToken(),
                List.of(new ApiClient.Part("q.jpg", "image/jpeg", TestImages.jpeg(480, 360))));
        assertThat(photo.status()).as(photo.body()).isEqualTo(201);
        assertThat(posting(ann, item, "facebook").get("task").asText()).isEqualTo("update-on-facebook");
        await(ann, item, "ebay", p -> p.get("status").asText().equals("posted") && EBAY.offerFor("LL-" + item).revisions > revisions);
    }

    @Test
    void a_hand_made_listings_tasks_keep_its_link_and_a_deleted_items_remove_task_can_be_seen_and_done() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        ApiClient.User bob = api.register(uniqueEmail("bob"));
        String item = activeItemWithPhoto(ann, "Rattan chair");
        String link = "https://www.facebook.com/marketplace/item/523456789012345/";
        api.post("/api/inventory/" + item + "/post/facebook", ann.accessToken(), Map.of("mode", "assisted"));
        api.post("/api/inventory/" + item + "/postings/facebook/confirm", ann.accessToken(), Map.of("url", link));

        // Edited: the update task says which listing to update.
        assertThat(api.patch("/api/inventory/" + item, ann.accessToken(), Map.of("title", "Rattan armchair")).status()).isEqualTo(200);
        JsonNode update = posting(ann, item, "facebook");
        assertThat(update.get("task").asText()).isEqualTo("update-on-facebook");
        assertThat(update.get("url").asText()).isEqualTo(link);
        api.post("/api/inventory/" + item + "/postings/facebook/confirm", ann.accessToken(), Map.of("url", link));

        // Deleted: the remove task stays visible, with its link, and the seller can say it is done.
        assertThat(api.delete("/api/inventory/" + item, ann.accessToken()).status()).isEqualTo(204);
        ApiClient.Response afterDelete = api.get("/api/inventory/" + item + "/postings", ann.accessToken());
        assertThat(afterDelete.status()).as(afterDelete.body()).isEqualTo(200);
        JsonNode remove = posting(ann, item, "facebook");
        assertThat(remove.get("status").asText()).isEqualTo("removing");
        assertThat(remove.get("task").asText()).isEqualTo("remove-from-facebook");
        assertThat(remove.get("url").asText()).isEqualTo(link);
        assertThat(api.get("/api/inventory/" + item + "/postings", bob.accessToken()).status()).isEqualTo(404);
        assertThat(api.post("/api/inventory/" + item + "/postings/facebook/confirm", bob.accessToken(), null).status()).isEqualTo(404);

        ApiClient.Response done = api.post("/api/inventory/" + item + "/postings/facebook/confirm", ann.accessToken(), null);
        assertThat(done.status()).as(done.body()).isEqualTo(200);
        assertThat(done.json().get("status").asText()).isEqualTo("idle");
        // Nothing but that removal can happen to a deleted item.
        assertThat(api.post("/api/inventory/" + item + "/postings/facebook/confirm", ann.accessToken(), Map.of("url", link)).status())
                .isEqualTo(404);
        assertThat(api.post("/api/inventory/" + item + "/post/facebook", ann.accessToken(), Map.of("mode", "assisted")).status())
                .isEqualTo(404);
        assertThat(api.get("/api/inventory/" + item + "/postings/facebook/package", ann.accessToken()).status()).isEqualTo(404);
        assertThat(posting(ann, item, "facebook").get("status").asText()).isEqualTo("idle");
    }

    /** The item as GET shows it, with {@code version} set to the one an ETag names. */
    static Map<String, Object> withVersion(JsonNode item, String etag) {
        Map<String, Object> body = ApiClient.JSON.convertValue(item, new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {
        });
        body.put("version", Long.parseLong(etag.replaceAll("[^0-9]", "")));
        return body;
    }

    String ebayStatus(ApiClient.User user) {
        return api.get("/api/platforms/credentials", user.accessToken()).json().at("/accounts/0/status").asText();
    }

    @Test
    void bad_requests_are_problems_that_change_nothing() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String item = activeItemWithPhoto(ann, "Chair");

        ApiClient.Response notConnected = api.post("/api/inventory/" + item + "/post/ebay", ann.accessToken(), null);
        assertThat(notConnected.status()).isEqualTo(409);
        assertThat(notConnected.json().get("detail").asText()).contains("connect your eBay account");
        assertThat(api.post("/api/inventory/" + item + "/post/myspace", ann.accessToken(), null).status()).isEqualTo(404);
        ApiClient.Response badMode = api.post("/api/inventory/" + item + "/post/facebook", ann.accessToken(), Map.of("mode", "telepathy"));
        assertThat(badMode.status()).isEqualTo(400);
        assertThat(badMode.json().at("/errors/0/field").asText()).isEqualTo("mode");
        ApiClient.Response badSetting = api.post("/api/platforms/credentials", ann.accessToken(),
                Map.of("platform", "ebay", "settings", Map.of("favouriteColour", "green")));
        assertThat(badSetting.status()).isEqualTo(400);
        assertThat(badSetting.json().at("/errors/0/field").asText()).isEqualTo("settings.favouriteColour");
        ApiClient.Response badState = api.get("/api/platforms/ebay/callback?code=abc&state=made-up", null);
        assertThat(badState.status()).isEqualTo(400);
        assertThat(badState.contentType()).startsWith("application/problem+json");
        ApiClient.Response neverPosted = api.delete("/api/inventory/" + item + "/postings/ebay", ann.accessToken());
        assertThat(neverPosted.status()).as("nothing to take down").isEqualTo(404);
        assertThat(api.get("/api/inventory/" + item + "/postings", ann.accessToken()).json().get("postings").size()).isZero();
    }

    @Test
    void a_listing_made_by_hand_is_not_silently_switched_to_the_catalog() {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        String item = activeItemWithPhoto(ann, "Oak stool");
        api.post("/api/inventory/" + item + "/post/facebook", ann.accessToken(), Map.of("mode", "assisted"));
        api.post("/api/inventory/" + item + "/postings/facebook/confirm", ann.accessToken(),
                Map.of("url", "https://www.facebook.com/marketplace/item/323456789012345/"));
        callback("facebook", api.post("/api/platforms/facebook/connect", ann.accessToken(), null), META.consent());
        api.post("/api/platforms/credentials", ann.accessToken(), Map.of("platform", "facebook", "settings",
                Map.of("catalogId", "998877", "storefrontUrl", "https://shop.example.com/items/{sku}")));

        ApiClient.Response again = api.post("/api/inventory/" + item + "/post/facebook", ann.accessToken(), null);
        assertThat(again.status()).as("no mode: the posting keeps its own").isEqualTo(202);
        assertThat(again.json().get("mode").asText()).isEqualTo("assisted");
        assertThat(again.json().get("task").asText()).isEqualTo("update-on-facebook");
        ApiClient.Response switched = api.post("/api/inventory/" + item + "/post/facebook", ann.accessToken(), Map.of("mode", "api"));
        assertThat(switched.status()).isEqualTo(409);
        assertThat(switched.json().get("detail").asText()).contains("take it down first");
        assertThat(META.catalog("998877")).doesNotContainKey("LL-" + item);
    }

    @Test
    void a_facebook_catalog_connection_posts_through_the_graph_api_batch() throws Exception {
        ApiClient.User ann = api.register(uniqueEmail("ann"));
        ApiClient.Response callback = callback("facebook", api.post("/api/platforms/facebook/connect", ann.accessToken(), null),
                META.consent());
        assertThat(callback.status()).as(callback.body()).isEqualTo(200);
        assertThat(callback.json().get("account").asText()).isEqualTo("Ann Seller");
        assertThat(callback.json().get("expiresAt").asText()).isNotBlank();
        api.post("/api/platforms/credentials", ann.accessToken(), Map.of("platform", "facebook", "settings", Map.of("catalogId", "778899")));
        String item = activeItemWithPhoto(ann, "Brass lamp");

        // A catalog product must link to a page on the seller's own site: without one, the seller is told what to save.
        ApiClient.Response noShop = api.post("/api/inventory/" + item + "/post/facebook", ann.accessToken(), null);
        assertThat(noShop.status()).as(noShop.body()).isEqualTo(409);
        assertThat(noShop.json().get("detail").asText()).contains("shop's web address in your Facebook settings");
        assertThat(noShop.json().get("type").asText()).endsWith("settings-missing");
        ApiClient.Response notAShop = api.post("/api/platforms/credentials", ann.accessToken(), Map.of("platform", "facebook",
                "settings", Map.of("catalogId", "778899", "storefrontUrl", "javascript:alert(1)")));
        assertThat(notAShop.status()).isEqualTo(400);
        assertThat(notAShop.json().at("/errors/0/field").asText()).isEqualTo("settings.storefrontUrl");
        api.post("/api/platforms/credentials", ann.accessToken(), Map.of("platform", "facebook", "settings",
                Map.of("catalogId", "778899", "storefrontUrl", "https://shop.example.com/items/{sku}")));

        ApiClient.Response posted = api.post("/api/inventory/" + item + "/post/facebook", ann.accessToken(), null);
        assertThat(posted.status()).as(posted.body()).isEqualTo(202);
        assertThat(posted.json().get("mode").asText()).isEqualTo("api");
        await(ann, item, "facebook", p -> p.get("status").asText().equals("posted"));
        assertThat(META.catalog("778899")).containsKey("LL-" + item);
        assertThat(META.catalog("778899").get("LL-" + item).path("link").asText()).isEqualTo("https://shop.example.com/items/LL-" + item);

        assertThat(api.delete("/api/inventory/" + item + "/postings/facebook", ann.accessToken()).status()).isEqualTo(202);
        await(ann, item, "facebook", p -> p.get("status").asText().equals("idle"));
        assertThat(META.catalog("778899")).doesNotContainKey("LL-" + item);
    }

    static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }
}
