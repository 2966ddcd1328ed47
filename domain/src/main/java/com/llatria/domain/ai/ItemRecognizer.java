package com.llatria.domain.ai;

import java.util.List;

/** Recognises an item for sale from its photos: what it is, and a drafted listing. */
public interface ItemRecognizer {
    AiProvider provider();

    String model();

    /**
     * A validated recognition. @throws AiProviderFailure when no usable answer came, after the
     * retries the provider's contract allows
     */
    AiAnswer<Recognition> recognize(List<Photo> photos);
}
