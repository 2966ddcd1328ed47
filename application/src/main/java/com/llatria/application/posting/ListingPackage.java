package com.llatria.application.posting;

import java.util.List;
import java.util.Optional;

/**
 * Everything a seller needs to place the listing by hand (Facebook Marketplace has no listing
 * API for individual sellers): the client shows it, the seller posts it, and confirms with the
 * listing's address.
 */
public record ListingPackage(String sku, String title, String description, String price, String currency,
                             Optional<String> condition, Optional<String> category, List<String> photoUrls) {
}
