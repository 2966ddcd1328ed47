package com.llatria.adapters.ai;

import com.llatria.domain.ai.PerceptualHash;
import com.llatria.domain.ai.Photo;
import org.junit.jupiter.api.Test;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

import static org.assertj.core.api.Assertions.assertThat;

class DifferenceHasherTest {
    private final DifferenceHasher hasher = new DifferenceHasher();

    /** A picture with structure: a diagonal gradient and a dark block, drawn at any size. */
    private static byte[] picture(int width, int height, boolean mirrored, String format) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setPaint(new GradientPaint(0, 0, Color.WHITE, width, height, Color.BLUE));
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        int x = mirrored ? width * 5 / 8 : width / 8;
        g.fillRect(x, height / 4, width / 4, height / 2);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, format, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private PerceptualHash hash(byte[] bytes) {
        return hasher.hash(new Photo(bytes, "image/jpeg")).orElseThrow();
    }

    @Test
    void the_same_picture_resized_and_re_encoded_hashes_within_a_few_bits() {
        PerceptualHash big = hash(picture(1600, 1200, false, "jpg"));
        PerceptualHash small = hash(picture(400, 300, false, "png"));

        assertThat(big.distance(small)).isLessThanOrEqualTo(6);
    }

    @Test
    void a_different_picture_is_far_away() {
        assertThat(hash(picture(800, 600, false, "jpg")).distance(hash(picture(800, 600, true, "jpg")))).isGreaterThan(10);
    }

    @Test
    void bytes_that_are_not_an_image_have_no_hash() {
        assertThat(hasher.hash(new Photo(new byte[]{(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2}, "image/jpeg"))).isEmpty();
    }

    @Test
    void a_photo_declaring_too_many_pixels_is_refused_from_its_header_and_never_decoded() {
        for (int[] size : new int[][]{{50_000_000, 1}, {1, 50_000_000}, {16_000_000, 3}, {20_001, 10}, {8_000, 8_000}}) {
            Photo bomb = new Photo(com.llatria.adapters.ai.fake.HostilePhotos.pngDeclaring(size[0], size[1]), "image/png");

            assertThat(hasher.refusal(bomb)).as("%d x %d", size[0], size[1]).hasValueSatisfying(r -> assertThat(r).contains("declares"));
            assertThat(hasher.hash(bomb)).isEmpty();
        }
        assertThat(hasher.refusal(new Photo(picture(640, 480, false, "jpg"), "image/jpeg"))).isEmpty();
        assertThat(hasher.refusal(new Photo(com.llatria.adapters.ai.fake.HostilePhotos.pngDeclaring(20_000, 2_500), "image/png"))).isEmpty();
    }
}
