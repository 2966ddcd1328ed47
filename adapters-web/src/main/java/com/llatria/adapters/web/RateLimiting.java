package com.llatria.adapters.web;

import com.llatria.adapters.web.auth.JwtAccessTokens;
import com.llatria.adapters.web.auth.Sessions;
import com.llatria.domain.port.RateLimits;
import com.llatria.domain.port.RateLimits.Client;
import com.llatria.domain.port.RateLimits.Quota;
import com.llatria.domain.port.RateLimits.Verdict;
import com.llatria.domain.user.UserId;
import io.javalin.http.Context;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Requests per minute: a signed-in request (a valid access token) counts against its user, so
 * sellers behind one shop's NAT are not throttled together; any other request against the
 * client's address. Over budget: 429 problem+json with {@code Retry-After} and the IETF
 * {@code RateLimit} headers.
 */
public final class RateLimiting {
    /**
     * @param perAddress     requests a minute from one address without a valid token; 0 = off
     * @param perUser        requests a minute of one signed-in user; 0 = off
     * @param trustedProxies addresses or CIDR ranges whose X-Forwarded-For is believed; empty = none
     * @param ipv6Prefix     the IPv6 block counted as one client (64: one network; 56 or 48: one home or site)
     */
    public record Limits(int perAddress, int perUser, List<String> trustedProxies, int ipv6Prefix) {
        public static final Limits OFF = new Limits(0, 0, List.of());
        /** security.md: 100 a minute from one address, 1,000 a minute per user. */
        public static final Limits DEFAULT = new Limits(100, 1000, List.of());

        public Limits(int perAddress, int perUser, List<String> trustedProxies) {
            this(perAddress, perUser, trustedProxies, 64);
        }

        public Limits {
            if (perAddress < 0 || perUser < 0) throw new IllegalArgumentException("rate limits cannot be negative");
            if (ipv6Prefix < 32 || ipv6Prefix > 128) throw new IllegalArgumentException("the IPv6 prefix must be from 32 to 128");
            trustedProxies = List.copyOf(trustedProxies);
            trustedProxies.forEach(Cidr::parse);
        }

        boolean off() {
            return perAddress == 0 && perUser == 0;
        }
    }

    private final RateLimits budgets;
    private final Limits limits;
    private final JwtAccessTokens tokens;
    private final Sessions sessions;
    private final List<Cidr> trusted;

    /**
     * @param sessions whether a genuine token's session still holds: the token of an ended session
     *                 (a password change, a deactivation) counts against the address like an invalid
     *                 one, never against the account, whose new session would otherwise be starved by it
     */
    public RateLimiting(RateLimits budgets, Limits limits, JwtAccessTokens tokens, Sessions sessions) {
        this.budgets = budgets;
        this.limits = limits;
        this.tokens = tokens;
        this.sessions = sessions;
        this.trusted = limits.trustedProxies().stream().map(Cidr::parse).toList();
    }

    /** A before-handler: lets the request on, or answers 429 and skips the rest. */
    void check(Context ctx) {
        // A browser's CORS preflight never carries the token: counted, it would spend the address's
        // budget for every signed-in call of a web app (and a 429 preflight fails the call itself).
        if (limits.off() || ctx.method() == io.javalin.http.HandlerType.OPTIONS) return;
        // Signing in, up and refreshing are always counted against the address: a token of the
        // caller's own account must not buy a password guesser or an account farm 1,000 a minute.
        // So are the requests that check the account's password (its change, the deactivation): a
        // stolen token must not buy password guesses either, and they also count against the
        // account's own small budget, so guesses spread over many addresses stop too (finding S.12).
        boolean checksPassword = checksPassword(ctx.method().name(), ctx.path());
        Optional<UserId> user = signsIn(ctx.path()) || checksPassword ? Optional.empty() : signedIn(ctx);
        Client client;
        Quota quota;
        String policy;
        if (user.isPresent()) {
            if (limits.perUser() == 0) return;
            client = Client.user(user.get());
            quota = Quota.perMinute(limits.perUser());
            policy = "user";
        } else {
            if (limits.perAddress() == 0) return;
            client = Client.address(counted(clientAddress(ctx.req().getRemoteAddr(), ctx.req().getHeaders("X-Forwarded-For")),
                    limits.ipv6Prefix()));
            quota = Quota.perMinute(limits.perAddress());
            policy = "address";
        }
        if (!take(ctx, client, quota, policy, user.isPresent() ? "for this account" : "from this address")) return;
        if (checksPassword && limits.perUser() > 0) {
            Optional<UserId> owner = signedIn(ctx);
            if (owner.isPresent()) {
                take(ctx, Client.user(owner.get()), Quota.perMinute(PASSWORD_CHECKS_PER_USER), "password",
                        "checking this account's password");
            }
        }
    }

    /** Password checks of one account a minute, whatever the addresses (the address's budget applies too). */
    static final int PASSWORD_CHECKS_PER_USER = 10;

    /** Takes one from the budget; false (having answered 429 and skipped the rest) when it is spent. */
    private boolean take(Context ctx, Client client, Quota quota, String policy, String what) {
        Verdict verdict = budgets.take(client, quota);
        ctx.header("RateLimit-Policy", "\"" + policy + "\";q=" + quota.requests() + ";w=" + quota.per().toSeconds());
        if (verdict.allowed()) {
            ctx.header("RateLimit", "\"" + policy + "\";r=" + verdict.remaining());
            return true;
        }
        long seconds = Math.max(1, (verdict.retryAfter().toMillis() + 999) / 1000);
        ctx.header("RateLimit", "\"" + policy + "\";r=0;t=" + seconds);
        ctx.header("Retry-After", String.valueOf(seconds));
        Problems.send(ctx, Problem.of("rate-limited", "Too many requests", 429,
                "more than " + quota.requests() + " requests a minute " + what + "; try again in " + seconds + " s", ctx.path()));
        ctx.skipRemainingHandlers();
        return false;
    }

    /** The requests that check the account's password: its change and the account's deactivation. */
    static boolean checksPassword(String method, String path) {
        String p = RoutePath.of(path);
        return ("POST".equals(method) && p.equals("/api/auth/password")) || ("DELETE".equals(method) && p.equals("/api/auth/me"));
    }

    private static final java.util.Set<String> SIGN_IN_PATHS =
            java.util.Set.of("/api/auth/register", "/api/auth/login", "/api/auth/refresh", "/api/auth/logout");

    static boolean signsIn(String path) {
        return SIGN_IN_PATHS.contains(RoutePath.of(path));
    }

    /**
     * What one client's budget is keyed by: an IPv4 address, or the IPv6 block of the given prefix
     * (counting each of a subscriber's 2^64 addresses apart would be no limit at all).
     */
    static String counted(String address, int ipv6Prefix) {
        Optional<InetAddress> parsed = Cidr.literal(address);
        if (parsed.isEmpty() || parsed.get().getAddress().length == 4) return address;
        byte[] bytes = parsed.get().getAddress();
        StringBuilder block = new StringBuilder();
        for (int bit = 0; bit < 128; bit += 8) {
            int keep = Math.max(0, Math.min(8, ipv6Prefix - bit));
            block.append(String.format("%02x", bytes[bit / 8] & (0xff << (8 - keep)) & 0xff));
            if (bit % 16 == 8 && bit < 120) block.append(':');
        }
        return block.append('/').append(ipv6Prefix).toString();
    }

    private Optional<UserId> signedIn(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) return Optional.empty();
        return tokens.check(header.substring(7).trim()).filter(t -> sessions.isCurrent(t.user(), t.epoch()))
                .map(JwtAccessTokens.Verified::user);
    }

    /**
     * The socket's peer, unless it is a trusted proxy: then X-Forwarded-For is read from the
     * right (what the nearest proxy saw) past every trusted hop, so entries a client wrote itself
     * at the left are never believed. With no trusted proxy the header is ignored.
     */
    String clientAddress(String remote, java.util.Enumeration<String> forwardedHeaders) {
        if (trusted.isEmpty() || !isTrusted(remote) || forwardedHeaders == null) return remote;
        List<String> hops = new ArrayList<>();
        while (forwardedHeaders.hasMoreElements()) {
            for (String hop : forwardedHeaders.nextElement().split(",")) hops.add(hop.trim());
        }
        String client = remote;
        for (int i = hops.size() - 1; i >= 0; i--) {
            Optional<InetAddress> hop = Cidr.literal(hops.get(i));
            if (hop.isEmpty()) return client; // a garbled entry: stop at the last address we could trust
            client = hop.get().getHostAddress();
            if (!isTrusted(client)) return client;
        }
        return client;
    }

    private boolean isTrusted(String address) {
        Optional<InetAddress> parsed = Cidr.literal(address);
        return parsed.isPresent() && trusted.stream().anyMatch(c -> c.contains(parsed.get()));
    }

    /** An address or a CIDR range of IPv4 or IPv6 addresses. */
    record Cidr(byte[] network, int bits) {
        private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
        private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");

        static Cidr parse(String text) {
            String[] parts = text.trim().split("/", 2);
            InetAddress address = literal(parts[0]).orElseThrow(() ->
                    new IllegalArgumentException("TRUSTED_PROXIES: '" + text + "' is not an IP address or CIDR range"));
            int max = address.getAddress().length * 8;
            int bits;
            try {
                bits = parts.length == 2 ? Integer.parseInt(parts[1]) : max;
            } catch (NumberFormatException e) {
                bits = -1;
            }
            if (bits < 0 || bits > max) throw new IllegalArgumentException("TRUSTED_PROXIES: '" + text + "' has a bad prefix length");
            return new Cidr(address.getAddress(), bits);
        }

        /** Only literals: a host name here would make every request wait on DNS. */
        static Optional<InetAddress> literal(String text) {
            String t = text.trim();
            // proxies may write the client's port too: "203.0.113.7:51234", "[2001:db8::1]:51234"
            if (t.startsWith("[") && t.indexOf(']') > 0) t = t.substring(1, t.indexOf(']'));
            else if (t.indexOf(':') > 0 && t.indexOf(':') == t.lastIndexOf(':') && t.indexOf('.') > 0) t = t.substring(0, t.indexOf(':'));
            if (!IPV4.matcher(t).matches() && !IPV6.matcher(t).matches()) return Optional.empty();
            try {
                return Optional.of(InetAddress.getByName(t));
            } catch (UnknownHostException | SecurityException e) {
                return Optional.empty();
            }
        }

        boolean contains(InetAddress address) {
            byte[] bytes = address.getAddress();
            if (bytes.length != network.length) return false;
            for (int i = 0; i < bits; i++) {
                int mask = 0x80 >> (i % 8);
                if ((bytes[i / 8] & mask) != (network[i / 8] & mask)) return false;
            }
            return true;
        }
    }
}
