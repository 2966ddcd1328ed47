package com.llatria.adapters.persistence.redis;

import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The one way the server connects to Redis: a pool from {@code REDIS_URL}
 * ({@code redis://[user:password@]host:port[/db]}, {@code rediss://} for TLS) with finite
 * timeouts everywhere, so a Redis that is gone costs a request at most a few hundred
 * milliseconds instead of hanging it (Jedis's pool waits forever by default).
 */
public final class RedisConnections {
    public static final Duration CONNECT_TIMEOUT = Duration.ofMillis(500);
    public static final Duration SOCKET_TIMEOUT = Duration.ofMillis(500);
    public static final Duration POOL_WAIT = Duration.ofMillis(200);

    private RedisConnections() {
    }

    public static JedisPooled pool(String redisUrl, int maxConnections) {
        URI uri = URI.create(redisUrl);
        if (!"redis".equals(uri.getScheme()) && !"rediss".equals(uri.getScheme())) {
            throw new IllegalArgumentException("REDIS_URL must start with redis:// or rediss://");
        }
        DefaultJedisClientConfig.Builder client = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis((int) CONNECT_TIMEOUT.toMillis())
                .socketTimeoutMillis((int) SOCKET_TIMEOUT.toMillis())
                .ssl("rediss".equals(uri.getScheme()))
                .clientName("llatria");
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            String[] parts = userInfo.split(":", 2);
            if (parts.length == 2) {
                if (!parts[0].isEmpty()) client.user(URLDecoder.decode(parts[0], StandardCharsets.UTF_8));
                client.password(URLDecoder.decode(parts[1], StandardCharsets.UTF_8));
            } else {
                client.password(URLDecoder.decode(parts[0], StandardCharsets.UTF_8));
            }
        }
        String path = uri.getPath();
        if (path != null && path.length() > 1) client.database(Integer.parseInt(path.substring(1)));
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(maxConnections);
        pool.setMaxIdle(maxConnections);
        pool.setMinIdle(0);
        pool.setMaxWait(POOL_WAIT);
        pool.setBlockWhenExhausted(true);
        pool.setTestWhileIdle(true);
        pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(30));
        int port = uri.getPort() > 0 ? uri.getPort() : 6379;
        return new JedisPooled(new HostAndPort(uri.getHost(), port), client.build(), pool);
    }
}
