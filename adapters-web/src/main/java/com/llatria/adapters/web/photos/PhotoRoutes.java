package com.llatria.adapters.web.photos;

import com.llatria.adapters.web.Json;
import com.llatria.adapters.web.Problems;
import com.llatria.application.Text;
import com.llatria.domain.image.ImageVariant;
import com.llatria.adapters.web.Preconditions;
import com.llatria.adapters.web.RequestContext;
import com.llatria.adapters.web.inventory.InventoryRoutes;
import com.llatria.application.FieldError;
import com.llatria.application.InvalidInput;
import com.llatria.application.UseCaseException;
import com.llatria.application.photos.ItemPhotos;
import com.llatria.application.photos.PhotoTooLarge;
import com.llatria.application.photos.PhotoUpload;
import com.llatria.domain.image.ImageFormat;
import com.llatria.domain.image.ImageId;
import io.javalin.http.Context;
import io.javalin.http.UploadedFile;

import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** /api/inventory/:id/images, and /files/* when the server keeps the photos itself. */
public final class PhotoRoutes {
    /**
     * The most one upload request may carry, all files together: a few full-size photos or a
     * phone's usual batch. Parts beyond a small size wait on disk, not on the heap, and only the
     * photo workers (a fixed few) ever hold a file's bytes; this caps the disk and the time too.
     */
    public static final long MAX_REQUEST_BYTES = 100L * 1024 * 1024;
    private final ItemPhotos photos;

    public PhotoRoutes(ItemPhotos photos) {
        this.photos = photos;
    }

    public void upload(Context ctx, RequestContext request) {
        String type = ctx.contentType();
        if (type == null || !type.toLowerCase().startsWith("multipart/form-data")) {
            throw InvalidInput.of("body", "send the photos as multipart/form-data, one part per file");
        }
        if (ctx.contentLength() > MAX_REQUEST_BYTES) throw requestTooLarge();
        List<UploadedFile> files = parts(ctx);
        for (UploadedFile file : files) {
            if (!Text.isAcceptable(file.filename())) throw InvalidInput.of("files", "file names " + Text.REASON);
        }
        List<PhotoUpload> uploads = files.stream().map(file -> new PhotoUpload(file.filename(), file.size(), () -> {
            try (InputStream in = file.content()) {
                return in.readAllBytes();
            }
        })).toList();
        ItemPhotos.PhotoChange added = photos.add(request.user(), request.device(), InventoryRoutes.itemId(ctx), uploads,
                Preconditions.expected(ctx, Optional.empty()));
        respond(ctx, 201, added);
    }

    public void delete(Context ctx, RequestContext request) {
        long version = photos.delete(request.user(), request.device(), InventoryRoutes.itemId(ctx),
                imageId(ctx.pathParam("imageId"), "imageId"), Preconditions.expected(ctx, Optional.empty()));
        ctx.header("ETag", Preconditions.etag(version));
        ctx.status(204);
    }

    record ReorderRequest(List<String> imageIds) {
    }

    public void reorder(Context ctx, RequestContext request) {
        ReorderRequest body = Json.read(ctx, ReorderRequest.class);
        if (body.imageIds() == null) throw InvalidInput.of("imageIds", "is required: every photo id of the item, in the new order");
        List<ImageId> order = body.imageIds().stream().map(id -> imageId(id, "imageIds")).toList();
        respond(ctx, 200, photos.reorder(request.user(), request.device(), InventoryRoutes.itemId(ctx), order,
                Preconditions.expected(ctx, Optional.empty())));
    }

    /** The photos, and the item's new ETag and version: a photo change is a new version of the item. */
    private static void respond(Context ctx, int status, ItemPhotos.PhotoChange change) {
        ctx.header("ETag", Preconditions.etag(change.itemVersion()));
        Json.respond(ctx, status, Map.of("images", change.photos().stream().map(ImageJson::from).toList(),
                "itemVersion", change.itemVersion()));
    }

    /**
     * The parts of a multipart body. The container refuses a malformed body (no or another
     * boundary, truncated, a part without headers) and one over its limits with an exception:
     * the first is the client's 400, the second a 413, never a 500.
     */
    private static List<UploadedFile> parts(Context ctx) {
        try {
            return ctx.uploadedFiles();
        } catch (Exception e) {
            if (tooLarge(e)) {
                String message = String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT);
                if (message.contains("request")) throw requestTooLarge();
                throw new PhotoTooLarge("a file", ItemPhotos.MAX_BYTES + 1, ItemPhotos.MAX_BYTES);
            }
            throw InvalidInput.of("body", "is not valid multipart/form-data (send one part per file, with a boundary)");
        }
    }

    private static UseCaseException requestTooLarge() {
        String detail = "an upload may carry at most " + MAX_REQUEST_BYTES / (1024 * 1024) + " MB in all; send the photos in several requests";
        return new UseCaseException(UseCaseException.Kind.TOO_LARGE, "too-large", "Upload too large", detail)
                .withErrors(List.of(new FieldError("files", detail)));
    }

    private static boolean tooLarge(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof org.eclipse.jetty.http.HttpException h && h.getCode() == 413) return true;
            if (t instanceof io.javalin.http.HttpResponseException h && h.getStatus() == 413) return true;
            String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(java.util.Locale.ROOT);
            if (message.contains("max") && (message.contains("size") || message.contains("exceed"))) return true;
        }
        return false;
    }

    /** Only our own keys ({@link ItemImage#key}) name files; anything else is not found without asking the store. */
    private static final Pattern KEY;

    static {
        String uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
        String variants = Arrays.stream(ImageVariant.values()).map(ImageVariant::keyName).collect(Collectors.joining("|"));
        String extensions = Arrays.stream(ImageFormat.values()).map(ImageFormat::extension).collect(Collectors.joining("|"));
        KEY = Pattern.compile("users/" + uuid + "/inventory/" + uuid + "/(" + variants + ")_[0-9]{1,19}_" + uuid + "\\.(" + extensions + ")");
    }

    /** Serves a stored photo. Keys hold a random photo id, and photos are public by nature: marketplaces fetch them. */
    public void file(Context ctx) {
        String key = ctx.pathParam("key");
        byte[] bytes = KEY.matcher(key).matches() ? photos.file(key).orElse(null) : null;
        if (bytes == null) {
            Problems.send(ctx, Problems.forStatus(404, null, ctx.path()));
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
