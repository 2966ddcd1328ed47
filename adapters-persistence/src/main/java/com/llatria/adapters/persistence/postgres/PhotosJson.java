package com.llatria.adapters.persistence.postgres;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.llatria.domain.image.ImageFormat;
import com.llatria.domain.image.ImageId;
import com.llatria.domain.image.ImageVariant;
import com.llatria.domain.image.ItemImage;
import com.llatria.domain.image.StoredRendition;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.user.UserId;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * An item's photos fetched in the same query as the item: {@link #COLUMN} aggregates them into
 * one JSON array, {@code [[id, position, created_at in epoch microseconds, renditions], …]} in
 * position order, and {@link #read} turns it back into photos with a streaming parser.
 */
final class PhotosJson {
    /** A correlated subquery over the items row in scope (served by the item_images_item index). */
    static final String COLUMN = "(select json_agg(json_build_array(p.id, p.position, "
            + "(extract(epoch from p.created_at) * 1000000)::bigint, p.renditions) order by p.position, p.id) "
            + "from item_images p where p.owner_id = items.owner_id and p.item_id = items.id)";

    private static final JsonFactory JSON = new JsonFactory();

    private PhotosJson() {
    }

    /** The photos in {@code json}, UTF-8 (null when the item has none). */
    static List<ItemImage> read(byte[] json, UserId owner, ItemId item) {
        if (json == null) return List.of();
        try (JsonParser p = JSON.createParser(json)) {
            List<ItemImage> photos = new ArrayList<>();
            expect(p.nextToken(), JsonToken.START_ARRAY);
            while (p.nextToken() == JsonToken.START_ARRAY) {
                p.nextToken();
                ImageId id = new ImageId(UUID.fromString(p.getText()));
                p.nextToken();
                int position = p.getIntValue();
                p.nextToken();
                long micros = p.getLongValue();
                Instant createdAt = Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000L);
                expect(p.nextToken(), JsonToken.START_ARRAY);
                List<StoredRendition> renditions = new ArrayList<>(6);
                while (p.nextToken() == JsonToken.START_OBJECT) renditions.add(rendition(p));
                expect(p.nextToken(), JsonToken.END_ARRAY);
                photos.add(new ItemImage(id, owner, item, position, createdAt, renditions));
            }
            return photos;
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("unreadable photos of item " + item, e);
        }
    }

    private static StoredRendition rendition(JsonParser p) throws IOException {
        String variant = null, format = null, key = null;
        int width = 0, height = 0;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "variant" -> variant = p.getText();
                case "format" -> format = p.getText();
                case "key" -> key = p.getText();
                case "width" -> width = p.getIntValue();
                case "height" -> height = p.getIntValue();
                default -> p.skipChildren();
            }
        }
        return new StoredRendition(ImageVariant.valueOf(variant), ImageFormat.valueOf(format), key, width, height);
    }

    private static void expect(JsonToken actual, JsonToken expected) {
        if (actual != expected) throw new IllegalStateException("expected " + expected + ", found " + actual);
    }
}
