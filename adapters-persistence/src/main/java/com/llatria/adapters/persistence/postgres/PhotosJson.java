package com.llatria.adapters.persistence.postgres;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.llatria.domain.image.ImageFormat;
import com.llatria.domain.image.ImageId;
import com.llatria.domain.image.ImageVariant;
import com.llatria.domain.image.ItemImage;
import com.llatria.domain.image.RenderedPhotos;
import com.llatria.domain.image.StoredRendition;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemId;
import com.llatria.domain.item.ItemWithPhotos;
import com.llatria.domain.posting.PlatformPosting;
import com.llatria.domain.user.UserId;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An item's photos fetched in the same query as the item, as one JSON array ({@link #column}),
 * in one of two forms told apart by the array's first byte after the bracket:
 * <ul>
 * <li>rendered ({@code [{…},{…}]}): each photo's object as clients are shown it, kept ready by
 * PostgreSQL (item_images.api_json, V23), copied to the answer with each address put in
 * ({@link RenderedPhotos});</li>
 * <li>read ({@code [[id, position, created_at in epoch microseconds, renditions], …]}), built from
 * the renditions and turned back into photos by {@link #read}: for an item with a photo that has
 * no rendered form (a key with a character beyond U+FFFF, or a size without its WebP or JPEG
 * rendition; the server makes neither, and the latter cannot be shown either way: PhotoView
 * refuses it, as before V23), and for reads asked not to render.</li>
 * </ul>
 * Null when the item has no photos.
 */
final class PhotosJson {
    /**
     * The read form: a correlated subquery over the items row in scope (served by the
     * item_images_item index). Built from the jsonb renditions on every read, which costs more than
     * the rest of the statement: only for the rare photo without a rendered form (V20 kept this
     * text in a column, pull_json, for every photo; V26 dropped it once no read needed it).
     */
    private static final String READ = "(select '[' || string_agg('[\"' || p.id::text || '\",' || p.position::text || ',' "
            + "|| ((extract(epoch from (p.created_at - to_timestamp(0))) * 1000000)::bigint)::text || ',' || p.renditions::text || ']', "
            + "',' order by p.position, p.id) || ']' from item_images p where p.owner_id = items.owner_id and p.item_id = items.id)";

    /**
     * The rendered form when every photo of the item has one; otherwise the read form (its
     * subquery runs only then: a CASE branch is evaluated only when taken).
     */
    private static final String RENDERED = "(select case when count(r.api_json) = count(*) "
            + "then '[' || string_agg(r.api_json, ',' order by r.position, r.id) || ']' else " + READ + " end "
            + "from item_images r where r.owner_id = items.owner_id and r.item_id = items.id)";

    /** The photos column: rendered where it can be (with {@code rendered}; without, always read: tests compare the two). */
    static String column(boolean rendered) {
        return rendered ? RENDERED : READ;
    }

    /** The item with the photos of {@link #column} ({@code json}, UTF-8, null without photos) and its postings. */
    static ItemWithPhotos shown(Item item, byte[] json, List<PlatformPosting> postings) {
        if (json != null && json.length > 1 && json[1] == '{') {
            return new ItemWithPhotos(item, List.of(), postings, Optional.of(new RenderedPhotos(json)));
        }
        return new ItemWithPhotos(item, read(json, item.owner(), item.id()), postings);
    }

    private static final JsonFactory JSON = new JsonFactory();

    private PhotosJson() {
    }

    /** The photos in {@code json}, the read form, UTF-8 (null when the item has none). */
    private static List<ItemImage> read(byte[] json, UserId owner, ItemId item) {
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
