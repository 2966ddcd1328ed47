package bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Turns run.sh's raw lines into the tables of docs/benchmarks.md. Raw lines:
 * {@code <round> <target> <scenario> <size> RESULT requests=… rps=… p50_ms=… p99_ms=… errors=…} and
 * {@code <round> mixed <connections> <size> MIXED kind=… …}. Ratios are taken within a round,
 * then shown as their range over the rounds.
 */
public final class Summary {
    record Result(int round, String target, String scenario, int size, Map<String, Double> values) {
        double v(String key) {
            return values.getOrDefault(key, Double.NaN);
        }
    }

    public static void main(String[] args) throws Exception {
        List<Result> results = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of(args[0]))) {
            String[] parts = line.trim().split("\\s+");
            if (parts.length < 6 || parts[0].startsWith("#")) continue;
            if (parts[4].equals("RESULT")) {
                results.add(new Result(Integer.parseInt(parts[0]), parts[1], parts[2], Integer.parseInt(parts[3]), values(parts, 5)));
            } else if (parts[4].equals("COUNT")) {
                counts.put(parts[2] + "@" + parts[3], (int) Double.parseDouble(parts[5].substring(2)));
            } else if (parts.length > 5 && parts[4].equals("MIXED")) {
                Map<String, Double> values = values(parts, 6);
                results.add(new Result(Integer.parseInt(parts[0]), "mixed-" + parts[2], parts[5].substring(5), Integer.parseInt(parts[3]), values));
            }
        }
        TreeSet<Integer> rounds = results.stream().map(Result::round).collect(Collectors.toCollection(TreeSet::new));
        TreeSet<Integer> sizes = results.stream().filter(r -> r.target().equals("full")).map(Result::size).collect(Collectors.toCollection(TreeSet::new));
        StringBuilder out = new StringBuilder();

        out.append("\n### GET /api/inventory/:id, full stack vs bare endpoint (same run, alternating)\n\n");
        out.append("| round | items | full req/s | bare req/s | full/bare throughput | full p50 | bare p50 | full p99 | bare p99 | p99 full/bare | errors |\n");
        out.append("|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (int round : rounds) {
            for (int size : sizes) {
                Result full = find(results, round, "full", "get", size);
                Result bare = find(results, round, "bare", "get", size);
                if (full == null || bare == null) continue;
                out.append(String.format(Locale.ROOT, "| %d | %,d | %.0f | %.0f | **%.2f** | %.2f ms | %.2f ms | %.2f ms | %.2f ms | **%.2f** | %.0f / %.0f |%n",
                        round, size, full.v("rps"), bare.v("rps"), full.v("rps") / bare.v("rps"), full.v("p50_ms"), bare.v("p50_ms"),
                        full.v("p99_ms"), bare.v("p99_ms"), full.v("p99_ms") / bare.v("p99_ms"), full.v("errors"), bare.v("errors")));
            }
        }

        if (sizes.size() == 2) {
            int small = sizes.first();
            int large = sizes.last();
            out.append(String.format(Locale.ROOT, "%n### List and search: %,d items against %,d items (full stack)%n%n", large, small));
            out.append(String.format(Locale.ROOT, "Latencies: median over the rounds; ratios: %,d / %,d per round, as the range over the rounds.%n%n", large, small));
            out.append("| scenario | items small/large | p50 small | p50 large | p50 ratio | p99 small | p99 large | p99 ratio | req/s large | errors |\n");
            out.append("|---|---|---|---|---|---|---|---|---|---|\n");
            Map<String, Boolean> scenarios = new LinkedHashMap<>();
            results.stream().filter(r -> r.target().equals("full")).forEach(r -> scenarios.put(r.scenario(), true));
            for (String scenario : scenarios.keySet()) {
                List<Double> p50s = new ArrayList<>(), p50l = new ArrayList<>(), p99s = new ArrayList<>(), p99l = new ArrayList<>(), rps = new ArrayList<>();
                List<Double> r50 = new ArrayList<>(), r99 = new ArrayList<>();
                double errors = 0;
                for (int round : rounds) {
                    Result s = find(results, round, "full", scenario, small);
                    Result l = find(results, round, "full", scenario, large);
                    if (s == null || l == null) continue;
                    p50s.add(s.v("p50_ms"));
                    p50l.add(l.v("p50_ms"));
                    p99s.add(s.v("p99_ms"));
                    p99l.add(l.v("p99_ms"));
                    rps.add(l.v("rps"));
                    r50.add(l.v("p50_ms") / s.v("p50_ms"));
                    r99.add(l.v("p99_ms") / s.v("p99_ms"));
                    errors += s.v("errors") + l.v("errors");
                }
                if (p50s.isEmpty()) continue;
                String items = counts.containsKey(scenario + "@" + small)
                        ? counts.get(scenario + "@" + small) + " / " + counts.get(scenario + "@" + large) : "";
                out.append(String.format(Locale.ROOT, "| %s | %s | %.2f ms | %.2f ms | %s | %.2f ms | %.2f ms | %s | %.0f | %.0f |%n", scenario, items,
                        median(p50s), median(p50l), range(r50), median(p99s), median(p99l), range(r99), median(rps), errors));
            }
        }

        List<Result> mixed = results.stream().filter(r -> r.target().startsWith("mixed-")).toList();
        if (!mixed.isEmpty()) {
            out.append("\n### Mixed load: 70% list (50 items), 20% get, 10% full update\n\n");
            out.append("Closed loop: each connection sends when its last answer is in (offered load follows the server). ");
            out.append("Open loop (`@…rps`): a fixed offered rate, latency from the intended send time.\n\n");
            out.append("| round | run (connections, or pool size) | items | offered | req/s | errors | reads p50 | reads p99 | list p99 | get p99 | update p99 | unsent |\n");
            out.append("|---|---|---|---|---|---|---|---|---|---|---|---|\n");
            for (int round : rounds) {
                for (String target : mixed.stream().map(Result::target).distinct().toList()) {
                    for (int size : mixed.stream().map(Result::size).distinct().toList()) {
                        Result all = find(results, round, target, "all", size);
                        if (all == null) continue;
                        Result reads = find(results, round, target, "reads", size);
                        double offered = all.v("offered_rps");
                        out.append(String.format(Locale.ROOT, "| %d | %s | %,d | %s | %.0f | %.0f | %.1f ms | **%.1f ms** | %.1f ms | %.1f ms | %.1f ms | %s |%n",
                                round, target.substring(6), size, Double.isNaN(offered) ? "closed" : String.format(Locale.ROOT, "%.0f/s", offered),
                                all.v("rps"), all.v("errors"), reads.v("p50_ms"), reads.v("p99_ms"),
                                find(results, round, target, "list", size).v("p99_ms"), find(results, round, target, "get", size).v("p99_ms"),
                                find(results, round, target, "update", size).v("p99_ms"), Double.isNaN(all.v("unsent")) ? "" : String.format(Locale.ROOT, "%.0f", all.v("unsent"))));
                    }
                }
            }
        }
        System.out.print(out);
    }

    static Map<String, Double> values(String[] parts, int from) {
        Map<String, Double> values = new LinkedHashMap<>();
        for (int i = from; i < parts.length; i++) {
            String[] kv = parts[i].split("=", 2);
            if (kv.length == 2) {
                try {
                    values.put(kv[0], Double.parseDouble(kv[1]));
                } catch (NumberFormatException ignored) {
                    // a label, not a number
                }
            }
        }
        return values;
    }

    static Result find(List<Result> results, int round, String target, String scenario, int size) {
        return results.stream().filter(r -> r.round() == round && r.target().equals(target) && r.scenario().equals(scenario) && r.size() == size)
                .findFirst().orElse(null);
    }

    static double median(List<Double> values) {
        List<Double> sorted = values.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static String range(List<Double> ratios) {
        double min = ratios.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
        double max = ratios.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
        String text = ratios.size() == 1 || String.format(Locale.ROOT, "%.2f", min).equals(String.format(Locale.ROOT, "%.2f", max))
                ? String.format(Locale.ROOT, "%.2f", min) : String.format(Locale.ROOT, "%.2f–%.2f", min, max);
        return max <= 1.2 ? text : "**" + text + "**";
    }
}
