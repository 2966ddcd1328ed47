package com.llatria.adapters.web.sync;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.llatria.adapters.web.Json;
import com.llatria.adapters.web.inventory.ItemJson;
import com.llatria.application.inventory.ItemView;
import com.llatria.application.photos.PhotoView;
import com.llatria.application.posting.PostingView;
import com.llatria.application.sync.SyncPull;
import com.llatria.domain.fixtures.Items;
import com.llatria.domain.image.ImageId;
import com.llatria.domain.item.FieldStamp;
import com.llatria.domain.item.Item;
import com.llatria.domain.item.ItemField;
import com.llatria.domain.item.Lifecycle;
import com.llatria.domain.item.Money;
import com.llatria.domain.item.Sale;
import com.llatria.domain.item.SalesChannel;
import com.llatria.domain.posting.Platform;
import com.llatria.domain.posting.PostingId;
import com.llatria.domain.posting.PostingMode;
import com.llatria.domain.sync.DeviceId;
import com.llatria.domain.sync.Hlc;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The streamed change JSON is, byte for byte, what the tree built from {@link ItemJson} gave (the wire format of docs/sync.md). */
class SyncJsonTest {
    private static final Instant T0 = Instant.parse("2026-11-01T10:00:00.123456Z");

    private static ObjectNode asTree(ItemView view) {
        Item item = view.item();
        ObjectNode node = Json.MAPPER.createObjectNode();
        node.put("entity", "item");
        node.put("id", item.id().toString());
        node.put("version", item.version());
        node.put("deleted", item.deleted());
        node.set("data", item.deleted() ? Json.MAPPER.nullNode() : Json.MAPPER.valueToTree(ItemJson.from(view)));
        ObjectNode stamps = node.putObject("stamps");
        for (Map.Entry<ItemField, FieldStamp> entry : new TreeMap<>(item.stamps()).entrySet()) {
            stamps.put(entry.getKey().wireName(), entry.getValue().stamp().encode());
        }
        item.deletion().ifPresent(d -> stamps.put("deleted", d.stamp().encode()));
        return node;
    }

    private static List<ItemView> views() {
        PhotoView photo = new PhotoView(new ImageId(UUID.randomUUID()), 0, T0,
                new PhotoView.Size(150, 150, "/files/a_thumb.webp", "/files/a_thumb.jpg"),
                new PhotoView.Size(800, 600, "/files/a_medium.webp", "/files/a_medium.jpg"),
                new PhotoView.Size(2048, 1536, "/files/a \"full\".webp", "/files/a_full.jpg"));
        Item active = Items.anItem().titled("Brass lamp \u00e9\u2603 \"quoted\"").priced("20.00").version(7).build();
        Money soldFor = new Money(new BigDecimal("18.50"), Currency.getInstance("USD"));
        Item sold = Items.anItem().lifecycle(Lifecycle.sold(new Sale(T0, Optional.of(soldFor), Optional.of(SalesChannel.values()[0]))))
                .version(8).build();
        Item gone = Items.anItem().version(9).build().delete(new Hlc(1_764_100_000_000L, 3, new DeviceId("desk-7f3a")), T0, 9);
        PostingView posting = new PostingView(new PostingId(UUID.randomUUID()), Platform.EBAY, PostingMode.API, "error",
                Optional.of("110553512345"), Optional.empty(), Optional.of("eBay said \"no\" \u00e9"), 3, Optional.of(T0),
                List.of("a warning"), Optional.empty(), Optional.of("11450"), 7, Optional.of("platform-refused"),
                Optional.of("eBay refused the listing: \"no\""));
        return List.of(new ItemView(active, List.of(photo, photo), List.of(posting)), new ItemView(sold, List.of(), List.of()),
                new ItemView(gone, List.of(), List.of()));
    }

    @Test
    void a_pull_page_is_written_as_the_tree_of_item_json_was() throws Exception {
        List<ItemView> views = views();
        ObjectNode expected = Json.MAPPER.createObjectNode();
        ArrayNode changes = expected.putArray("changes");
        views.forEach(view -> changes.add(asTree(view)));
        expected.put("cursor", 9L);
        expected.put("hasMore", true);

        String written = new String(SyncJson.page(null, new SyncPull.Page(views, 9, true)), StandardCharsets.UTF_8);

        assertThat(written).isEqualTo(Json.MAPPER.writeValueAsString(expected));
        assertThat(written).contains("\"amount\":\"20.00\"").contains("\"soldPrice\":{\"amount\":\"18.50\"");
    }

    @Test
    void a_catch_up_page_and_a_live_event_carry_their_type_first() throws Exception {
        List<ItemView> views = views();
        ObjectNode page = Json.MAPPER.createObjectNode();
        page.put("type", "sync:changes");
        page.putArray("changes").add(asTree(views.get(0)));
        page.put("cursor", 7L);
        page.put("hasMore", false);
        ObjectNode event = Json.MAPPER.createObjectNode();
        event.put("type", "inventory:updated");
        event.setAll(asTree(views.get(0)));
        event.put("deviceId", "phone-2b1c");

        assertThat(new String(SyncJson.page("sync:changes", new SyncPull.Page(views.subList(0, 1), 7, false)), StandardCharsets.UTF_8))
                .isEqualTo(page.toString());
        assertThat(SyncJson.event("inventory:updated", views.get(0), "phone-2b1c")).isEqualTo(event.toString());
        assertThat(SyncJson.event("inventory:deleted", views.get(2), "desk-7f3a")).contains("\"data\":null")
                .contains("\"deleted\":\"0001764100000000-00003-desk-7f3a\"");
    }

    @Test
    void a_stamp_is_written_as_hlc_encode_writes_it() throws Exception {
        java.util.Random random = new java.util.Random(5);
        for (int i = 0; i < 20_000; i++) {
            long millis = switch (i % 4) {
                case 0 -> random.nextLong(0, 2_000_000_000_000L);
                case 1 -> random.nextLong(0, Long.MAX_VALUE);
                case 2 -> 9_999_999_999_999_999L + random.nextInt(3) - 1;
                default -> random.nextInt(1000);
            };
            int counter = i % 7 == 0 ? random.nextInt(0, Integer.MAX_VALUE) : random.nextInt(100_000);
            Hlc hlc = new Hlc(millis, counter, new DeviceId(i % 2 == 0 ? "desk-7f3a" : "d." + random.nextInt(1_000_000) + "_X"));
            com.fasterxml.jackson.core.util.ByteArrayBuilder bytes = new com.fasterxml.jackson.core.util.ByteArrayBuilder();
            try (com.fasterxml.jackson.core.JsonGenerator out = Json.MAPPER.createGenerator(bytes)) {
                SyncJson.hlc(out, hlc);
            }
            assertThat(new String(bytes.toByteArray(), StandardCharsets.UTF_8)).isEqualTo("\"" + hlc.encode() + "\"");
        }
    }
}
