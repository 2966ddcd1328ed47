package com.llatria.domain.ai;

import java.util.List;

/** Recognises an item for sale from its photos: what it is, and a drafted listing. */
public interface ItemRecognizer {
    AiProvider provider();

    String model();

    /**
     * A validated recognition, within {@code budget}: each HTTP request to the provider takes a
     * call from its allowance first, and no attempt or wait outlasts its deadline.
     * @throws AiProviderFailure when no usable answer came, after the retries the provider's
     * contract allows (and the budget leaves room for)
     */
    AiAnswer<Recognition> recognize(List<Photo> photos, CallBudget budget);
}
