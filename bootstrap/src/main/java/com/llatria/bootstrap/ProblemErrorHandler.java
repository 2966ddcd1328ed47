package com.llatria.bootstrap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.llatria.adapters.web.Json;
import com.llatria.adapters.web.Problem;
import com.llatria.adapters.web.Problems;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;

import java.nio.ByteBuffer;

/**
 * Errors Jetty answers by itself, before any route runs (a URI or headers too large, a broken
 * request line, an illegal character in the path, a bad chunk): problem+json like every other
 * error of the API, never Jetty's HTML page, and never a stack trace.
 */
final class ProblemErrorHandler extends ErrorHandler {
    private final Cors cors;

    /** @param cors the CORS headers for a browser's request, or null without CORS_ORIGIN */
    ProblemErrorHandler(Cors cors) {
        this.cors = cors;
    }

    /** Jetty writes error bodies only for GET, POST and HEAD by default; a PUT's client deserves one too. */
    @Override
    public boolean errorPageForMethod(String method) {
        return true;
    }

    /** The HTTP parser's own rejections (414, 431, bad request lines): no request exists yet. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
        return ByteBuffer.wrap(body(Problems.forStatus(status == 505 ? 400 : status, reason, null)));
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause,
                                    Callback callback) {
        String path = null;
        try {
            path = request.getHttpURI() == null ? null : request.getHttpURI().getPath();
        } catch (RuntimeException ignored) {
            // a URI too broken to read back: answer without it
        }
        if ("/badMessage".equals(path)) path = null; // Jetty's stand-in for a request it could not parse
        // A request Jetty could not parse has no headers (the stand-in), or not all of them (it
        // failed on a later header): then the Origin its connection read before giving up (S.22).
        String origin = request.getHeaders().get(HttpHeader.ORIGIN);
        if (origin == null) origin = OriginRecordingConnections.originOf(request);
        // An unknown protocol version ("HTTP/9.9") is a malformed request like any other: the
        // client's to fix, so a 400 rather than Jetty's 505 (no malformed request gets a 5xx).
        int status = code == 505 ? 400 : code;
        if (status != code) response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.CONTENT_TYPE);
        if (cors != null) cors.answer(origin, (name, value) -> response.getHeaders().put(name, value));
        response.write(true, ByteBuffer.wrap(body(Problems.forStatus(status, code == 505 ? "unsupported HTTP version" : message, path))),
                callback);
    }

    private static byte[] body(Problem problem) {
        try {
            return Json.MAPPER.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
