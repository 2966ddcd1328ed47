package com.llatria.bootstrap;

import org.eclipse.jetty.http.HttpCompliance;
import org.eclipse.jetty.http.HttpException;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpParser;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.internal.HttpConnection;
import org.eclipse.jetty.util.component.LifeCycle;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * HTTP/1.1 connections that remember the Origin header of the request being read (finding
 * S.22). When Jetty cannot parse a request (a bad percent-escape, a Content-Length that is no
 * number, headers over the limit), it answers through the error handler with a stand-in request
 * that has no headers at all, so the CORS headers a browser needs to read that 400 or 431 could
 * not be chosen; with this the handler can. The Origin is the one parsed before Jetty gave up, or
 * (a request line it could not read fails before any header is parsed) found in the bytes that
 * arrived with it. Headers that had not arrived yet, or an Origin past the headers' size limit,
 * cannot be known: those answers still carry none.
 */
final class OriginRecordingConnections {
    private OriginRecordingConnections() {
    }

    /**
     * Puts the recording factory on every HTTP connector of {@code server} as it starts (the
     * connectors are made by Javalin after our configuration runs, before the server starts).
     */
    static void install(Server server) {
        server.addEventListener(new LifeCycle.Listener() {
            @Override
            public void lifeCycleStarting(LifeCycle event) {
                for (Connector connector : server.getConnectors()) {
                    if (!(connector instanceof ServerConnector serverConnector)) continue;
                    HttpConnectionFactory plain = serverConnector.getConnectionFactory(HttpConnectionFactory.class);
                    if (plain == null || plain instanceof Factory) continue;
                    serverConnector.addConnectionFactory(new Factory(plain));
                }
            }
        });
    }

    /** The Origin the connection read for the request Jetty could not parse, or null. */
    static String originOf(Request request) {
        return request.getConnectionMetaData().getConnection() instanceof Recording recording ? recording.origin : null;
    }

    /** The plain factory's settings, with connections that record the Origin. */
    private static final class Factory extends HttpConnectionFactory {
        Factory(HttpConnectionFactory plain) {
            super(plain.getHttpConfiguration());
            setInputBufferSize(plain.getInputBufferSize());
            setUseInputDirectByteBuffers(plain.isUseInputDirectByteBuffers());
            setUseOutputDirectByteBuffers(plain.isUseOutputDirectByteBuffers());
            setTransferEncodingChunkMaxLength(plain.getTransferEncodingChunkMaxLength());
        }

        @Override
        public Connection newConnection(Connector connector, EndPoint endPoint) {
            Recording connection = new Recording(getHttpConfiguration(), connector, endPoint);
            connection.setTransferEncodingChunkMaxLength(getTransferEncodingChunkMaxLength());
            return configure(connection, connector, endPoint);
        }
    }

    private static final class Recording extends HttpConnection {
        /** Made by newRequestHandler() during the super constructor, for newHttpParser() right after it. */
        private RequestHandler handler;
        /** The buffer being parsed and the bytes this round of parsing was given, while parseNext runs. */
        private ByteBuffer parsing;
        private int parsingFrom;
        private int parsingTo;
        /** The Origin of the message being parsed (HTTP/1.1 parses one message at a time per connection). */
        private volatile String origin;

        Recording(HttpConfiguration configuration, Connector connector, EndPoint endPoint) {
            super(configuration, connector, endPoint);
        }

        @Override
        protected RequestHandler newRequestHandler() {
            handler = new RequestHandler() {
                @Override
                public void messageBegin() {
                    origin = null;
                    super.messageBegin();
                }

                @Override
                public void parsedHeader(HttpField field) {
                    if (field.getHeader() == HttpHeader.ORIGIN) origin = field.getValue();
                    super.parsedHeader(field);
                }

                @Override
                public void badMessage(HttpException failure) {
                    // A bad request line fails before any header is parsed: look in the bytes that came with it.
                    // The parser has already cleared the buffer (position and limit 0; the bytes are still
                    // there, and nothing writes to it before this call returns): look at what it was given.
                    if (origin == null && parsing != null) {
                        ByteBuffer given = parsing.duplicate();
                        given.limit(parsingTo);
                        origin = scanForOrigin(given, parsingFrom);
                    }
                    super.badMessage(failure);
                }
            };
            return handler;
        }

        /** As HttpConnection makes its parser, one that lets badMessage see the bytes it was parsing. */
        @Override
        protected HttpParser newHttpParser(HttpCompliance compliance) {
            HttpParser parser = new HttpParser(handler, getHttpConfiguration().getRequestHeaderSize(), compliance) {
                @Override
                public boolean parseNext(ByteBuffer buffer) {
                    parsing = buffer;
                    parsingFrom = buffer.position();
                    parsingTo = buffer.limit();
                    try {
                        return super.parseNext(buffer);
                    } finally {
                        parsing = null;
                    }
                }
            };
            parser.setHeaderCacheSize(getHttpConfiguration().getHeaderCacheSize());
            parser.setHeaderCacheCaseSensitive(getHttpConfiguration().isHeaderCacheCaseSensitive());
            return parser;
        }
    }

    private static final int SCAN_LIMIT = 64 * 1024;
    private static final byte[] ORIGIN = "origin:".getBytes(StandardCharsets.US_ASCII);

    /**
     * The value of the first "Origin:" header line in {@code buffer} from {@code from}, up to the
     * end of the headers, without moving the buffer; null if there is none. Only compared against
     * CORS_ORIGIN afterwards, never echoed unless it is one of those.
     */
    static String scanForOrigin(ByteBuffer buffer, int from) {
        int end = Math.min(buffer.limit(), from + SCAN_LIMIT);
        boolean lineStart = false;
        for (int i = from; i < end; i++) {
            byte b = buffer.get(i);
            if (lineStart) {
                if (b == '\r' || b == '\n') return null; // the empty line: end of the headers
                if (startsWithIgnoringCase(buffer, i, end)) {
                    StringBuilder value = new StringBuilder();
                    for (int j = i + ORIGIN.length; j < end; j++) {
                        byte c = buffer.get(j);
                        if (c == '\r' || c == '\n') return value.toString().strip();
                        if (c < 0x20 && c != '\t' || c == 0x7f) return null;
                        value.append((char) (c & 0xff));
                    }
                    return null; // cut off: not the whole value
                }
            }
            lineStart = b == '\n';
        }
        return null;
    }

    private static boolean startsWithIgnoringCase(ByteBuffer buffer, int at, int end) {
        if (at + ORIGIN.length > end) return false;
        for (int k = 0; k < ORIGIN.length; k++) {
            if (Character.toLowerCase((char) buffer.get(at + k)) != ORIGIN[k]) return false;
        }
        return true;
    }
}
