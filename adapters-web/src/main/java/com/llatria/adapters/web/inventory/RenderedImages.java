package com.llatria.adapters.web.inventory;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.core.util.ByteArrayBuilder;
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

/**
 * The {@code images} array of photos rendered ahead: their bytes with the store's address prefix,
 * escaped as the generator escapes it, in place of each marker. Escaping is per character, so the
 * escaped prefix followed by the escaped key is the escaped address: the bytes are what
 * {@link ItemJson} writes for the same photos (ItemJsonWriterTest, PulledPhotosTest).
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
        byte[] prefix = escaped(rendered.urlPrefix());
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

    /** Writes the array as the value the generator expects next. */
    static void write(JsonGenerator out, RenderedPhotoViews rendered) throws IOException {
        out.writeRawValue(new Raw(bytes(rendered)));
    }

    /** The same photos as {@link ImageJson}s, for the REST answers that write through records. */
    static List<ImageJson> images(RenderedPhotoViews rendered) {
        try {
            return Json.MAPPER.readValue(bytes(rendered), IMAGES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static final TypeReference<List<ImageJson>> IMAGES = new TypeReference<>() {
    };

    private static byte[] escaped(String prefix) {
        Prefix known = last;
        if (known.text().equals(prefix)) return known.escaped();
        ByteArrayBuilder bytes = new ByteArrayBuilder(prefix.length() + 8);
        try (JsonGenerator out = Json.MAPPER.createGenerator(bytes)) {
            out.writeString(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] quoted = bytes.toByteArray();
        byte[] escaped = Arrays.copyOfRange(quoted, 1, quoted.length - 1);
        last = new Prefix(prefix, escaped);
        return escaped;
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
