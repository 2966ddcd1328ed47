package com.llatria.domain.port;

import java.util.UUID;

/** New ids come from here, so tests can make them predictable. */
public interface IdGenerator {
    UUID next();
}
