package com.llatria.adapters.storage.disk;

import com.llatria.adapters.storage.contract.ImageStoreContract;
import com.llatria.domain.port.ImageStore;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalDiskImageStoreTest extends ImageStoreContract {
    @TempDir
    Path root;
    private LocalDiskImageStore store;

    @BeforeEach
    void open() {
        store = new LocalDiskImageStore(root.resolve("images"), "/files");
    }

    @Override
    protected ImageStore store() {
        return store;
    }

    @Test
    void keys_cannot_reach_outside_the_folder() throws Exception {
        Files.writeString(root.resolve("secret.txt"), "do not serve");

        assertThat(store.get("../secret.txt")).isEmpty();
        assertThat(store.get("users/../../secret.txt")).isEmpty();
        assertThat(store.get("/etc/passwd")).isEmpty();
        assertThatThrownBy(() -> store.put("../escape.webp", new byte[]{1}, "image/webp")).isInstanceOf(IllegalArgumentException.class);
        assertThat(root.resolve("escape.webp")).doesNotExist();
    }

    @Test
    void the_url_is_served_by_the_server_under_its_prefix() {
        assertThat(store.url("users/u/inventory/i/thumbnail_1.jpg")).isEqualTo("/files/users/u/inventory/i/thumbnail_1.jpg");
    }
}
