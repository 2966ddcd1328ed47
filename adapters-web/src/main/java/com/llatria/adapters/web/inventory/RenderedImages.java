package com.llatria.adapters.web.inventory;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
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
import java.nio.ByteBuffer;
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

    static byte[] bytes(RenderedPhotoViews rendered) {
        byte[] source = rendered.photos().utf8();
        if (rendered.urlPrefix().isEmpty()) return addressed(source, rendered.address());
        byte[] prefix = escaped(rendered.urlPrefix().get());
        int markers = 0;
        for (byte b : source) if (b == RenderedPhotos.PREFIX) markers++;
        if (markers == 0) return source;
        byte[] out = new byte[source.length + markers * (prefix.length - 1)];
        int from = 0, at = 0;
        for (int i = 0; i < source.length; i++) {
            if (source[i] != RenderedPhotos.PREFIX) continue;
            System.arraycopy(source, from, out, at, i - from);
            at += i - from;
            System.arraycopy(prefix, 0, out, at, prefix.length);
            at += prefix.length;
            from = i + 1;
        }
        System.arraycopy(source, from, out, at, source.length - from);
        return out;
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

    /** Writes the array as the value the generator expects next. */
    static void write(JsonGenerator out, RenderedPhotoViews rendered) throws IOException {
        out.writeRawValue(new Raw(bytes(rendered)));
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

    /** UTF-8 bytes the generator copies as they are. */
    private record Raw(byte[] utf8) implements SerializableString {
        @Override
        public String getValue() {
            return new String(utf8, StandardCharsets.UTF_8);
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
            return utf8;
        }

        @Override
        public byte[] asQuotedUTF8() {
            throw new UnsupportedOperationException("raw JSON is written unquoted");
        }

        @Override
        public int appendQuotedUTF8(byte[] buffer, int offset) {
            throw new UnsupportedOperationException("raw JSON is written unquoted");
        }

        @Override
        public int appendQuoted(char[] buffer, int offset) {
            throw new UnsupportedOperationException("raw JSON is written unquoted");
        }

        @Override
        public int appendUnquotedUTF8(byte[] buffer, int offset) {
            if (offset + utf8.length > buffer.length) return -1;
            System.arraycopy(utf8, 0, buffer, offset, utf8.length);
            return utf8.length;
        }

        @Override
        public int appendUnquoted(char[] buffer, int offset) {
            String value = getValue();
            if (offset + value.length() > buffer.length) return -1;
            value.getChars(0, value.length(), buffer, offset);
            return value.length();
        }

        @Override
        public int writeQuotedUTF8(OutputStream out) {
            throw new UnsupportedOperationException("raw JSON is written unquoted");
        }

        @Override
        public int writeUnquotedUTF8(OutputStream out) throws IOException {
            out.write(utf8);
            return utf8.length;
        }

        @Override
        public int putQuotedUTF8(ByteBuffer buffer) {
            throw new UnsupportedOperationException("raw JSON is written unquoted");
        }

        @Override
        public int putUnquotedUTF8(ByteBuffer buffer) {
            if (buffer.remaining() < utf8.length) return -1;
            buffer.put(utf8);
            return utf8.length;
        }
    }
}
