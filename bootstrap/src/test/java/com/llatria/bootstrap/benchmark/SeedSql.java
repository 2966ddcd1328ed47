package com.llatria.bootstrap.benchmark;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * SQL that fills a seller's inventory at once: the reads benchmark's reseller mix
 * (benchmarks/reads/src/bench/Seed.java, copied: that one is compiled outside Maven), items with
 * versions 1..n and 0-4 photos each with the six renditions the pipeline stores.
 */
final class SeedSql {
    private SeedSql() {
    }

    /**
     * A reseller's mix: 20 brands, 30 kinds of thing, 12 colours, 12 categories, 5 conditions;
     * 70% active, 20% sold, 10% draft; prices 1.00-500.99. Pseudo-random but repeatable (hashtext).
     */
    static String items(UUID owner, int from, int to) {
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
                  from generate_series(%d, %d) as n
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
                """.formatted(from, to, owner, owner, stamps);
    }

    /** 0-4 photos an item (2 on average), each with the six renditions the pipeline stores. */
    static String photos(UUID owner, int from, int to) {
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
                      where i.owner_id = '%s' and i.version between %d and %d) photo
                """.formatted(String.join(", ", renditions), owner, from, to);
    }
}
