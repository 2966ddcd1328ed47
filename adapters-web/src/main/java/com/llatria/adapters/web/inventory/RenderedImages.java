package com.llatria.adapters.web.inventory;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.json.UTF8JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.llatria.adapters.web.Json;
import com.llatria.adapters.web.photos.ImageJson;
import com.llatria.application.photos.RenderedPhotoViews;
import com.llatria.domain.image.RenderedPhotos;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The {@code images} array of photos rendered ahead: their bytes with each marker replaced by an
 * address, escaped as the generator escapes it. With a store's fixed prefix, the escaped prefix
 * goes in place of the marker and the escaped key after it stays as it is (escaping is per
 * character, so the escaped prefix followed by the escaped key is the escaped address); without
 * one (presigned addresses), the key is read back, its address made and written escaped. Either
 * way the bytes are what {@link ItemJson} writes for the same photos (ItemJsonWriterTest,
 * PulledPhotosTest).
 */
final class RenderedImages {
    private record Prefix(String text, byte[] escaped) {
    }

    /** An instance has one image store: one prefix, escaped once. */
    private static volatile Prefix last = new Prefix("", new byte[0]);

    private RenderedImages() {
    }

    /** The array with every address in place, as one array (the reference form; {@link #write} streams it). */
    static byte[] bytes(RenderedPhotoViews rendered) {
        byte[] source = rendered.photos().utf8();
        if (rendered.urlPrefix().isEmpty()) return addressed(source, rendered.address());
        byte[] prefix = escaped(rendered.urlPrefix().get());
        int markers = 0;
        for (int i = nextMarker(source, 0); i >= 0; i = nextMarker(source, i + 1)) markers++;
        if (markers == 0) return source;
        byte[] out = new byte[source.length + markers * (prefix.length - 1)];
        int from = 0, at = 0;
        for (int i = nextMarker(source, 0); i >= 0; i = nextMarker(source, i + 1)) {
            System.arraycopy(source, from, out, at, i - from);
            at += i - from;
            System.arraycopy(prefix, 0, out, at, prefix.length);
            at += prefix.length;
            from = i + 1;
        }
        System.arraycopy(source, from, out, at, source.length - from);
        return out;
    }

    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    /**
     * Where the next marker is at or after {@code from} (-1: none), eight bytes at a time: a
     * byte-by-byte scan of a list's ~75 KB of photos was a seventh of the server's samples. XOR
     * with the marker turns marker bytes to zero, and {@code (x - ONES) & ~x & HIGHS} flags zero
     * bytes; its lowest flag is always a real one (a borrow only flags bytes above a zero).
     */
    static int nextMarker(byte[] bytes, int from) {
        int i = from;
        for (; i + 8 <= bytes.length; i += 8) {
            long x = (long) LONGS.get(bytes, i) ^ ONES;
            long zeros = (x - ONES) & ~x & HIGHS;
            if (zeros != 0) return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
        }
        for (; i < bytes.length; i++) if (bytes[i] == RenderedPhotos.PREFIX) return i;
        return -1;
    }

    /** Each marker and the escaped key after it (up to the string's closing quote) replaced by the key's address, escaped. */
    private static byte[] addressed(byte[] source, UnaryOperator<String> address) {
        ByteArrayBuilder out = new ByteArrayBuilder(source.length * 2);
        int from = 0;
        for (int i = 0; i < source.length; i++) {
            if (source[i] != RenderedPhotos.PREFIX) continue;
            out.write(source, from, i - from);
            int end = i + 1;
            while (source[end] != '"') end += source[end] == '\\' ? 2 : 1;
            byte[] escapedAddress = escape(address.apply(unescape(source, i + 1, end)));
            out.write(escapedAddress, 0, escapedAddress.length);
            from = end;
            i = end;
        }
        out.write(source, from, source.length - from);
        return out.toByteArray();
    }

    /** The text of a JSON string's escaped content. */
    private static String unescape(byte[] source, int from, int to) {
        byte[] quoted = new byte[to - from + 2];
        quoted[0] = '"';
        System.arraycopy(source, from, quoted, 1, to - from);
        quoted[quoted.length - 1] = '"';
        try (JsonParser p = Json.MAPPER.getFactory().createParser(quoted)) {
            p.nextToken();
            return p.getText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Writes the array as the value the generator expects next. With a prefix, into a UTF-8
     * generator (every answer's), the bytes between markers and the escaped prefix go straight to
     * its buffer: no copy of the whole array is made first.
     */
    static void write(JsonGenerator out, RenderedPhotoViews rendered) throws IOException {
        if (rendered.urlPrefix().isEmpty() || !(out instanceof UTF8JsonGenerator)) {
            // A token buffer keeps what it is given: hand it bytes of its own.
            out.writeRawValue(new Raw(bytes(rendered), 0, -1));
            return;
        }
        byte[] source = rendered.photos().utf8();
        byte[] escaped = escaped(rendered.urlPrefix().get());
        Raw prefix = new Raw(escaped, 0, escaped.length);
        int marker = nextMarker(source, 0);
        Raw segment = new Raw(source, 0, marker < 0 ? source.length : marker);
        out.writeRawValue(segment);
        while (marker >= 0) {
            out.writeRaw(prefix);
            int from = marker + 1;
            marker = nextMarker(source, from);
            segment.range(from, (marker < 0 ? source.length : marker) - from);
            out.writeRaw(segment);
        }
    }

    /**
     * The same photos as {@link ImageJson}s, for {@link ItemJson} (answers write items through
     * {@link ItemJsonWriter}, which copies them). Read without the request bodies' text rule: an
     * address is the store's, not a client's text.
     */
    static List<ImageJson> images(RenderedPhotoViews rendered) {
        try {
            return STORED.readValue(bytes(rendered), IMAGES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final TypeReference<List<ImageJson>> IMAGES = new TypeReference<>() {
    };
    private static final ObjectMapper STORED = JsonMapper.builder().addModule(new JavaTimeModule()).build();

    private static byte[] escaped(String prefix) {
        Prefix known = last;
        if (known.text().equals(prefix)) return known.escaped();
        byte[] escaped = escape(prefix);
        last = new Prefix(prefix, escaped);
        return escaped;
    }

    /** The text as the generator writes it inside a string's quotes. */
    private static byte[] escape(String text) {
        ByteArrayBuilder bytes = new ByteArrayBuilder(text.length() + 8);
        try (JsonGenerator out = Json.MAPPER.createGenerator(bytes)) {
            out.writeString(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] quoted = bytes.toByteArray();
        return Arrays.copyOfRange(quoted, 1, quoted.length - 1);
    }

    /**
     * UTF-8 bytes the generator copies as they are: {@code length} bytes of {@code bytes} from
     * {@code offset} (a length of -1: all of them). Mutable, so one object serves every segment of
     * an array; the generator copies each before the next is set.
     */
    private static final class Raw implements SerializableString {
        private final byte[] bytes;
        private int offset;
        private int length;

        Raw(byte[] bytes, int offset, int length) {
            this.bytes = bytes;
            range(offset, length < 0 ? bytes.length : length);
        }

        void range(int offset, int length) {
            this.offset = offset;
            this.length = length;
        }

        @Override
        public String getValue() {
            return new String(bytes, offset, length, StandardCharsets.UTF_8);
        }

        @Override
        public int charLength() {
            return getValue().length();
        }

        @Override
        public char[] asQuotedChars() {
            throw new UnsupportedOperationException("raw JSON is written unquoted");
        }

        @Override
        public byte[] asUnquotedUTF8() {
            return Arrays.copyOfRange(bytes, offset, offset + length);
        }

        @Override
        public byte[] asQuotedUTF8() {
            throw new UnsupportedOperationException("raw JSON is written unquoted");
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int at) {
            throw new UnsupportedOperationException("raw JSON is written unquoted");
        }

        @Override
        public int appendQuoted(char[] buffer, int at) {
            throw new UnsupportedOperationException("raw JSON is written unquoted");
        }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int at) {
            if (at + length > buffer.length) return -1;
            System.arraycopy(bytes, offset, buffer, at, length);
            return length;
        }

        @Override
        public int appendUnquoted(char[] buffer, int at) {
            String value = getValue();
            if (at + value.length() > buffer.length) return -1;
            value.getChars(0, value.length(), buffer, at);
            return value.length();
        }

        @Override
        public int writeQuotedUTF8(OutputStream out) {
            throw new UnsupportedOperationException("raw JSON is written unquoted");
        }

        @Override
        public int writeUnquotedUTF8(OutputStream out) throws IOException {
            out.write(bytes, offset, length);
            return length;
        }

        @Override
        public int putQuotedUTF8(ByteBuffer buffer) {
            throw new UnsupportedOperationException("raw JSON is written unquoted");
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer buffer) {
            if (buffer.remaining() < length) return -1;
            buffer.put(bytes, offset, length);
            return length;
        }
    }
}
