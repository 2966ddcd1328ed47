package com.llatria.adapters.web.inventory;

import com.llatria.application.inventory.ItemView;
import com.llatria.domain.item.Condition;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.Sale;
import com.llatria.domain.item.SalesChannel;

import com.llatria.adapters.web.photos.ImageJson;
import com.llatria.adapters.web.platforms.PlatformRoutes.PostingJson;

import java.time.Instant;
import java.util.List;

/**
 * An item as clients see it, with its photos and its postings (as GET /api/inventory/:id/postings
 * shows them). Absent optional fields are sent as null, so clients can rely on every key.
 */
public record ItemJson(String id, String title, String description, MoneyJson price, String condition, String category,
                       String sku, MoneyJson cost, String status, Instant soldAt, MoneyJson soldPrice, String soldPlatform,
                       Instant createdAt, Instant updatedAt, long version, List<ImageJson> images,
                       List<PostingJson> postings) {

    public static ItemJson from(ItemView view) {
        Item item = view.item();
        List<ImageJson> images = view.rendered().isPresent() ? RenderedImages.images(view.rendered().get())
                : view.photos().stream().map(ImageJson::from).toList();
        var d = item.details();
        var sale = item.lifecycle().sale();
        return new ItemJson(item.id().toString(), d.title(), d.description(), MoneyJson.from(d.price()),
                d.condition().map(Condition::wireName).orElse(null), d.category().orElse(null), d.sku().orElse(null),
                d.cost().map(MoneyJson::from).orElse(null), item.status().wireName(),
                sale.map(Sale::soldAt).orElse(null),
                sale.flatMap(Sale::soldPrice).map(MoneyJson::from).orElse(null),
                sale.flatMap(Sale::channel).map(SalesChannel::wireName).orElse(null),
                item.createdAt(), item.updatedAt(), item.version(), images,
                view.postings().stream().map(PostingJson::from).toList());
    }
}
