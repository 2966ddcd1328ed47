package com.llatria.adapters.storage.contract;

import com.llatria.domain.port.ImageStore;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** What every photo store does: run against local disk, S3 (S3Proxy) and memory. */
public abstract class ImageStoreContract {
    protected abstract ImageStore store();

    private static final String KEY = "users/00000000-0000-4000-8000-000000000001/inventory/00000000-0000-4000-8000-000000000002/medium_1732530000000000.webp";

    @Test
    void a_stored_file_reads_back_byte_for_byte() {
        byte[] bytes = new byte[70_000];
        for (int i = 0; i < bytes.length; i++) bytes[i] = (byte) (i * 31);

        store().put(KEY, bytes, "image/webp");

        assertThat(store().get(KEY)).hasValueSatisfying(read -> assertThat(read).isEqualTo(bytes));
    }

    @Test
    void storing_again_under_the_same_key_replaces_the_file() {
        store().put(KEY, "first".getBytes(StandardCharsets.UTF_8), "image/webp");
        store().put(KEY, "second".getBytes(StandardCharsets.UTF_8), "image/webp");

        assertThat(store().get(KEY)).hasValueSatisfying(read -> assertThat(new String(read, StandardCharsets.UTF_8)).isEqualTo("second"));
    }

    @Test
    void a_deleted_file_is_gone_and_deleting_it_again_is_fine() {
        store().put(KEY, new byte[]{1, 2, 3}, "image/jpeg");

        store().delete(KEY);
        store().delete(KEY);

        assertThat(store().get(KEY)).isEmpty();
    }

    @Test
    void a_file_that_was_never_stored_is_empty() {
        assertThat(store().get("users/x/inventory/y/thumbnail_1.jpg")).isEmpty();
    }

    @Test
    void every_file_has_a_url_that_names_its_key() {
        assertThat(store().url(KEY)).contains(KEY);
    }

    @Test
    void a_store_with_a_url_prefix_makes_every_url_that_prefix_and_the_key() {
        // Pull pages put the prefix before keys without asking the store: it must hold for any key.
        store().urlPrefix().ifPresent(prefix -> {
            for (String key : new String[]{KEY, "users/x/inventory/y/thumbnail_1.jpg", "a b/\"q\"/caf\u00e9.webp"}) {
                assertThat(store().url(key)).isEqualTo(prefix + key);
            }
        });
    }
}
