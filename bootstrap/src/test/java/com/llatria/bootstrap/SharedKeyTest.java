package com.llatria.bootstrap;

import com.llatria.adapters.persistence.testing.TestPostgres;
import com.zaxxer.hikari.HikariDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Servers sharing one database must seal marketplace tokens with one key: a second server with
 * its own key would find every seller's connection unreadable and mark it broken (finding 9.5),
 * so it refuses to start instead, naming the setting. Rotation goes through the previous keys.
 */
class SharedKeyTest {
    private HikariDataSource db;

    @BeforeEach
    void database() {
        db = TestPostgres.freshDatabase();
    }

    @AfterEach
    void close() {
        db.close();
    }

    private static byte[] key(int seed) {
        byte[] key = new byte[32];
        java.util.Arrays.fill(key, (byte) seed);
        return key;
    }

    private Llatria server(byte[] key, List<byte[]> previous) {
        Llatria.Builder builder = Llatria.builder().postgres(db).jwtSecret(ServerFixture.SECRET).backgroundWork(false);
        if (key != null) builder.credentialsKey(key, previous);
        return builder.build();
    }

    @Test
    void a_server_with_another_key_refuses_to_start_and_a_rotation_is_accepted() {
        server(key(1), List.of()).close();
        server(key(1), List.of()).close();

        assertThatThrownBy(() -> server(key(2), List.of()))
                .hasMessageContaining("CREDENTIALS_ENCRYPTION_KEY").hasMessageContaining("CREDENTIALS_ENCRYPTION_PREVIOUS_KEYS");

        // Rotation: the new key, with the old one kept to open what it sealed, becomes the record...
        server(key(2), List.of(key(1))).close();
        // ...so a server still on the old key alone is now the odd one out.
        assertThatThrownBy(() -> server(key(1), List.of())).hasMessageContaining("CREDENTIALS_ENCRYPTION_KEY");
        server(key(2), List.of()).close();

        // A library host that configures no key seals with a key of the process's lifetime, and is not held to the record.
        server(null, List.of()).close();
    }
}
