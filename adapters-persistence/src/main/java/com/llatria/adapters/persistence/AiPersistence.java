package com.llatria.adapters.persistence;

import com.llatria.domain.ai.AiDataRepository;
import com.llatria.domain.ai.AiUsageLedger;
import com.llatria.domain.ai.SalesHistory;

/** The AI assistant's storage: items' recognitions, usage and the daily allowance, and sales history. */
public record AiPersistence(AiDataRepository aiData, AiUsageLedger usage, SalesHistory sales) {
}
