package com.llatria.adapters.ai.fake;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/** Photos built to hurt: small files that declare enormous images. */
public final class HostilePhotos {
    private HostilePhotos() {
    }

    /**
     * A PNG header declaring {@code width} x {@code height} 16-bit RGBA pixels, with a few rows of
     * real (zero) data after it: a few hundred bytes that a decoder would try to turn into up to
     * gigabytes. Only the header is ever needed to refuse it.
     */
    public static byte[] pngDeclaring(int width, int height) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[]{(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(width).putInt(height).put((byte) 16).put((byte) 6)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        Deflater deflater = new Deflater();
        deflater.setInput(new byte[4096]);
        deflater.finish();
        byte[] compressed = new byte[8192];
        int length = deflater.deflate(compressed);
        deflater.end();
        chunk(out, "IDAT", java.util.Arrays.copyOf(compressed, length));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
        byte[] name = type.getBytes(StandardCharsets.US_ASCII);
        out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
        out.writeBytes(name);
        out.writeBytes(data);
        CRC32 crc = new CRC32();
        crc.update(name);
        crc.update(data);
        out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
