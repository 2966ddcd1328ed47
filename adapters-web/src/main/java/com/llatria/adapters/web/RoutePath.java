package com.llatria.adapters.web;

/**
 * The path as the router matches it: Javalin ignores trailing slashes, so every check that
 * looks at a path by name must too, or {@code /api/sync/push/} escapes the push's own rules (S.16).
 */
final class RoutePath {
    private RoutePath() {
    }

    static String of(String path) {
        int end = path.length();
        while (end > 1 && path.charAt(end - 1) == '/') end--;
        return path.substring(0, end);
    }
}
