package com.llatria.adapters.web.photos;

import com.llatria.adapters.web.Json;
import com.llatria.adapters.web.RequestContext;
import com.llatria.adapters.web.inventory.InventoryRoutes;
import com.llatria.application.InvalidInput;
import com.llatria.application.photos.ItemPhotos;
import com.llatria.application.photos.PhotoTooLarge;
import com.llatria.application.photos.PhotoUpload;
import com.llatria.application.photos.PhotoView;
import com.llatria.domain.image.ImageFormat;
import com.llatria.domain.image.ImageId;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;

import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** /api/inventory/:id/images, and /files/* when the server keeps the photos itself. */
public final class PhotoRoutes {
    private final ItemPhotos photos;

    public PhotoRoutes(ItemPhotos photos) {
        this.photos = photos;
    }

    public void upload(Context ctx, RequestContext request) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase().startsWith("multipart/form-data")) {
            throw InvalidInput.of("body", "send the photos as multipart/form-data, one part per file");
        }
        List<UploadedFile> files;
        try {
            files = ctx.uploadedFiles();
        } catch (RuntimeException e) {
            // The servlet container refuses parts over its own (larger) limit before we see them.
            throw new PhotoTooLarge("a file", ItemPhotos.MAX_BYTES + 1, ItemPhotos.MAX_BYTES);
        }
        List<PhotoUpload> uploads = files.stream().map(file -> new PhotoUpload(file.filename(), file.size(), () -> {
            try (InputStream in = file.content()) {
                return in.readAllBytes();
            }
        })).toList();
        List<PhotoView> added = photos.add(request.user(), request.device(), InventoryRoutes.itemId(ctx), uploads);
        Json.respond(ctx, 201, Map.of("images", added.stream().map(ImageJson::from).toList()));
    }

    public void delete(Context ctx, RequestContext request) {
        photos.delete(request.user(), request.device(), InventoryRoutes.itemId(ctx), imageId(ctx.pathParam("imageId"), "imageId"));
        ctx.status(204);
    }

    record ReorderRequest(List<String> imageIds) {
    }

    public void reorder(Context ctx, RequestContext request) {
        ReorderRequest body = Json.read(ctx, ReorderRequest.class);
        if (body.imageIds() == null) throw InvalidInput.of("imageIds", "is required: every photo id of the item, in the new order");
        List<ImageId> order = body.imageIds().stream().map(id -> imageId(id, "imageIds")).toList();
        List<PhotoView> reordered = photos.reorder(request.user(), request.device(), InventoryRoutes.itemId(ctx), order);
        Json.respond(ctx, 200, Map.of("images", reordered.stream().map(ImageJson::from).toList()));
    }

    /** Serves a stored photo. Keys hold a random photo id, and photos are public by nature: marketplaces fetch them. */
    public void file(Context ctx) {
        String key = ctx.pathParam("key");
        byte[] bytes = photos.file(key).orElse(null);
        if (bytes == null) {
            ctx.status(404);
            return;
        }
        String mediaType = Arrays.stream(ImageFormat.values()).filter(f -> key.endsWith("." + f.extension()))
                .map(ImageFormat::mediaType).findFirst().orElse("application/octet-stream");
        ctx.header("Cache-Control", "public, max-age=31536000, immutable");
        ctx.contentType(mediaType).result(bytes);
    }

    private static ImageId imageId(String text, String field) {
        try {
            return new ImageId(UUID.fromString(text));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw InvalidInput.of(field, "must hold photo ids (UUIDs)");
        }
    }
}
