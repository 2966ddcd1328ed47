package com.llatria.bootstrap;

import com.llatria.adapters.persistence.testing.TestPostgres;
import com.llatria.adapters.web.Idempotency;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Idempotency-Key claims on real PostgreSQL, with a 3-second lease: a slow request keeps its key
 * however long it runs (its server renews the claim), a claim its server stopped renewing answers
 * 409 with the time until it ends, and an answer the database refused to keep is kept once it
 * accepts, the key held meanwhile (findings S.2 and S.3).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class IdempotencyClaimsTest {
    private static final Duration LEASE = Duration.ofSeconds(3);
    private static final int KEPT = 5;
    private static final int LARGEST = 4_000;
    private HikariDataSource db;
    private Llatria llatria;
    private Javalin host;
    private ApiClient api;

    @BeforeAll
    void start() {
        db = TestPostgres.freshDatabase();
        llatria = Llatria.builder().postgres(db).jwtSecret(ServerFixture.SECRET).idempotencyLimits(new Idempotency.Limits(LEASE, KEPT, 1 << 20, LARGEST)).build().start();
        host = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            llatria.http().mount(config.routes);
        }).start("127.0.0.1", 0);
        api = new ApiClient(host.port());
    }

    @AfterAll
    void stop() {
        host.stop();
        llatria.close();
        db.close();
    }

    private ApiClient.Response patch(ApiClient.User user, String id, String key, String price) {
        return api.send("PATCH", "/api/inventory/" + id, user.accessToken(), ApiClient.json(Map.of("price", price)),
                Map.of("Idempotency-Key", key));
    }

    private void sql(String statement) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement()) {
            s.execute(statement);
        }
    }

    private OffsetDateTime lockedUntil(ApiClient.User user, String key) throws Exception {
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select locked_until from idempotency_keys where user_id = '" + user.id()
                     + "' and idem_key = '" + key + "'")) {
            assertThat(r.next()).isTrue();
            return r.getObject(1, OffsetDateTime.class);
        }
    }

    @Test
    void a_request_running_longer_than_the_lease_keeps_its_key_and_runs_once() throws Exception {
        ApiClient.User ann = api.register(ServerFixture.uniqueEmail("ann"));
        String id = api.createItem(ann, "Lamp", "10", null).get("id").asText();
        String key = UUID.randomUUID().toString();
        CompletableFuture<ApiClient.Response> first;
        try (Connection lock = db.getConnection()) {
            // the keyed edit waits on the item's row, locked here, for two leases
            lock.setAutoCommit(false);
            lock.createStatement().execute("select 1 from items where id = '" + id + "' for update");
            first = CompletableFuture.supplyAsync(() -> patch(ann, id, key, "12"));
            OffsetDateTime claimedUntil = awaitClaim(ann, key);
            long until = System.nanoTime() + LEASE.multipliedBy(2).toNanos();
            while (System.nanoTime() < until) {
                ApiClient.Response retry = patch(ann, id, key, "12");
                assertThat(retry.status()).as("a retry while the first runs: %s", retry.body()).isEqualTo(409);
                Thread.sleep(200);
            }
            assertThat(lockedUntil(ann, key)).as("renewed while it runs").isAfter(claimedUntil.plus(LEASE));
            lock.commit();
        }
        assertThat(first.get().status()).isEqualTo(200);
        ApiClient.Response replay = patch(ann, id, key, "12");
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(api.get("/api/inventory/" + id, ann.accessToken()).json().get("version").asInt()).as("ran once").isEqualTo(2);
    }

    @Test
    void a_claim_its_server_stopped_renewing_frees_the_key_one_lease_after_its_last_renewal() throws Exception {
        ApiClient.User ann = api.register(ServerFixture.uniqueEmail("ann"));
        String id = api.createItem(ann, "Lamp", "10", null).get("id").asText();
        String key = UUID.randomUUID().toString();
        assertThat(patch(ann, id, key, "12").status()).isEqualTo(200);
        // as a server that died just after renewing leaves its claim: unanswered, a whole lease to go
        sql("update idempotency_keys set status = null, body = null, claim_token = '" + UUID.randomUUID()
                + "', locked_until = now() + interval '" + LEASE.toMillis() + " milliseconds' where user_id = '" + ann.id() + "'");
        long died = System.nanoTime();

        ApiClient.Response rerun = patch(ann, id, key, "12");
        assertThat(rerun.status()).isEqualTo(409);
        while (rerun.status() == 409 && System.nanoTime() - died < LEASE.multipliedBy(10).toNanos()) {
            Thread.sleep(100);
            rerun = patch(ann, id, key, "12");
        }
        assertThat(rerun.status()).as(rerun.body()).isEqualTo(200);
        assertThat(rerun.header("Idempotent-Replayed")).isNull();
        assertThat(Duration.ofNanos(System.nanoTime() - died)).as("free once its lease ended").isGreaterThanOrEqualTo(LEASE.minusMillis(200));
    }

    @Test
    void an_answer_the_database_refused_to_keep_is_kept_once_it_accepts_and_the_key_stays_held_meanwhile() throws Exception {
        ApiClient.User ann = api.register(ServerFixture.uniqueEmail("ann"));
        String id = api.createItem(ann, "Lamp", "10", null).get("id").asText();
        String key = UUID.randomUUID().toString();
        String trigger = "refuse_" + ann.id().replace("-", "");
        // the answer cannot be written (as when the database goes away just then); claims still can
        sql("create function " + trigger + "() returns trigger language plpgsql as $$ begin"
                + " if new.status is not null and new.user_id = '" + ann.id() + "' then raise exception 'refused'; end if;"
                + " return new; end $$");
        sql("create trigger " + trigger + " before update on idempotency_keys for each row execute function " + trigger + "()");
        try {
            ApiClient.Response first = patch(ann, id, key, "12");
            assertThat(first.status()).as("the client still gets the done work's answer").isEqualTo(200);
            // held past its first lease: renewed while its answer waits
            long until = System.nanoTime() + LEASE.multipliedBy(2).toNanos();
            while (System.nanoTime() < until) {
                assertThat(patch(ann, id, key, "12").status()).isEqualTo(409);
                Thread.sleep(200);
            }
        } finally {
            sql("drop trigger " + trigger + " on idempotency_keys");
        }
        ApiClient.Response replay = patch(ann, id, key, "12");
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (replay.status() == 409 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            replay = patch(ann, id, key, "12");
        }
        assertThat(replay.status()).as(replay.body()).isEqualTo(200);
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(api.get("/api/inventory/" + id, ann.accessToken()).json().get("version").asInt()).as("ran once").isEqualTo(2);
    }

    /** Finding S.6: one account cannot fill the database with kept answers; the oldest go first. */
    @Test
    void a_user_keeps_at_most_its_newest_answers() throws Exception {
        ApiClient.User ann = api.register(ServerFixture.uniqueEmail("ann"));
        String body = ApiClient.json(ApiClient.item("Lamp", "10"));
        for (int i = 0; i <= KEPT; i++) {
            assertThat(api.send("POST", "/api/inventory", ann.accessToken(), body, Map.of("Idempotency-Key", "k" + i)).status()).isEqualTo(201);
        }
        try (Connection c = db.getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("select count(*) from idempotency_keys where user_id = '" + ann.id() + "'")) {
            r.next();
            assertThat(r.getInt(1)).isEqualTo(KEPT);
        }
        ApiClient.Response newest = api.send("POST", "/api/inventory", ann.accessToken(), body, Map.of("Idempotency-Key", "k" + KEPT));
        assertThat(newest.header("Idempotent-Replayed")).isEqualTo("true");
        ApiClient.Response oldest = api.send("POST", "/api/inventory", ann.accessToken(), body, Map.of("Idempotency-Key", "k0"));
        assertThat(oldest.status()).isEqualTo(201);
        assertThat(oldest.header("Idempotent-Replayed")).as("dropped: it runs again").isNull();
    }

    /** Finding S.13: an answer too large to keep still holds its key; a retry learns the request ran. */
    @Test
    void an_answer_too_large_to_keep_holds_its_key_and_the_retry_is_told_it_ran() throws Exception {
        ApiClient.User ann = api.register(ServerFixture.uniqueEmail("ann"));
        String body = ApiClient.json(Map.of("title", "Lamp", "price", "10", "description", "x".repeat(LARGEST)));
        Map<String, String> keyed = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        ApiClient.Response first = api.send("POST", "/api/inventory", ann.accessToken(), body, keyed);
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.body().length()).isGreaterThan(LARGEST);

        ApiClient.Response retry = api.send("POST", "/api/inventory", ann.accessToken(), body, keyed);
        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.contentType()).startsWith("application/problem+json");
        assertThat(retry.json().get("type").asText()).isEqualTo("urn:llatria:problem:idempotency-answer-not-kept");
        assertThat(retry.json().get("errors").get(0).get("field").asText()).isEqualTo("Idempotency-Key");
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(api.get("/api/inventory", ann.accessToken()).json().get("items")).as("ran once").hasSize(1);
    }

    private OffsetDateTime awaitClaim(ApiClient.User user, String key) throws Exception {
        long until = System.nanoTime() + 20_000_000_000L;
        while (System.nanoTime() < until) {
            try (Connection c = db.getConnection(); Statement s = c.createStatement();
                 ResultSet r = s.executeQuery("select locked_until from idempotency_keys where user_id = '" + user.id()
                         + "' and idem_key = '" + key + "'")) {
                if (r.next()) return r.getObject(1, OffsetDateTime.class);
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the keyed request never claimed its key");
    }
}
