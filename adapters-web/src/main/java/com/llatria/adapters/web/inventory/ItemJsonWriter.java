package com.llatria.adapters.web.inventory;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.llatria.application.inventory.ItemView;
import com.llatria.application.photos.PhotoView;
import com.llatria.application.posting.PostingView;
import com.llatria.domain.item.Condition;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemDetails;
import com.llatria.domain.item.Money;
import com.llatria.domain.item.Sale;

import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Writes an item exactly as {@code Json.MAPPER} writes its {@link ItemJson}, byte for byte, but
 * straight from the {@link ItemView} to the generator: no {@link ItemJson}, image and posting
 * records per item, no reflection, field names written from prepared bytes, times formatted by
 * {@link IsoInstant}, photos rendered ahead copied ({@link RenderedImages}). Sync pages and events
 * carry thousands of items, each with ~two photos of six addresses, and this was most of a pull's
 * server time; REST answers write every {@link ItemView} through it too ({@link #SERIALIZER}, in
 * {@code Json.MAPPER}). {@link ItemJson} stays the definition of the shape; ItemJsonWriterTest
 * holds the two byte-identical.
 */
public final class ItemJsonWriter {
    private ItemJsonWriter() {
    }

    /** {@link #write} for Jackson: an {@link ItemView} anywhere in an answer's body is written as its item. */
    public static final JsonSerializer<ItemView> SERIALIZER = new StdSerializer<>(ItemView.class) {
        @Override
        public void serialize(ItemView view, JsonGenerator out, SerializerProvider provider) throws IOException {
            write(out, view);
        }
    };

    private static SerializableString name(String name) {
        return new SerializedString(name);
    }

    private static final SerializableString ID = name("id"), TITLE = name("title"), DESCRIPTION = name("description"),
            PRICE = name("price"), CONDITION = name("condition"), CATEGORY = name("category"), SKU = name("sku"),
            COST = name("cost"), STATUS = name("status"), SOLD_AT = name("soldAt"), SOLD_PRICE = name("soldPrice"),
            SOLD_PLATFORM = name("soldPlatform"), CREATED_AT = name("createdAt"), UPDATED_AT = name("updatedAt"),
            VERSION = name("version"), IMAGES = name("images"), POSTINGS = name("postings"), AMOUNT = name("amount"),
            CURRENCY = name("currency"), POSITION = name("position"), THUMBNAIL = name("thumbnail"), MEDIUM = name("medium"),
            FULL = name("full"), WIDTH = name("width"), HEIGHT = name("height"), WEBP = name("webp"), JPEG = name("jpeg"),
            PLATFORM = name("platform"), MODE = name("mode"), LISTING_ID = name("listingId"), URL = name("url"),
            ERROR = name("error"), ATTEMPTS = name("attempts"), NEXT_RETRY_AT = name("nextRetryAt"), WARNINGS = name("warnings"),
            TASK = name("task"), CATEGORY_ID = name("categoryId"), REASON = name("reason"), DETAIL = name("detail");

    /** The item's object, as {@code Json.MAPPER.writeValue(out, ItemJson.from(view))} writes it. */
    public static void write(JsonGenerator out, ItemView view) throws IOException {
        Item item = view.item();
        ItemDetails d = item.details();
        Optional<Sale> sale = item.lifecycle().sale();
        out.writeStartObject();
        out.writeFieldName(ID);
        out.writeString(item.id().toString());
        out.writeFieldName(TITLE);
        out.writeString(d.title());
        out.writeFieldName(DESCRIPTION);
        out.writeString(d.description());
        out.writeFieldName(PRICE);
        money(out, d.price());
        out.writeFieldName(CONDITION);
        string(out, d.condition().map(Condition::wireName).orElse(null));
        out.writeFieldName(CATEGORY);
        string(out, d.category().orElse(null));
        out.writeFieldName(SKU);
        string(out, d.sku().orElse(null));
        out.writeFieldName(COST);
        money(out, d.cost().orElse(null));
        out.writeFieldName(STATUS);
        out.writeString(item.status().wireName());
        out.writeFieldName(SOLD_AT);
        instant(out, sale.map(Sale::soldAt).orElse(null));
        out.writeFieldName(SOLD_PRICE);
        money(out, sale.flatMap(Sale::soldPrice).orElse(null));
        out.writeFieldName(SOLD_PLATFORM);
        string(out, sale.flatMap(Sale::channel).map(c -> c.wireName()).orElse(null));
        out.writeFieldName(CREATED_AT);
        instant(out, item.createdAt());
        out.writeFieldName(UPDATED_AT);
        instant(out, item.updatedAt());
        out.writeFieldName(VERSION);
        out.writeNumber(item.version());
        out.writeFieldName(IMAGES);
        if (view.rendered().isPresent()) {
            RenderedImages.write(out, view.rendered().get());
        } else {
            List<PhotoView> photos = view.photos();
            out.writeStartArray();
            for (int i = 0; i < photos.size(); i++) photo(out, photos.get(i));
            out.writeEndArray();
        }
        out.writeFieldName(POSTINGS);
        List<PostingView> postings = view.postings();
        out.writeStartArray();
        for (int i = 0; i < postings.size(); i++) posting(out, postings.get(i));
        out.writeEndArray();
        out.writeEndObject();
    }

    private static void photo(JsonGenerator out, PhotoView photo) throws IOException {
        out.writeStartObject();
        out.writeFieldName(ID);
        out.writeString(photo.id().toString());
        out.writeFieldName(POSITION);
        out.writeNumber(photo.position());
        out.writeFieldName(CREATED_AT);
        instant(out, photo.createdAt());
        out.writeFieldName(THUMBNAIL);
        size(out, photo.thumbnail());
        out.writeFieldName(MEDIUM);
        size(out, photo.medium());
        out.writeFieldName(FULL);
        size(out, photo.full());
        out.writeEndObject();
    }

    private static void size(JsonGenerator out, PhotoView.Size size) throws IOException {
        if (size == null) {
            out.writeNull();
            return;
        }
        out.writeStartObject();
        out.writeFieldName(WIDTH);
        out.writeNumber(size.width());
        out.writeFieldName(HEIGHT);
        out.writeNumber(size.height());
        out.writeFieldName(WEBP);
        string(out, size.webpUrl());
        out.writeFieldName(JPEG);
        string(out, size.jpegUrl());
        out.writeEndObject();
    }

    private static void posting(JsonGenerator out, PostingView p) throws IOException {
        out.writeStartObject();
        out.writeFieldName(ID);
        out.writeString(p.id().toString());
        out.writeFieldName(PLATFORM);
        out.writeString(p.platform().wireName());
        out.writeFieldName(MODE);
        out.writeString(p.mode().wireName());
        out.writeFieldName(STATUS);
        string(out, p.state());
        out.writeFieldName(LISTING_ID);
        string(out, p.listingId().orElse(null));
        out.writeFieldName(URL);
        string(out, p.url().orElse(null));
        out.writeFieldName(ERROR);
        string(out, p.error().orElse(null));
        out.writeFieldName(REASON);
        string(out, p.reason().orElse(null));
        out.writeFieldName(DETAIL);
        string(out, p.detail().orElse(null));
        out.writeFieldName(ATTEMPTS);
        out.writeNumber(p.attempts());
        out.writeFieldName(NEXT_RETRY_AT);
        instant(out, p.nextRetryAt().orElse(null));
        out.writeFieldName(WARNINGS);
        if (p.warnings() == null) {
            out.writeNull();
        } else {
            out.writeStartArray();
            for (String warning : p.warnings()) string(out, warning);
            out.writeEndArray();
        }
        out.writeFieldName(TASK);
        string(out, p.task().orElse(null));
        out.writeFieldName(CATEGORY_ID);
        string(out, p.categoryId().orElse(null));
        out.writeFieldName(VERSION);
        out.writeNumber(p.version());
        out.writeEndObject();
    }

    /** {@link MoneyJson}: the amount as its {@code BigDecimal.toString()} in a string (its {@code @JsonFormat}), and the currency code. */
    private static void money(JsonGenerator out, Money money) throws IOException {
        if (money == null) {
            out.writeNull();
            return;
        }
        out.writeStartObject();
        out.writeFieldName(AMOUNT);
        out.writeString(money.amount().toString());
        out.writeFieldName(CURRENCY);
        out.writeString(money.currency().getCurrencyCode());
        out.writeEndObject();
    }

    private static void string(JsonGenerator out, String value) throws IOException {
        if (value == null) out.writeNull();
        else out.writeString(value);
    }

    private static void instant(JsonGenerator out, Instant instant) throws IOException {
        if (instant == null) {
            out.writeNull();
            return;
        }
        char[] text = new char[IsoInstant.MAX_LENGTH];
        int length = IsoInstant.format(instant, text);
        if (length < 0) out.writeString(instant.toString());
        else out.writeString(text, 0, length);
    }
}
