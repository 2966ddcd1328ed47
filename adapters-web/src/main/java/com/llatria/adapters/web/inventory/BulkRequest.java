package com.llatria.adapters.web.inventory;

import java.util.List;
import java.util.UUID;

/** {@code {"action": "mark_sold", "ids": [...], "sale": {"platform": "ebay"}}} */
record BulkRequest(String action, List<UUID> ids, SoldRequest sale) {
}
