package bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Two sellers, registered through the running server's API (so their passwords, versions and
 * tokens are real), then filled straight through SQL: 1,000 and 100,000 items with 0-4 photos
 * each and postings on about one item in five. Everything derives from the row number, so every run seeds the same data.
 *
 * Usage: Seed <server base url> <jdbc url> <out dir> ; writes <size>.token and <size>.ids there.
 */
public final class Seed {
    static final int[] SIZES = {1_000, 100_000};
    private static final ObjectMapper JSON = new ObjectMapper();

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String jdbc = args[1];
        Path out = Path.of(args[2]);
        Files.createDirectories(out);
        try (Connection c = DriverManager.getConnection(jdbc, "postgres", "postgres"); Statement s = c.createStatement()) {
            for (int size : SIZES) {
                JsonNode session = register(base, "seller" + size + "@bench.example");
                UUID owner = UUID.fromString(session.get("user").get("id").asText());
                long began = System.nanoTime();
                s.execute(items(owner, size));
                s.execute(photos(owner));
                s.execute(postings(owner));
                s.execute("update user_versions set version = " + size + " where user_id = '" + owner + "'");
                Files.writeString(out.resolve(size + ".token"), session.get("accessToken").asText());
                List<String> ids = new ArrayList<>();
                try (ResultSet rs = s.executeQuery("select id from items where owner_id = '" + owner + "' order by id")) {
                    while (rs.next()) ids.add(rs.getString(1));
                }
                Files.write(out.resolve(size + ".ids"), ids);
                System.out.printf("seeded %,d items for %s in %d ms%n", size, owner, (System.nanoTime() - began) / 1_000_000);
            }
            s.execute("VACUUM ANALYZE");
            try (ResultSet rs = s.executeQuery("select count(*) from item_images")) {
                rs.next();
                System.out.printf("%,d photo rows; VACUUM ANALYZE done%n", rs.getLong(1));
            }
        }
    }

    private static JsonNode register(String base, String email) throws Exception {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + "/api/auth/register"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\"benchmark password 1\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 201) throw new IllegalStateException("register answered " + response.statusCode() + ": " + response.body());
        return JSON.readTree(response.body());
    }

    /**
     * A reseller's mix: 20 brands, 30 kinds of thing, 12 colours, 12 categories, 5 conditions;
     * 70% active, 20% sold, 10% draft; prices 1.00-500.99. Pseudo-random but repeatable (hashtext).
     */
    static String items(UUID owner, int count) {
        String stamps = "{" + String.join(",", List.of("TITLE", "DESCRIPTION", "PRICE", "CONDITION", "CATEGORY", "SKU", "COST", "LIFECYCLE")
                .stream().map(f -> "\"" + f + "\":{\"stamp\":\"0001767225600000-00000-seed\",\"version\":1}").toList()) + "}";
        return """
                with src as (
                  select n,
                         (array['Levi''s','Nike','Adidas','Patagonia','Carhartt','Pyrex','Fiesta','Lego','Nintendo','Sony',
                                'Canon','Coach','Pendleton','Ralph Lauren','Columbia','Woolrich','Le Creuset','Corelle','Hot Wheels','Fisher-Price'])
                           [1 + abs(hashtext(n || 'brand')) %% 20] as brand,
                         (array['jeans','jacket','sneakers','lamp','mug','vase','camera','handbag','sweater','boots',
                                'flannel shirt','dutch oven','casserole dish','game console','cartridge','lens','teapot','blanket','hoodie','belt',
                                'skillet','record player','cassette','toy car','puzzle','board game','scarf','wallet','dress','parka'])
                           [1 + abs(hashtext(n || 'kind')) %% 30] as kind,
                         (array['red','blue','green','black','white','brown','navy','olive','mustard','pink','grey','cream'])
                           [1 + abs(hashtext(n || 'colour')) %% 12] as colour,
                         (array['Clothing','Shoes','Home','Kitchen','Toys','Electronics','Cameras','Accessories','Outdoor','Collectibles','Books','Music'])
                           [1 + abs(hashtext(n || 'category')) %% 12] as category,
                         (array['new','like_new','used','fair','poor'])[1 + abs(hashtext(n || 'condition')) %% 5] as condition,
                         abs(hashtext(n || 'status')) %% 10 as status_roll,
                         (abs(hashtext(n || 'price')) %% 50000) / 100.0 + 1 as price,
                         timestamptz '2024-01-01' + n * interval '7 minutes' as created
                  from generate_series(1, %d) as n
                )
                insert into items (id, owner_id, title, description, price_amount, price_currency, condition, category, sku,
                                   cost_amount, cost_currency, status, sold_at, sold_price_amount, sold_price_currency, sold_channel,
                                   created_at, updated_at, version, field_stamps)
                select md5('%s' || n)::uuid, '%s',
                       brand || ' ' || kind || ', ' || colour,
                       'Pre-owned ' || brand || ' ' || kind || ' in ' || colour || '. ' ||
                         case condition when 'new' then 'Never used, tags attached.' when 'like_new' then 'Worn once, no flaws.'
                              when 'used' then 'Light signs of wear, see photos.' when 'fair' then 'Visible wear, still works well.'
                              else 'For parts or repair.' end || ' Ships within two days.',
                       price, 'USD', condition, category, 'LL-' || lpad(n::text, 6, '0'),
                       round(price / 3, 2), 'USD',
                       case when status_roll < 7 then 'active' when status_roll < 9 then 'sold' else 'draft' end,
                       case when status_roll between 7 and 8 then created + interval '3 days' end,
                       case when status_roll between 7 and 8 then price end,
                       case when status_roll between 7 and 8 then 'USD' end,
                       case when status_roll between 7 and 8 then (array['ebay','facebook','website','other'])[1 + n %% 4] end,
                       created, created + interval '1 hour', n, '%s'::jsonb
                from src
                """.formatted(count, owner, owner, stamps);
    }

    /** 0-4 photos an item (2 on average), each with the six renditions the pipeline stores. */
    static String photos(UUID owner) {
        List<String> renditions = new ArrayList<>();
        for (String[] v : new String[][]{{"THUMBNAIL", "thumbnail", "150", "150"}, {"MEDIUM", "medium", "800", "600"},
                {"FULL", "original", "2048", "1536"}}) {
            for (String[] f : new String[][]{{"WEBP", "webp"}, {"JPEG", "jpg"}}) {
                renditions.add("jsonb_build_object('variant', '%s', 'format', '%s', 'key', prefix || '%s_' || stem || '.%s', 'width', %s, 'height', %s)"
                        .formatted(v[0], f[0], v[1], f[1], v[2], v[3]));
            }
        }
        return """
                insert into item_images (id, owner_id, item_id, position, created_at, renditions)
                select image_id, owner_id, item_id, p, created_at, jsonb_build_array(%s)
                from (select md5(i.id::text || p)::uuid as image_id, i.owner_id, i.id as item_id, p,
                             i.created_at + p * interval '1 second' as created_at,
                             'users/' || i.owner_id || '/inventory/' || i.id || '/' as prefix,
                             (extract(epoch from i.created_at) * 1000)::bigint || '_' || md5(i.id::text || p)::uuid as stem
                      from items i
                      cross join lateral generate_series(0, abs(hashtext(i.id::text)) %% 5 - 1) as p
                      where i.owner_id = '%s') photo
                """.formatted(String.join(", ", renditions), owner);
    }

    /**
     * Postings, child rows of the item that every read shows: an eBay listing on about one item
     * in five (one in ten of those failed, waiting for a retry), the job columns left empty so
     * the posting worker of the server under test has nothing to do.
     */
    static String postings(UUID owner) {
        return """
                insert into platform_postings (id, owner_id, item_id, platform, mode, state, attempts, listing_id, url, posted_at,
                                               message, failed_at, next_retry_at, warnings, version)
                select md5(i.id::text || 'ebay')::uuid, i.owner_id, i.id, 'ebay', 'api', case when failed then 'error' else 'posted' end,
                       case when failed then 3 else 0 end,
                       case when failed then null else '1' || lpad((abs(hashtext(i.id::text)) %% 100000000)::text, 11, '0') end,
                       case when failed then null else 'https://www.ebay.com/itm/1' || lpad((abs(hashtext(i.id::text)) %% 100000000)::text, 11, '0') end,
                       case when failed then null else i.created_at + interval '2 hours' end,
                       case when failed then 'eBay: the category requires the item specific "Brand"' end,
                       case when failed then i.created_at + interval '2 hours' end,
                       case when failed then i.created_at + interval '3 hours' end,
                       '[]'::jsonb, i.version
                from (select i.*, abs(hashtext(i.id::text || 'failed')) %% 10 = 0 as failed from items i
                      where i.owner_id = '%s' and abs(hashtext(i.id::text || 'posted')) %% 5 = 0) i
                """.formatted(owner);
    }
}
