package com.llatria.domain.ai;

import java.util.Optional;

/** Computes how a photo looks, to find near-duplicates; empty when the bytes cannot be decoded. */
public interface PerceptualHasher {
    Optional<PerceptualHash> hash(Photo photo);
}
