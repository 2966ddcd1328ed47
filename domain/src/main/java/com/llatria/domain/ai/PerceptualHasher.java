package com.llatria.domain.ai;

import java.util.Optional;

/** Computes how a photo looks, to find near-duplicates; empty when the bytes cannot be decoded. */
public interface PerceptualHasher {
    Optional<PerceptualHash> hash(Photo photo);

    /**
     * Why the photo must not be worked on, from its header alone: it declares more pixels than
     * any photo we accept (a decompression bomb costs a few hundred kB to send and gigabytes to
     * decode). Empty when it may be sent and hashed, or when the header cannot be read (the
     * provider then judges the bytes; hashing them yields nothing).
     */
    Optional<String> refusal(Photo photo);
}
