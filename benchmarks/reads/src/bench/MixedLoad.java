package bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;

/**
 * The mixed load: N keep-alive connections, each sending one request at a time: 70% list (newest
 * first, 50 items), 20% get of a random item, 10% full update of a random item. Unlike wrk it keeps
 * the latencies of each kind apart, so reads and writes get their own percentiles. A request counts
 * as an error when the answer is not 2xx or the socket fails.
 *
 * Two modes:
 * <ul>
 * <li>closed loop (rate 0, like wrk): each connection sends its next request as soon as the last
 *     answer is in. The offered load follows the server: by Little's law the mean latency is
 *     connections / throughput, whatever the server does.
 * <li>open loop (rate &gt; 0 requests/s, like wrk2): the rate is spread evenly over the connections,
 *     each with its own schedule (a random phase, then every connections / rate seconds), and a
 *     request's latency is counted from the time it was <em>meant</em> to be sent. A connection
 *     still waiting for an answer sends its next request late, and that lateness is part of the
 *     latency, so a server that falls behind shows its queue instead of hiding it (coordinated
 *     omission). Requests still unsent 30 s after the end are reported as {@code unsent}; with any,
 *     the percentiles understate the truth.
 * </ul>
 *
 * Usage: MixedLoad <port> <token file> <ids file> <connections> <warmup s> <seconds> [rate]
 */
public final class MixedLoad {
    enum Kind { LIST, GET, UPDATE }

    static final String[] CATEGORIES = {"Clothing", "Shoes", "Home", "Kitchen", "Toys", "Electronics"};
    static final String[] CONDITIONS = {"new", "like_new", "used", "fair", "poor"};

    public static void main(String[] args) throws Exception {
        int port = Integer.parseInt(args[0]);
        String token = Files.readString(Path.of(args[1])).trim();
        List<String> ids = Files.readAllLines(Path.of(args[2]));
        int connections = Integer.parseInt(args[3]);
        long warmupNanos = Long.parseLong(args[4]) * 1_000_000_000L;
        long runNanos = Long.parseLong(args[5]) * 1_000_000_000L;
        double rate = args.length > 6 ? Double.parseDouble(args[6]) : 0;
        // open loop: each connection's requests are this far apart (0: closed loop)
        long intervalNanos = rate > 0 ? Math.round(connections * 1e9 / rate) : 0;

        Worker[] workers = new Worker[connections];
        CountDownLatch done = new CountDownLatch(connections);
        long start = System.nanoTime();
        long measureFrom = start + warmupNanos;
        long end = measureFrom + runNanos;
        for (int i = 0; i < connections; i++) {
            workers[i] = new Worker(port, token, ids, new SplittableRandom(42 + i), start, intervalNanos, measureFrom, end, done);
            Thread t = new Thread(workers[i], "load-" + i);
            t.setDaemon(true);
            t.start();
        }
        done.await();
        double seconds = runNanos / 1e9;
        long total = 0;
        long errors = 0;
        StringBuilder report = new StringBuilder();
        for (Kind kind : Kind.values()) {
            long[] all = merge(workers, kind);
            long kindErrors = Arrays.stream(workers).mapToLong(w -> w.errors[kind.ordinal()]).sum();
            total += all.length;
            errors += kindErrors;
            report.append(String.format(Locale.ROOT, "MIXED kind=%s requests=%d errors=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f%n",
                    kind.name().toLowerCase(Locale.ROOT), all.length, kindErrors, pct(all, 50), pct(all, 99), pct(all, 100)));
        }
        long[] reads = concat(merge(workers, Kind.LIST), merge(workers, Kind.GET));
        long[] everything = concat(reads, merge(workers, Kind.UPDATE));
        report.append(String.format(Locale.ROOT, "MIXED kind=reads requests=%d p50_ms=%.2f p99_ms=%.2f%n", reads.length, pct(reads, 50), pct(reads, 99)));
        long unsent = Arrays.stream(workers).mapToLong(w -> w.unsent).sum();
        report.append(String.format(Locale.ROOT, "MIXED kind=all requests=%d errors=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f offered_rps=%s unsent=%d%n",
                total, errors, total / seconds, pct(everything, 50), pct(everything, 99),
                rate > 0 ? String.format(Locale.ROOT, "%.0f", rate) : "closed", unsent));
        // the causes of the errors, most frequent first (problem documents cut short)
        java.util.Map<String, Long> causes = new java.util.TreeMap<>();
        for (Worker w : workers) for (String f : w.failures) causes.merge(f.length() > 300 ? f.substring(0, 300) : f, 1L, Long::sum);
        causes.entrySet().stream().sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> report.append("MIXED-ERROR count=").append(e.getValue()).append(' ').append(e.getKey().replace('\n', ' ')).append('\n'));
        System.out.print(report);
    }

    static long[] merge(Worker[] workers, Kind kind) {
        int n = Arrays.stream(workers).mapToInt(w -> w.counts[kind.ordinal()]).sum();
        long[] all = new long[n];
        int at = 0;
        for (Worker w : workers) {
            System.arraycopy(w.latencies[kind.ordinal()], 0, all, at, w.counts[kind.ordinal()]);
            at += w.counts[kind.ordinal()];
        }
        Arrays.sort(all);
        return all;
    }

    static long[] concat(long[] a, long[] b) {
        long[] all = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        Arrays.sort(all);
        return all;
    }

    static double pct(long[] sortedNanos, double p) {
        if (sortedNanos.length == 0) return Double.NaN;
        int index = (int) Math.ceil(p / 100.0 * sortedNanos.length) - 1;
        return sortedNanos[Math.max(0, Math.min(index, sortedNanos.length - 1))] / 1e6;
    }

    static final class Worker implements Runnable {
        final int port;
        final String token;
        final List<String> ids;
        final SplittableRandom random;
        /** Open loop: the time between this connection's intended sends; 0 for a closed loop. */
        final long intervalNanos;
        /** Open loop: when this connection's next request is meant to go out. */
        long intended;
        /** Open loop: requests meant to be sent in the measured window but never sent (the run gave up on them). */
        long unsent;
        final long measureFrom;
        final long end;
        final CountDownLatch done;
        final long[][] latencies = new long[3][1024];
        final int[] counts = new int[3];
        final long[] errors = new long[3];
        /** What each failed request got: its kind, the status and the problem document, or the socket error. */
        final List<String> failures = new java.util.ArrayList<>();
        String lastBody = "";
        Socket socket;
        InputStream in;
        OutputStream out;

        Worker(int port, String token, List<String> ids, SplittableRandom random, long start, long intervalNanos,
               long measureFrom, long end, CountDownLatch done) {
            this.port = port;
            this.token = token;
            this.ids = ids;
            this.random = random;
            this.intervalNanos = intervalNanos;
            // a random phase, so the connections' schedules do not send in lockstep
            this.intended = intervalNanos > 0 ? start + random.nextLong(intervalNanos) : 0;
            this.measureFrom = measureFrom;
            this.end = end;
            this.done = done;
        }

        @Override
        public void run() {
            try {
                if (intervalNanos > 0) openLoop();
                else closedLoop();
            } finally {
                close();
                done.countDown();
            }
        }

        void closedLoop() {
            long now;
            while ((now = System.nanoTime()) < end) {
                long after = send(now);
                if (now >= measureFrom && after <= end) keep(after - now);
            }
        }

        /**
         * Sends on schedule: waits for the intended time if it is ahead, sends at once if it has
         * passed (the connection was still busy), and counts the latency from the intended time.
         * Every request meant for the measured window counts, however late its answer.
         */
        void openLoop() {
            long giveUp = end + 30_000_000_000L;
            while (intended < end) {
                long now = System.nanoTime();
                if (now > giveUp) {
                    // the server is so far behind that the rest would never be sent in time
                    for (long t = intended; t < end; t += intervalNanos) if (t >= measureFrom) unsent++;
                    return;
                }
                while (now < intended) {
                    LockSupport.parkNanos(intended - now);
                    now = System.nanoTime();
                }
                long after = send(intended);
                if (intended >= measureFrom) keep(after - intended);
                intended += intervalNanos;
            }
        }

        /** The last request's kind and what went wrong with it (null: nothing). */
        Kind kind;
        boolean ok;
        String failure;

        /** One request of a random kind; the time its answer was in. */
        long send(long from) {
            int roll = random.nextInt(100);
            kind = roll < 70 ? Kind.LIST : roll < 90 ? Kind.GET : Kind.UPDATE;
            byte[] request = request(kind);
            failure = null;
            try {
                int code = exchange(request);
                ok = code >= 200 && code < 300;
                if (!ok) failure = kind.name().toLowerCase(Locale.ROOT) + " " + code + " " + lastBody;
            } catch (IOException e) {
                ok = false;
                failure = kind.name().toLowerCase(Locale.ROOT) + " socket " + e;
                close();
            }
            return System.nanoTime();
        }

        void keep(long nanos) {
            record(kind, nanos, ok);
            if (failure != null) failures.add(failure);
        }

        void record(Kind kind, long nanos, boolean ok) {
            int k = kind.ordinal();
            if (!ok) errors[k]++;
            if (counts[k] == latencies[k].length) latencies[k] = Arrays.copyOf(latencies[k], counts[k] * 2);
            latencies[k][counts[k]++] = nanos;
        }

        byte[] request(Kind kind) {
            String id = ids.get(random.nextInt(ids.size()));
            String head = switch (kind) {
                case LIST -> "GET /api/inventory?limit=50 HTTP/1.1\r\n";
                case GET -> "GET /api/inventory/" + id + " HTTP/1.1\r\n";
                case UPDATE -> "PUT /api/inventory/" + id + " HTTP/1.1\r\n";
            };
            String body = kind != Kind.UPDATE ? "" : String.format(Locale.ROOT,
                    "{\"title\":\"Benchmark update %d\",\"description\":\"Updated under load, round %d.\","
                            + "\"price\":{\"amount\":\"%d.%02d\",\"currency\":\"USD\"},\"condition\":\"%s\",\"category\":\"%s\"}",
                    random.nextInt(1000), random.nextInt(1000), 1 + random.nextInt(500), random.nextInt(100),
                    CONDITIONS[random.nextInt(CONDITIONS.length)], CATEGORIES[random.nextInt(CATEGORIES.length)]);
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            String headers = head + "Host: localhost\r\nAuthorization: Bearer " + token + "\r\nX-Device-Id: bench\r\n"
                    + (kind == Kind.UPDATE ? "Content-Type: application/json\r\nContent-Length: " + bytes.length + "\r\n" : "")
                    + "\r\n";
            byte[] h = headers.getBytes(StandardCharsets.US_ASCII);
            byte[] all = Arrays.copyOf(h, h.length + bytes.length);
            System.arraycopy(bytes, 0, all, h.length, bytes.length);
            return all;
        }

        /** Sends one request and reads the whole answer; its status (a non-2xx answer's body is kept in lastBody). */
        int exchange(byte[] request) throws IOException {
            if (socket == null) {
                socket = new Socket();
                socket.setTcpNoDelay(true);
                socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                socket.setSoTimeout(30_000);
                in = new BufferedInputStream(socket.getInputStream(), 65536);
                out = socket.getOutputStream();
            }
            out.write(request);
            out.flush();
            String status = line();
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean closeAfter = false;
            String header;
            while (!(header = line()).isEmpty()) {
                String lower = header.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) length = Long.parseLong(lower.substring(15).trim());
                else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) chunked = true;
                else if (lower.startsWith("connection:") && lower.contains("close")) closeAfter = true;
            }
            if (chunked) {
                long size;
                while ((size = Long.parseLong(line().trim().split(";")[0], 16)) > 0) {
                    skip(size);
                    line();
                }
                line();
            } else if (length > 0 && (code < 200 || code >= 300) && length < 65536) {
                lastBody = new String(in.readNBytes((int) length), StandardCharsets.UTF_8);
            } else if (length > 0) {
                skip(length);
            }
            if (closeAfter) close();
            return code;
        }

        String line() throws IOException {
            StringBuilder b = new StringBuilder();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) throw new IOException("connection closed");
                if (c != '\r') b.append((char) c);
            }
            return b.toString();
        }

        void skip(long n) throws IOException {
            while (n > 0) {
                long skipped = in.skip(n);
                if (skipped <= 0) {
                    if (in.read() < 0) throw new IOException("connection closed");
                    skipped = 1;
                }
                n -= skipped;
            }
        }

        void close() {
            try {
                if (socket != null) socket.close();
            } catch (IOException ignored) {
                // a broken connection is replaced on the next request
            }
            socket = null;
        }
    }
}
