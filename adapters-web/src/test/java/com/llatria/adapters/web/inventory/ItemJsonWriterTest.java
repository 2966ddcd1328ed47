package com.llatria.adapters.web.inventory;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.llatria.adapters.web.Json;
import com.llatria.application.inventory.ItemView;
import com.llatria.application.photos.PhotoView;
import com.llatria.application.photos.RenderedPhotoViews;
import com.llatria.domain.image.RenderedPhotos;
import com.llatria.application.posting.PostingView;
import com.llatria.domain.fixtures.Items;
import com.llatria.domain.image.ImageId;
import com.llatria.domain.item.Condition;
import com.llatria.domain.item.ItemDetails;
import com.llatria.domain.item.ItemStatus;
import com.llatria.domain.item.Lifecycle;
import com.llatria.domain.item.Money;
import com.llatria.domain.item.Sale;
import com.llatria.domain.item.SalesChannel;
import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.PostingId;
import com.llatria.domain.posting.PostingMode;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Currency;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/** The streaming item writer of sync pages and events writes, byte for byte, what the REST API writes for {@link ItemJson}. */
class ItemJsonWriterTest {
    private static final String[] TEXTS = {"", "Brass lamp", "quote \" backslash \\ slash /", "tab\tnew line\ncarriage\r",
            "\u0001\u001f\u007f control", "caf\u00e9 \u2603 \u4e2d\u6587", "emoji \ud83d\udcf7 pair", "</script><!--", "\u2028\u2029"};

    private static String text(Random random) {
        return TEXTS[random.nextInt(TEXTS.length)] + (random.nextBoolean() ? "" : " " + random.nextInt(1000));
    }

    private static <T> Optional<T> maybe(Random random, T value) {
        return random.nextBoolean() ? Optional.of(value) : Optional.empty();
    }

    private static Instant instant(Random random) {
        return switch (random.nextInt(5)) {
            case 0 -> Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000_000));
            case 1 -> Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000_000), random.nextInt(1000) * 1_000_000L);
            case 2 -> Instant.ofEpochSecond(1_700_000_000L + random.nextInt(100_000_000), random.nextInt(1_000_000) * 1_000L);
            case 3 -> Instant.ofEpochSecond(random.nextLong(-5_000_000_000L, 5_000_000_000L), random.nextInt(1_000_000_000));
            default -> Instant.ofEpochSecond(random.nextLong(-62_167_219_200L - 1000, 253_402_300_800L + 1000), random.nextInt(2) * 500);
        };
    }

    private static Money money(Random random) {
        String[] amounts = {"0", "0.00", "20.00", "19.9", "1234567.89", "0.01", "9999999999.99", "5"};
        String[] currencies = {"USD", "EUR", "JPY"};
        return new Money(new BigDecimal(amounts[random.nextInt(amounts.length)]), Currency.getInstance(currencies[random.nextInt(3)]));
    }

    private static ItemView view(Random random) {
        return view(random, null);
    }

    /** With {@code prefix}, every photo address is that prefix and a plain key. */
    private static ItemView view(Random random, String prefix) {
        ItemDetails details = new ItemDetails("T" + text(random), text(random), money(random),
                maybe(random, Condition.values()[random.nextInt(Condition.values().length)]), maybe(random, "C" + text(random)),
                maybe(random, "SKU-" + random.nextInt(1000)), maybe(random, money(random)));
        Lifecycle lifecycle = switch (random.nextInt(3)) {
            case 0 -> Lifecycle.draft();
            case 1 -> Lifecycle.of(ItemStatus.ACTIVE);
            default -> Lifecycle.sold(new Sale(instant(random), maybe(random, money(random)),
                    maybe(random, SalesChannel.values()[random.nextInt(SalesChannel.values().length)])));
        };
        var item = Items.anItem().details(details).lifecycle(lifecycle).createdAt(Instant.ofEpochSecond(random.nextLong(0, 253_402_300_800L), random.nextInt(2) * 123_456_000))
                .version(random.nextInt(1_000_000) + 1).build();
        List<PhotoView> photos = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            photos.add(new PhotoView(new ImageId(UUID.randomUUID()), random.nextInt(10), instant(random), size(random, prefix),
                    size(random, prefix), size(random, prefix)));
        }
        List<PostingView> postings = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            List<String> warnings = new ArrayList<>();
            for (int w = random.nextInt(3); w > 0; w--) warnings.add(text(random));
            postings.add(new PostingView(new PostingId(UUID.randomUUID()), Platform.values()[random.nextInt(Platform.values().length)],
                    PostingMode.values()[random.nextInt(PostingMode.values().length)], random.nextBoolean() ? "error" : "posted",
                    maybe(random, "1105" + random.nextInt(100_000)), maybe(random, "https://www.ebay.com/itm/" + random.nextInt()),
                    maybe(random, text(random)), random.nextInt(5), maybe(random, instant(random)), warnings,
                    maybe(random, "post-on-facebook"), maybe(random, "" + random.nextInt(20_000)), random.nextInt(100),
                    maybe(random, "not-connected"), maybe(random, text(random))));
        }
        return new ItemView(item, photos, postings);
    }

    private static PhotoView.Size size(Random random, String fixedPrefix) {
        String key = "users/" + UUID.randomUUID() + "/inventory/" + UUID.randomUUID() + "/medium_1764100000000_" + UUID.randomUUID();
        if (fixedPrefix != null) {
            // characters JSON escapes, inside the key (not U+0001: the test turns its escape into the marker)
            if (random.nextInt(3) == 0) key += text(random).replace("\u0001", "");
            return new PhotoView.Size(random.nextInt(4000), random.nextInt(4000), fixedPrefix + key + ".webp", fixedPrefix + key + ".jpg");
        }
        String prefix = random.nextInt(5) == 0 ? "https://cdn.example.com/a b/\"q\"/" : "/files/";
        return new PhotoView.Size(random.nextInt(4000), random.nextInt(4000), prefix + key + ".webp",
                random.nextInt(20) == 0 ? "caf\u00e9?X-Amz-Signature=abc&X-Amz-Expires=3600" : prefix + key + ".jpg");
    }

    private static String written(ItemView view) throws Exception {
        ByteArrayBuilder bytes = new ByteArrayBuilder();
        try (JsonGenerator out = Json.MAPPER.createGenerator(bytes)) {
            ItemJsonWriter.write(out, view);
        }
        return new String(bytes.toByteArray(), StandardCharsets.UTF_8);
    }

    @Test
    void every_item_is_written_as_the_rest_api_writes_its_item_json() throws Exception {
        Random random = new Random(Long.getLong("itemJsonWriter.seed", 20261126L));
        for (int i = 0; i < 2000; i++) {
            ItemView view = view(random);
            // The bytes GET /api/inventory/:id sends (Json.respond), not writeValueAsString: the UTF-8 generator escapes surrogate pairs.
            assertThat(written(view)).as("item %d", i)
                    .isEqualTo(new String(Json.MAPPER.writeValueAsBytes(ItemJson.from(view)), StandardCharsets.UTF_8));
        }
    }

    /** A list page as it was written before items were written by the writer: records all the way. */
    record RecordPage(List<ItemJson> items, String nextCursor) {
    }

    /**
     * REST answers hold {@link ItemView}s (an item, a page of them, a bulk result) and
     * {@code Json.MAPPER} writes each through the writer: the bytes {@link ItemJson} gives, and
     * photos rendered ahead are copied rather than parsed back into records.
     */
    @Test
    void the_rest_mapper_writes_an_item_view_as_its_item_json() throws Exception {
        Random random = new Random(Long.getLong("itemJsonWriter.seed", 20261126L) + 2);
        for (int i = 0; i < 200; i++) {
            ItemView view = view(random);
            ItemView other = view(random);
            assertThat(new String(Json.MAPPER.writeValueAsBytes(view), StandardCharsets.UTF_8)).as("item %d", i)
                    .isEqualTo(new String(Json.MAPPER.writeValueAsBytes(ItemJson.from(view)), StandardCharsets.UTF_8));
            assertThat(new String(Json.MAPPER.writeValueAsBytes(new InventoryRoutes.PageJson(List.of(view, other), "c")), StandardCharsets.UTF_8))
                    .isEqualTo(new String(Json.MAPPER.writeValueAsBytes(new RecordPage(List.of(ItemJson.from(view), ItemJson.from(other)), "c")),
                            StandardCharsets.UTF_8));
        }
        byte[] rendered = "[{\"full\":\"\u0001k\"}]".getBytes(StandardCharsets.UTF_8);
        ItemView view = view(random);
        ItemView copied = new ItemView(view.item(), List.of(), view.postings(), Optional.of(new RenderedPhotoViews(new RenderedPhotos(rendered), "/p/")));
        // Not an ImageJson: parsed into records, it would fail; copied, it is the prefix and the key.
        assertThat(new String(Json.MAPPER.writeValueAsBytes(copied), StandardCharsets.UTF_8)).contains("\"images\":[{\"full\":\"/p/k\"}]");
    }

    /**
     * Photos rendered ahead (what item_images.api_json holds: each address as the 0x01 marker and
     * the key) are written with the store's prefix in place of each marker, or each key's own
     * address in place of the marker and the key, escaped: the same bytes as the photos' views,
     * here and through {@link ItemJson} (PulledPhotosTest checks the SQL side).
     */
    @Test
    void rendered_photos_are_written_as_the_rest_api_writes_the_photos() throws Exception {
        Random random = new Random(Long.getLong("itemJsonWriter.seed", 20261126L) + 1);
        String[] prefixes = {"/files/", "https://cdn.example.com/a b/\"q\"/caf\u00e9\\/", "", "tab\t/\u2028/"};
        for (int i = 0; i < 500; i++) {
            String prefix = prefixes[random.nextInt(prefixes.length)];
            // Half the time a store without a fixed prefix: each address made from its key (as presigned S3 does).
            boolean perKey = random.nextBoolean();
            UnaryOperator<String> address = perKey ? key -> "https://s3.example.com/b/" + key + "?X-Amz-Signature=\"\u2028\t" + key.length()
                    : key -> prefix + key;
            ItemView keysOnly = view(random, "\u0001");
            List<PhotoView> withPrefix = keysOnly.photos().stream().map(p -> new PhotoView(p.id(), p.position(), p.createdAt(),
                    addressed(p.thumbnail(), address), addressed(p.medium(), address), addressed(p.full(), address))).toList();
            ItemView expected = new ItemView(keysOnly.item(), withPrefix, keysOnly.postings());
            // The rendered form: the photos' array with each escaped marker turned into the raw byte.
            ByteArrayBuilder array = new ByteArrayBuilder();
            try (JsonGenerator out = Json.MAPPER.createGenerator(array)) {
                out.writeStartArray();
                for (PhotoView photo : keysOnly.photos()) out.writeObject(com.llatria.adapters.web.photos.ImageJson.from(photo));
                out.writeEndArray();
            }
            byte[] rendered = new String(array.toByteArray(), StandardCharsets.UTF_8).replace("\\u0001", "\u0001").getBytes(StandardCharsets.UTF_8);
            ItemView view = new ItemView(keysOnly.item(), List.of(), keysOnly.postings(),
                    Optional.of(perKey ? new RenderedPhotoViews(new RenderedPhotos(rendered), address)
                            : new RenderedPhotoViews(new RenderedPhotos(rendered), prefix)));
            String rest = new String(Json.MAPPER.writeValueAsBytes(ItemJson.from(expected)), StandardCharsets.UTF_8);
            assertThat(written(view)).as("item %d", i).isEqualTo(rest);
            assertThat(new String(Json.MAPPER.writeValueAsBytes(ItemJson.from(view)), StandardCharsets.UTF_8)).as("item %d", i).isEqualTo(rest);
        }
    }

    private static PhotoView.Size addressed(PhotoView.Size size, UnaryOperator<String> address) {
        return new PhotoView.Size(size.width(), size.height(), address.apply(size.webpUrl().substring(1)),
                address.apply(size.jpegUrl().substring(1)));
    }

    @Test
    void times_are_written_as_instant_to_string_writes_them() {
        Random random = new Random(7);
        char[] out = new char[IsoInstant.MAX_LENGTH];
        List<Instant> instants = new ArrayList<>(List.of(Instant.EPOCH, Instant.parse("1969-12-31T23:59:59.999999999Z"),
                Instant.parse("0000-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59.999Z"), Instant.parse("2000-02-29T12:00:00.100Z"),
                Instant.parse("2100-03-01T00:00:00.000001Z"), Instant.parse("1600-02-29T23:59:59Z")));
        for (int i = 0; i < 200_000; i++) instants.add(instant(random));
        for (Instant instant : instants) {
            int length = IsoInstant.format(instant, out);
            if (instant.getEpochSecond() < -62_167_219_200L || instant.getEpochSecond() > 253_402_300_799L) {
                assertThat(length).as("%s is outside years 0-9999", instant).isEqualTo(-1);
            } else {
                assertThat(new String(out, 0, length)).isEqualTo(instant.toString());
            }
        }
    }
}
