package com.llatria.bootstrap;

import com.llatria.adapters.persistence.testing.TestPostgres;
import com.llatria.application.inventory.Inventory;
import com.llatria.application.inventory.ItemInput;
import com.llatria.application.inventory.MoneyInput;
import com.llatria.application.auth.Session;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemQuery;
import com.llatria.domain.sync.DeviceId;
import com.zaxxer.hikari.HikariDataSource;
import io.javalin.Javalin;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The ways a host JVM service uses Llatria as a library. */
class EmbeddingTest {
    private static final String SECRET = ServerFixture.SECRET;
    private static final ItemInput LAMP = new ItemInput("Lamp", null, new MoneyInput(new BigDecimal("12"), null),
            null, null, null, null, null);

    @Test
    void a_host_service_calls_the_use_cases_on_its_own_data_source(@TempDir Path photos) {
        try (HikariDataSource hostDataSource = TestPostgres.freshDatabase();
             Llatria llatria = Llatria.builder().postgres(hostDataSource).localImages(photos, "/files").jwtSecret(SECRET).build()) {

            Session session = llatria.authentication().register("host@example.com", "correct horse");
            Inventory.Created created = llatria.inventory().create(session.user().id(), new DeviceId("host-service"), Optional.empty(), LAMP);

            assertThat(llatria.inventory().list(session.user().id(), ItemQuery.newestFirst(10)).items())
                    .extracting(view -> view.item().id()).containsExactly(created.view().item().id());
        }
    }

    @Test
    void the_readmes_embedding_example_runs_as_written() {
        try (HikariDataSource ds = TestPostgres.freshDatabase();
             Llatria llatria = Llatria.builder().postgres(ds).jwtSecret(SECRET).build().start()) {
            Session session = llatria.authentication().register("readme@example.com", "correct horse");

            Item item = llatria.inventory().create(session.user().id(), new DeviceId("host"), Optional.empty(), LAMP).view().item();

            assertThat(llatria.inventory().get(session.user().id(), item.id()).item()).isEqualTo(item);
        }
    }

    @Test
    void a_closed_llatria_stops_its_own_threads_and_cannot_start_again() {
        Llatria llatria = Llatria.builder().inMemory().jwtSecret(SECRET).build().start();
        llatria.close();
        llatria.close();

        assertThatThrownBy(llatria::start).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void a_host_javalin_app_mounts_the_api_beside_its_own_routes() {
        Llatria llatria = Llatria.builder().inMemory().jwtSecret(SECRET).build();
        Javalin host = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.routes.get("/host/hello", ctx -> ctx.result("hello from the host"));
            llatria.http().mount(config.routes);
        }).start("127.0.0.1", 0);
        try {
            ApiClient api = new ApiClient(host.port());
            ApiClient.User ann = api.register("ann@example.com");

            assertThat(api.get("/host/hello", null).body()).isEqualTo("hello from the host");
            assertThat(api.createItem(ann, "Lamp", "3", null).get("title").asText()).isEqualTo("Lamp");
            assertThat(api.get("/api/inventory", ann.accessToken()).json().get("items")).hasSize(1);
        } finally {
            host.stop();
        }
    }

    @Test
    void the_api_also_registers_as_a_javalin_plugin_without_http_sessions() throws Exception {
        Llatria llatria = Llatria.builder().inMemory().jwtSecret(SECRET).build();
        Javalin host = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            config.registerPlugin(llatria.http().plugin());
        }).start("127.0.0.1", 0);
        try {
            ApiClient api = new ApiClient(host.port());
            assertThat(api.post("/api/auth/register", null, Map.of("email", "bob@example.com", "password", "correct horse")).status())
                    .isEqualTo(201);
            String upgrade = NoHttpSessionsTest.upgradeAnswer(host.port(), "GET");
            assertThat(upgrade).startsWith("HTTP/1.1 101").doesNotContainIgnoringCase("set-cookie");
        } finally {
            host.stop();
        }
    }

    @Test
    void without_any_infrastructure_the_library_runs_in_memory() {
        Llatria llatria = Llatria.builder().inMemory().jwtSecret(SECRET).build();
        Session session = llatria.authentication().register("mem@example.com", "correct horse");

        Item item = llatria.inventory().create(session.user().id(), new DeviceId("test"), Optional.empty(), LAMP).view().item();

        assertThat(llatria.inventory().get(session.user().id(), item.id()).item()).isEqualTo(item);
    }
}
