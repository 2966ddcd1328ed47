package com.llatria.adapters.storage.memory;

import com.llatria.adapters.storage.contract.ImageStoreContract;
import com.llatria.domain.port.ImageStore;

class InMemoryImageStoreTest extends ImageStoreContract {
    private final InMemoryImageStore store = new InMemoryImageStore("/files");

    @Override
    protected ImageStore store() {
        return store;
    }
}
